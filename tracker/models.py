"""Every model, imported in one place so that Alembic and the shell see the whole schema."""
from tracker.accounts.models import User, user_body
from tracker.appeals.models import (
    Appeal,
    ConsentEvent,
    ConsentText,
    Erasure,
    ShareExport,
    ShareExportEntry,
    Signature,
    Supporter,
    SupporterLink,
)
from tracker.audit.models import AuditEvent
from tracker.bodies.models import NominatingBody
from tracker.candidates.models import Candidacy, Person, Pledge, PledgeSignature
from tracker.elections.models import Contest, ContestHalt, Election, Route, Stage
from tracker.nominations.models import Nomination
from tracker.results.models import BallotSnapshot, DeclaredResult, StoredCount
from tracker.slates.models import Organisation, Slate, SlateVersion
from tracker.suspensions.models import Suspension

__all__ = [
    "Appeal", "ConsentEvent", "ConsentText", "Erasure", "ShareExport", "ShareExportEntry", "Signature", "Supporter",
    "SupporterLink",
    "AuditEvent", "BallotSnapshot", "Candidacy", "Contest", "ContestHalt", "DeclaredResult", "Election",
    "NominatingBody", "Nomination", "Organisation", "Person", "Pledge", "PledgeSignature", "Route",
    "Slate", "SlateVersion", "Stage", "StoredCount", "Suspension", "User", "user_body",
]
