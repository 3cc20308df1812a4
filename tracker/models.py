"""Every model, imported in one place so that Alembic and the shell see the whole schema."""
from tracker.accounts.models import PasswordLink, User, user_body
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
from tracker.candidates.models import Candidacy, Person
from tracker.elections.models import Contest, ContestHalt, Election, Route, Stage
from tracker.nominations.models import Nomination
from tracker.pledges.models import (
    Pledge,
    PledgeDecline,
    PledgeInvitation,
    PledgeSignature,
    PledgeVersion,
    pledge_contest,
)
from tracker.results.models import BallotSnapshot, DeclaredResult, StoredCount
from tracker.slates.models import Organisation, Slate, SlateVersion
from tracker.suspensions.models import Suspension
from tracker.voices.models import (
    Answer,
    CandidateStatement,
    HustingsModerator,
    ListeningExercise,
    ListeningExport,
    ListeningResponse,
    Question,
    QuestionAsker,
)

__all__ = [
    "Appeal", "ConsentEvent", "ConsentText", "Erasure", "ShareExport", "ShareExportEntry", "Signature", "Supporter",
    "SupporterLink",
    "Answer", "CandidateStatement", "HustingsModerator", "ListeningExercise", "ListeningExport",
    "ListeningResponse", "PledgeDecline", "PledgeInvitation", "PledgeVersion", "Question", "QuestionAsker",
    "pledge_contest",
    "AuditEvent", "BallotSnapshot", "Candidacy", "Contest", "ContestHalt", "DeclaredResult", "Election",
    "NominatingBody", "Nomination", "Organisation", "PasswordLink", "Person", "Pledge", "PledgeSignature", "Route",
    "Slate", "SlateVersion", "Stage", "StoredCount", "Suspension", "User", "user_body",
]
