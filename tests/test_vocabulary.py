"""The vocabulary: its stored values stay as the database and the API have them, and its helpers hold."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tracker.rules.text import noun
from tracker.vocabulary import (
    ACTIVE_STATUSES,
    COUNTING_STATUSES,
    SLUG,
    AuditAction,
    AuditObject,
    BodyKind,
    NominationStatus,
    SuspensionOutcome,
    VerdictStatus,
    slugify,
    sql_list,
    verdict_words,
)

#: Every audit action and the object type its events are stored with, as rows written before the vocabulary
#: existed have them: the public feeds and the ?since= lists filter on these strings.
STORED_AUDIT = {
    "appeal.publish": "appeal",
    "appeal.close": "appeal",
    "appeal.reopen": "appeal",
    "appeal.export": "share_export",
    "appeal.release_held": "appeal",
    "supporter.erase": "supporter",
    "ballot.freeze": "ballotsnapshot",
    "ballot.reissue": "ballotsnapshot",
    "body.create": "nominatingbody",
    "body.update": "nominatingbody",
    "candidacy.create": "candidacy",
    "candidacy.update": "candidacy",
    "candidacy.withdraw": "candidacy",
    "candidacy.reinstate": "candidacy",
    "contest.create": "contest",
    "contest.update": "contest",
    "contest.delete": "contest",
    "contest.halt": "contesthalt",
    "contest.resume": "contesthalt",
    "count.store": "storedcount",
    "count.withdraw": "storedcount",
    "election.create": "election",
    "election.update": "election",
    "election.import": "election",
    "nomination.create": "nomination",
    "nomination.correct": "nomination",
    "nomination.withdraw": "nomination",
    "nomination.verify": "nomination",
    "nomination.reject": "nomination",
    "organisation.create": "organisation",
    "organisation.update": "organisation",
    "person.create": "person",
    "result.declare": "declaredresult",
    "result.correct": "declaredresult",
    "slate.save_draft": "slate",
    "slate.publish": "slate_version",
    "suspension.create": "suspension",
    "suspension.update": "suspension",
    "suspension.delete": "suspension",
    "suspension.lifted": "suspension",
    "suspension.overturned": "suspension",
    "suspension.expelled": "suspension",
    "user.create": "user",
    "user.password": "user",
    "user.disable": "user",
    "user.enable": "user",
    "user.update": "user",
    "user.password_link": "user",
    "pledge.publish": "pledge",
    "pledge.new_version": "pledge_version",
    "pledge.edit": "pledge_version",
    "pledge.invite": "pledge_invitation",
    "pledge.sign": "pledge_signature",
    "pledge.record_signature": "pledge_signature",
    "pledge.decline": "pledge_decline",
    "statement.update": "candidate_statement",
    "question.suggest": "question",
    "question.confirm": "question",
    "question.publish": "question",
    "question.merge": "question",
    "question.reject": "question",
    "question.answer": "answer",
    "question.answer_edit": "answer",
    "hustings.name_moderator": "hustings_moderator",
    "listening.publish": "listening_exercise",
    "listening.respond": "listening_response",
    "listening.confirm": "listening_response",
    "listening.export": "listening_export",
}


def test_stored_values_are_the_ones_the_database_holds():
    assert [s.value for s in NominationStatus] == ["submitted", "verified", "rejected", "withdrawn"]
    assert ACTIVE_STATUSES == COUNTING_STATUSES == ("submitted", "verified")
    assert [k.value for k in BodyKind] == ["mp", "clp", "affiliate"]
    assert [o.value for o in SuspensionOutcome] == ["lifted", "overturned", "expelled"]
    assert {v.value for v in VerdictStatus} == {
        "withdrawn", "suspended", "eliminated", "in_progress", "qualified", "on_ballot"
    }


def test_every_audit_action_keeps_its_stored_strings():
    assert {action.value: action.object_type.value for action in AuditAction} == STORED_AUDIT
    assert all(isinstance(action.object_type, AuditObject) for action in AuditAction)


def test_every_audit_object_type_is_used_by_an_action():
    assert {action.object_type for action in AuditAction} == set(AuditObject)


def test_a_suspension_ending_is_named_by_its_outcome():
    assert [AuditAction.suspension_ended(o) for o in SuspensionOutcome] == [
        AuditAction.SUSPENSION_LIFTED, AuditAction.SUSPENSION_OVERTURNED, AuditAction.SUSPENSION_EXPELLED
    ]
    with pytest.raises(ValueError):
        AuditAction.suspension_ended("forgiven")


def test_body_kinds_have_their_nouns_and_the_rules_use_them():
    assert [(k.singular, k.plural) for k in BodyKind] == [("MP", "MPs"), ("CLP", "CLPs"), ("affiliate", "affiliates")]
    for kind in BodyKind:
        assert noun(kind, 1) == kind.singular and noun(kind, 2) == kind.plural


def test_verdict_words_read_as_the_pages_show_them():
    assert verdict_words("on_ballot") == "on the ballot"
    assert verdict_words(VerdictStatus.IN_PROGRESS) == "in progress"
    assert verdict_words("eliminated") == "eliminated"
    assert verdict_words("through") == "through"  # a stage's word, not a verdict: shown as it is
    assert verdict_words(None) == ""


def test_values_are_plain_strings_wherever_they_go():
    assert f"{NominationStatus.VERIFIED}" == str(NominationStatus.VERIFIED) == "verified"
    assert ",".join(COUNTING_STATUSES) == "submitted,verified"
    assert sql_list(BodyKind) == "('mp', 'clp', 'affiliate')"


@pytest.mark.parametrize("slug", ["leader", "nec-2025", "grassroots-left", "2026", "a1-b2-c3"])
def test_the_slug_rule_takes(slug):
    assert SLUG.match(slug)


@pytest.mark.parametrize("slug", ["", "Leader", "red front", "red_front", "-left", "left-", "left--wing", "sián"])
def test_the_slug_rule_refuses(slug):
    assert not SLUG.match(slug)


@pytest.mark.parametrize("name", ["Siân O'Neill", "Jo  Bloggs", "Dee-Dee Okafor", "Ngũgĩ wa Thiong’o", "Ян"])
def test_slugify_makes_what_the_slug_rule_takes(name):
    assert SLUG.match(slugify(name))


def test_slugify_without_a_letter_or_digit_gives_the_fallback():
    assert slugify("Ян") == "person"
    assert slugify("!!", fallback="organisation") == "organisation"


def test_the_vocabulary_is_pure():
    """The rules core imports it, so it may import nothing but the standard library."""
    tree = ast.parse(Path(__file__).parents[1].joinpath("tracker", "vocabulary.py").read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported <= {"__future__", "enum", "re", "unicodedata"}


def test_record_refuses_a_plain_string_so_no_caller_can_bypass_the_vocabulary(app):
    from tracker.audit.models import AuditEvent
    from tracker.audit.operations import record
    from tracker.extensions import db

    with pytest.raises(TypeError, match="AuditAction"):
        record("nomination.create", summary="a stray event")
    assert db.session.query(AuditEvent).count() == 0
    event = record(AuditAction.CONTEST_HALT, summary="a halt")
    assert (event.action, event.object_type) == ("contest.halt", "contesthalt")
