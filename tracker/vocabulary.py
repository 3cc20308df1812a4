"""The tracker's words, each written once: statuses, body kinds, the slug rule and audit actions.

Pure: standard library only, so that the rules core imports it as freely as the models, forms, importers,
serializers, templates and the OpenAPI document do. The values are what the database stores and the API
shows: changing one is a data migration, not an edit here.
"""
from __future__ import annotations

import enum
import re
import unicodedata

__all__ = [
    "ACTIVE_STATUSES",
    "COUNTING_STATUSES",
    "SLUG",
    "SLUG_RULE",
    "AuditAction",
    "AuditObject",
    "BodyKind",
    "ConsentEventKind",
    "NominationStatus",
    "SignatureStatus",
    "PledgeState",
    "QuestionStatus",
    "RespondentRole",
    "SuspensionOutcome",
    "VerdictStatus",
    "slugify",
    "sql_list",
    "verdict_words",
]


def sql_list(values) -> str:
    """Words as an SQL list for a CHECK constraint: ``('mp', 'clp', 'affiliate')`` (no word holds a quote)."""
    return "(" + ", ".join(f"'{value}'" for value in values) + ")"


# --- Nominations ---------------------------------------------------------------------------------


class NominationStatus(enum.StrEnum):
    """Where one nomination stands: logged, checked and accepted, refused, or taken back by its body."""

    SUBMITTED = "submitted"
    VERIFIED = "verified"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


#: Statuses in which a nomination uses one of its body's places in a contest (rejected and withdrawn ones do not).
ACTIVE_STATUSES = (NominationStatus.SUBMITTED, NominationStatus.VERIFIED)
#: The statuses that count towards a contest's thresholds unless its definition lists fewer; it may list only these.
COUNTING_STATUSES = ACTIVE_STATUSES


# --- Nominating bodies ---------------------------------------------------------------------------


class BodyKind(enum.StrEnum):
    """A kind of nominating body, with its nouns: ``BodyKind.CLP.singular`` is "CLP", ``.plural`` "CLPs"."""

    singular: str
    plural: str

    def __new__(cls, value: str, singular: str, plural: str) -> BodyKind:
        member = str.__new__(cls, value)
        member._value_ = value
        member.singular, member.plural = singular, plural
        return member

    MP = "mp", "MP", "MPs"
    CLP = "clp", "CLP", "CLPs"
    AFFILIATE = "affiliate", "affiliate", "affiliates"


# --- Candidates' verdicts ------------------------------------------------------------------------


class VerdictStatus(enum.StrEnum):
    """A candidate's standing in a contest as the rules judge it, with the words the pages show for it."""

    words: str

    def __new__(cls, value: str, words: str) -> VerdictStatus:
        member = str.__new__(cls, value)
        member._value_ = value
        member.words = words
        return member

    WITHDRAWN = "withdrawn", "withdrawn"
    SUSPENDED = "suspended", "suspended"
    ELIMINATED = "eliminated", "eliminated"
    IN_PROGRESS = "in_progress", "in progress"
    #: Has met every stage so far, with stages still to come.
    QUALIFIED = "qualified", "qualified"
    ON_BALLOT = "on_ballot", "on the ballot"


def verdict_words(status: str | None) -> str:
    """The words shown for a verdict status ("on the ballot" for on_ballot); any other word as it is."""
    try:
        return VerdictStatus(status).words
    except ValueError:
        return status or ""


# --- Suspensions ---------------------------------------------------------------------------------


class SuspensionOutcome(enum.StrEnum):
    """How a suspension ended: lifted, overturned on appeal, or expelled (out for good)."""

    LIFTED = "lifted"
    OVERTURNED = "overturned"
    EXPELLED = "expelled"


# --- Appeals -------------------------------------------------------------------------------------


class SignatureStatus(enum.StrEnum):
    """Where a signature of an appeal stands: only `confirmed` ones count."""

    PENDING = "pending"  # waiting for its emailed link to be confirmed
    CONFIRMED = "confirmed"
    HELD = "held"  # over a rate limit: kept aside, not counted, shown to the organiser
    WITHDRAWN = "withdrawn"


class ConsentEventKind(enum.StrEnum):
    """What a supporter did with one consent choice; each is appended, none overwritten."""

    GIVEN = "given"
    REFUSED = "refused"  # asked, and left unticked
    WITHDRAWN = "withdrawn"
    ERASED = "erased"
# --- Candidates' voice: pledges, questions, listening ---------------------------------------------


class PledgeState(enum.StrEnum):
    """Where a candidate stands on a pledge: signed (a version), declined, asked without answering, or not asked."""

    SIGNED = "signed"
    DECLINED = "declined"
    INVITED = "invited"
    NOT_ASKED = "not_asked"


class QuestionStatus(enum.StrEnum):
    """A member's question: waiting for a moderator, published to the candidates, merged into another, rejected."""

    SUGGESTED = "suggested"
    PUBLISHED = "published"
    MERGED = "merged"
    REJECTED = "rejected"


class RespondentRole(enum.StrEnum):
    """Who answers a listening exercise, with the words shown for it."""

    words: str

    def __new__(cls, value: str, words: str) -> RespondentRole:
        member = str.__new__(cls, value)
        member._value_ = value
        member.words = words
        return member

    MEMBER = "member", "member"
    COUNCILLOR = "councillor", "councillor"
    AFFILIATE = "affiliate", "affiliate member"
    OTHER = "other", "other"


# --- Slugs ---------------------------------------------------------------------------------------

#: A slug names a thing in URLs and files: lower-case ASCII letters and digits, words joined by single hyphens.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: The slug rule in words, to end a sentence such as "the slug must be ...".
SLUG_RULE = "lower-case letters, digits and hyphens"


def slugify(text: str, fallback: str = "person") -> str:
    """A slug of a name: 'Siân O'Neill' -> 'sian-oneill' (`fallback` when no letter or digit is left)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or fallback


# --- The audit trail -----------------------------------------------------------------------------


class AuditObject(enum.StrEnum):
    """What an audit event is about, as stored in ``audit_event.object_type`` (some are old class names)."""

    BALLOT_SNAPSHOT = "ballotsnapshot"
    APPEAL = "appeal"
    BODY = "nominatingbody"
    CANDIDACY = "candidacy"
    CONTEST = "contest"
    CONTEST_HALT = "contesthalt"
    COUNT = "storedcount"
    ELECTION = "election"
    NOMINATION = "nomination"
    ORGANISATION = "organisation"
    PERSON = "person"
    PLEDGE = "pledge"
    PLEDGE_VERSION = "pledge_version"
    PLEDGE_INVITATION = "pledge_invitation"
    PLEDGE_SIGNATURE = "pledge_signature"
    PLEDGE_DECLINE = "pledge_decline"
    STATEMENT = "candidate_statement"
    QUESTION = "question"
    ANSWER = "answer"
    HUSTINGS_MODERATOR = "hustings_moderator"
    LISTENING_EXERCISE = "listening_exercise"
    LISTENING_RESPONSE = "listening_response"
    LISTENING_EXPORT = "listening_export"
    RESULT = "declaredresult"
    SLATE = "slate"
    SLATE_VERSION = "slate_version"
    SHARE_EXPORT = "share_export"
    SUPPORTER = "supporter"
    SUSPENSION = "suspension"
    USER = "user"


class AuditAction(enum.StrEnum):
    """Every act the audit trail records, as stored in ``audit_event.action``, with the object it is about."""

    object_type: AuditObject

    def __new__(cls, value: str, object_type: AuditObject) -> AuditAction:
        member = str.__new__(cls, value)
        member._value_ = value
        member.object_type = object_type
        return member

    APPEAL_PUBLISH = "appeal.publish", AuditObject.APPEAL
    APPEAL_CLOSE = "appeal.close", AuditObject.APPEAL
    APPEAL_REOPEN = "appeal.reopen", AuditObject.APPEAL
    APPEAL_EXPORT = "appeal.export", AuditObject.SHARE_EXPORT
    APPEAL_RELEASE_HELD = "appeal.release_held", AuditObject.APPEAL
    BALLOT_FREEZE = "ballot.freeze", AuditObject.BALLOT_SNAPSHOT
    BALLOT_REISSUE = "ballot.reissue", AuditObject.BALLOT_SNAPSHOT
    BODY_CREATE = "body.create", AuditObject.BODY
    BODY_UPDATE = "body.update", AuditObject.BODY
    CANDIDACY_CREATE = "candidacy.create", AuditObject.CANDIDACY
    CANDIDACY_UPDATE = "candidacy.update", AuditObject.CANDIDACY
    CANDIDACY_WITHDRAW = "candidacy.withdraw", AuditObject.CANDIDACY
    CANDIDACY_REINSTATE = "candidacy.reinstate", AuditObject.CANDIDACY
    CONTEST_CREATE = "contest.create", AuditObject.CONTEST
    CONTEST_UPDATE = "contest.update", AuditObject.CONTEST
    CONTEST_DELETE = "contest.delete", AuditObject.CONTEST
    CONTEST_HALT = "contest.halt", AuditObject.CONTEST_HALT
    CONTEST_RESUME = "contest.resume", AuditObject.CONTEST_HALT
    COUNT_STORE = "count.store", AuditObject.COUNT
    COUNT_WITHDRAW = "count.withdraw", AuditObject.COUNT
    ELECTION_CREATE = "election.create", AuditObject.ELECTION
    ELECTION_UPDATE = "election.update", AuditObject.ELECTION
    #: One CSV import (bodies, candidates, nominations or suspensions) as a whole; each row's change has its own event.
    ELECTION_IMPORT = "election.import", AuditObject.ELECTION
    NOMINATION_CREATE = "nomination.create", AuditObject.NOMINATION
    NOMINATION_CORRECT = "nomination.correct", AuditObject.NOMINATION
    NOMINATION_WITHDRAW = "nomination.withdraw", AuditObject.NOMINATION
    NOMINATION_VERIFY = "nomination.verify", AuditObject.NOMINATION
    NOMINATION_REJECT = "nomination.reject", AuditObject.NOMINATION
    ORGANISATION_CREATE = "organisation.create", AuditObject.ORGANISATION
    ORGANISATION_UPDATE = "organisation.update", AuditObject.ORGANISATION
    PERSON_CREATE = "person.create", AuditObject.PERSON
    PLEDGE_PUBLISH = "pledge.publish", AuditObject.PLEDGE
    PLEDGE_NEW_VERSION = "pledge.new_version", AuditObject.PLEDGE_VERSION
    PLEDGE_EDIT = "pledge.edit", AuditObject.PLEDGE_VERSION
    PLEDGE_INVITE = "pledge.invite", AuditObject.PLEDGE_INVITATION
    PLEDGE_SIGN = "pledge.sign", AuditObject.PLEDGE_SIGNATURE
    PLEDGE_RECORD_SIGNATURE = "pledge.record_signature", AuditObject.PLEDGE_SIGNATURE
    PLEDGE_DECLINE = "pledge.decline", AuditObject.PLEDGE_DECLINE
    STATEMENT_UPDATE = "statement.update", AuditObject.STATEMENT
    QUESTION_SUGGEST = "question.suggest", AuditObject.QUESTION
    QUESTION_CONFIRM = "question.confirm", AuditObject.QUESTION
    QUESTION_PUBLISH = "question.publish", AuditObject.QUESTION
    QUESTION_MERGE = "question.merge", AuditObject.QUESTION
    QUESTION_REJECT = "question.reject", AuditObject.QUESTION
    QUESTION_ANSWER = "question.answer", AuditObject.ANSWER
    QUESTION_ANSWER_EDIT = "question.answer_edit", AuditObject.ANSWER
    HUSTINGS_NAME_MODERATOR = "hustings.name_moderator", AuditObject.HUSTINGS_MODERATOR
    LISTENING_PUBLISH = "listening.publish", AuditObject.LISTENING_EXERCISE
    LISTENING_RESPOND = "listening.respond", AuditObject.LISTENING_RESPONSE
    LISTENING_CONFIRM = "listening.confirm", AuditObject.LISTENING_RESPONSE
    LISTENING_EXPORT = "listening.export", AuditObject.LISTENING_EXPORT
    RESULT_DECLARE = "result.declare", AuditObject.RESULT
    RESULT_CORRECT = "result.correct", AuditObject.RESULT
    SLATE_SAVE_DRAFT = "slate.save_draft", AuditObject.SLATE
    SLATE_PUBLISH = "slate.publish", AuditObject.SLATE_VERSION
    SUPPORTER_ERASE = "supporter.erase", AuditObject.SUPPORTER
    SUSPENSION_CREATE = "suspension.create", AuditObject.SUSPENSION
    SUSPENSION_UPDATE = "suspension.update", AuditObject.SUSPENSION
    SUSPENSION_DELETE = "suspension.delete", AuditObject.SUSPENSION
    SUSPENSION_LIFTED = "suspension.lifted", AuditObject.SUSPENSION
    SUSPENSION_OVERTURNED = "suspension.overturned", AuditObject.SUSPENSION
    SUSPENSION_EXPELLED = "suspension.expelled", AuditObject.SUSPENSION
    USER_CREATE = "user.create", AuditObject.USER
    USER_PASSWORD = "user.password", AuditObject.USER
    USER_DISABLE = "user.disable", AuditObject.USER
    USER_ENABLE = "user.enable", AuditObject.USER
    USER_UPDATE = "user.update", AuditObject.USER
    USER_PASSWORD_LINK = "user.password_link", AuditObject.USER

    @classmethod
    def suspension_ended(cls, outcome: SuspensionOutcome) -> AuditAction:
        """The act of ending a suspension with this outcome: suspension.lifted, .overturned or .expelled."""
        return cls(f"suspension.{SuspensionOutcome(outcome).value}")
