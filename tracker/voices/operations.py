"""Writing a candidate's voice: their statement and links, and members' questions — suggested, confirmed by the
asker's emailed link, moderated (published, merged, rejected with a reason) and answered by each candidate."""
from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import select

from tracker import types as clock
from tracker.accounts.models import User
from tracker.accounts.operations import EMAIL
from tracker.accounts.permissions import is_admin
from tracker.audit.operations import record
from tracker.ballot import judging
from tracker.bodies.models import NominatingBody
from tracker.candidates.models import Person
from tracker.elections.models import Contest
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.mail import send_mail
from tracker.mail.links import absolute_url, hash_token, new_token
from tracker.vocabulary import AuditAction, QuestionStatus, VerdictStatus
from tracker.voices.models import Answer, CandidateStatement, HustingsModerator, Question, QuestionAsker
from tracker.web.markdown import has_markup

MAX_STATEMENT = 10_000
MAX_LINKS = 10
MAX_QUESTION = 500
MAX_ANSWER = 5_000
MAX_NAME = 200
#: Verdicts of candidates no longer in the running: questions are not put to them.
OUT_OF_THE_RUNNING = (VerdictStatus.WITHDRAWN, VerdictStatus.ELIMINATED)


# --- statement and links -------------------------------------------------------------------------------------


def parse_links(text: str) -> tuple[list[dict], list[tuple[str, str]]]:
    """Links as typed, one a line: "Title https://…" (or the address alone); and the problems found."""
    links, problems = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        *words, url = line.split()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            problems.append(("links", f"Line {number}: {url!r} is not a web address (it must start with https:// or http://)."))
            continue
        links.append({"title": " ".join(words)[:200] or parts.netloc, "url": url[:1000]})
    if len(links) > MAX_LINKS:
        problems.append(("links", f"At most {MAX_LINKS} links."))
    return links, problems


def save_statement(person: Person, statement: str, links_text: str) -> CandidateStatement:
    """Keep the candidate's statement (Markdown) and links."""
    statement = (statement or "").strip()
    links, problems = parse_links(links_text)
    if len(statement) > MAX_STATEMENT:
        problems.append(("statement", f"The statement must be at most {MAX_STATEMENT:,} characters."))
    if problems:
        raise DomainError(problems)
    found = db.session.scalar(select(CandidateStatement).where(CandidateStatement.person_id == person.id))
    before = {"statement": found.statement, "links": found.links} if found else None
    if found is None:
        found = CandidateStatement(person_id=person.id)
        db.session.add(found)
    found.statement, found.links, found.updated_at = statement, links, clock.utcnow()
    record(AuditAction.STATEMENT_UPDATE, found, before=before, after={"statement": statement, "links": links},
           summary=f"{person.name} updated their statement")
    return found


# --- moderators ------------------------------------------------------------------------------------------------


def can_moderate(contest: Contest, user) -> bool:
    """An admin, or an organiser the admin named for this contest's hustings."""
    if is_admin(user):
        return True
    if not (user and user.is_authenticated and user.role == "organiser"):
        return False
    return db.session.scalar(select(HustingsModerator.id).where(
        HustingsModerator.contest_id == contest.id, HustingsModerator.user_id == user.id)) is not None


def name_moderator(contest: Contest, email: str) -> HustingsModerator:
    """Name an organiser to moderate this contest's questions."""
    user = db.session.scalar(select(User).where(User.email == (email or "").strip().lower()))
    if user is None or user.role != "organiser":
        raise DomainError([("email", f"{email!r} is not an organiser's account.")])
    if can_moderate(contest, user):
        raise DomainError([("email", f"{user.email} already moderates {contest.title}'s questions.")])
    named = HustingsModerator(contest_id=contest.id, user_id=user.id, named_at=clock.utcnow())
    db.session.add(named)
    record(AuditAction.HUSTINGS_NAME_MODERATOR, named, after={"email": user.email, "contest": contest.slug},
           summary=f"{user.email} named to moderate questions in {contest.title}",
           election_id=contest.election_id, contest_id=contest.id)
    return named


# --- questions ------------------------------------------------------------------------------------------------


def question_problems(text: str) -> list[tuple[str, str]]:
    if not text:
        return [("text", "Write the question.")]
    if len(text) > MAX_QUESTION:
        return [("text", f"A question must be at most {MAX_QUESTION} characters; this one has {len(text)}.")]
    if has_markup(text) or re.search(r"<\s*/?\s*[a-zA-Z!]", text):
        return [("text", "A question is plain words: take out the markup (such as <b> or <a href>).")]
    return []


def _body(contest: Contest, code: str) -> tuple[NominatingBody | None, list[tuple[str, str]]]:
    code = (code or "").strip()
    if not code:
        return None, []
    body = db.session.scalar(select(NominatingBody).where(NominatingBody.election_id == contest.election_id,
                                                          NominatingBody.code == code, NominatingBody.kind == "clp"))
    if body is None:
        return None, [("body", f"{code!r} is not a CLP's code in {contest.election.title}.")]
    return body, []


def person_problems(name: str, email: str) -> list[tuple[str, str]]:
    problems = []
    if not name:
        problems.append(("name", "Give your name."))
    elif len(name) > MAX_NAME:
        problems.append(("name", f"A name must be at most {MAX_NAME} characters."))
    if not EMAIL.match(email) or len(email) > 254:
        problems.append(("email", "Give an email address we can send the confirmation link to."))
    return problems


def suggest_question(contest: Contest, text: str, name: str, email: str, body_code: str = "",
                     confirmed_at: datetime | None = None) -> QuestionAsker:
    """A member suggests a question; it waits for their emailed link, then for a moderator. (`confirmed_at`: a
    question already confirmed elsewhere, as the demo loads them; no link is sent.)"""
    text, name, email = " ".join((text or "").split()), (name or "").strip(), (email or "").strip().lower()
    body, problems = _body(contest, body_code)
    problems = question_problems(text) + person_problems(name, email) + problems
    if problems:
        raise DomainError(problems)
    question = Question(contest_id=contest.id, text=text, status=QuestionStatus.SUGGESTED, suggested_at=clock.utcnow())
    token, hashed = new_token()
    asker = QuestionAsker(question=question, name=name, email=email, body=body, token_hash=hashed, asked_at=clock.utcnow(),
                          confirmed_at=confirmed_at)
    db.session.add_all([question, asker])
    record(AuditAction.QUESTION_SUGGEST, question, summary="A question was suggested",
           election_id=contest.election_id, contest_id=contest.id)
    if confirmed_at is None:
        send_mail(email, f"Confirm your question to the candidates for {contest.title}",
                     f"Hello {name},\n\nYou asked the candidates for {contest.title}:\n\n  {text}\n\n"
                     f"Confirm it by opening this link (it also shows what becomes of your question):\n\n"
                     f"{absolute_url('voices.asker_page', token=token)}\n\nIf you did not ask, ignore this message.")
    return asker


def asker_by_token(token: str) -> QuestionAsker:
    asker = db.session.scalar(select(QuestionAsker).where(QuestionAsker.token_hash == hash_token(token or "")))
    if asker is None:
        raise DomainError("This link is not known: it may have been mistyped.")
    return asker


def confirm_asker(token: str) -> QuestionAsker:
    """The asker's emailed link confirms their question (once; a second time changes nothing)."""
    asker = asker_by_token(token)
    if asker.confirmed_at is None:
        asker.confirmed_at = clock.utcnow()
        record(AuditAction.QUESTION_CONFIRM, asker.question, summary="A question's asker confirmed it",
               election_id=asker.question.contest.election_id, contest_id=asker.question.contest_id)
    return asker


def _moderation_problems(question: Question) -> list[tuple[str, str]]:
    if question.status != QuestionStatus.SUGGESTED:
        return [("", f"This question has already been {question.status}.")]
    if not any(a.confirmed_at for a in question.askers):
        return [("", "No asker has confirmed this question yet.")]
    return []


def publish_question(question: Question) -> Question:
    """Put the question to every candidate still in the running."""
    problems = _moderation_problems(question)
    if problems:
        raise DomainError(problems)
    question.status, question.published_at = QuestionStatus.PUBLISHED, clock.utcnow()
    question.moderated_at = question.published_at
    contest = question.contest
    record(AuditAction.QUESTION_PUBLISH, question, after={"text": question.text},
           summary=f"Question to the candidates for {contest.title}: {question.text}", public=True,
           election_id=contest.election_id, contest_id=contest.id)
    return question


def merge_question(duplicate: Question, into: Question) -> Question:
    """A duplicate joins the question it repeats: its askers are counted there."""
    problems = _moderation_problems(duplicate)
    if into.id == duplicate.id or into.contest_id != duplicate.contest_id:
        problems.append(("into", "Merge into another question of the same contest."))
    elif into.status not in (QuestionStatus.PUBLISHED, QuestionStatus.SUGGESTED):
        problems.append(("into", f"That question has been {into.status}: merge into a live one."))
    if problems:
        raise DomainError(problems)
    for asker in list(duplicate.askers):
        asker.question = into
    duplicate.status, duplicate.merged_into_id, duplicate.moderated_at = QuestionStatus.MERGED, into.id, clock.utcnow()
    record(AuditAction.QUESTION_MERGE, duplicate, after={"into": into.id},
           summary=f"A question was merged into question {into.id}",
           election_id=duplicate.contest.election_id, contest_id=duplicate.contest_id)
    return into


def reject_question(question: Question, reason: str) -> Question:
    """Refuse the question, with a reason the askers are shown (and sent)."""
    reason = (reason or "").strip()
    problems = _moderation_problems(question)
    if not reason:
        problems.append(("reason", "Give the reason the asker will be shown."))
    elif len(reason) > 1000:
        problems.append(("reason", "The reason must be at most 1,000 characters."))
    if problems:
        raise DomainError(problems)
    question.status, question.reject_reason, question.moderated_at = QuestionStatus.REJECTED, reason, clock.utcnow()
    record(AuditAction.QUESTION_REJECT, question, after={"reason": reason}, summary="A question was rejected",
           election_id=question.contest.election_id, contest_id=question.contest_id)
    for asker in question.askers:
        if asker.confirmed_at:
            send_mail(asker.email, f"Your question to the candidates for {question.contest.title}",
                         f"Hello {asker.name},\n\nYour question\n\n  {question.text}\n\nwas not published. "
                         f"The moderator's reason:\n\n  {reason}\n")
    return question


def in_the_running(contest: Contest, now=None, judged=None) -> dict[str, Person]:
    """The contest's candidates still in the running (neither withdrawn nor eliminated), by slug."""
    judged = judged or judging.judge(contest, now or clock.utcnow())
    keys = {v.key for v in judged.verdict.candidates if v.status not in OUT_OF_THE_RUNNING}
    people = db.session.scalars(select(Person).where(Person.slug.in_(keys))) if keys else []
    return {p.slug: p for p in people}


def answer_question(question: Question, person: Person, text: str) -> Answer:
    """The candidate's answer (one per question), dated; editable until the ballot opens, then frozen."""
    text = (text or "").strip()
    contest = question.contest
    now = clock.utcnow()
    problems = []
    if question.status != QuestionStatus.PUBLISHED:
        problems.append(("", "This question has not been published."))
    elif person.slug not in in_the_running(contest, now):
        problems.append(("", f"{person.name} is not a candidate in the running for {contest.title}."))
    if contest.ballot_opens_at is not None and now >= contest.ballot_opens_at:
        problems.append(("text", f"The ballot for {contest.title} has opened: answers are frozen."))
    if not text:
        problems.append(("text", "Write the answer."))
    elif len(text) > MAX_ANSWER:
        problems.append(("text", f"An answer must be at most {MAX_ANSWER:,} characters."))
    if problems:
        raise DomainError(problems)
    answer = db.session.scalar(select(Answer).where(Answer.question_id == question.id, Answer.person_id == person.id))
    if answer is None:
        answer = Answer(question_id=question.id, person_id=person.id, text=text, answered_at=now)
        db.session.add(answer)
        action, summary = AuditAction.QUESTION_ANSWER, f"{person.name} answered: {question.text}"
        before = None
    else:
        before = {"text": answer.text}
        answer.text, answer.edited_at = text, now
        action, summary = AuditAction.QUESTION_ANSWER_EDIT, f"{person.name} edited their answer to: {question.text}"
    record(action, answer, before=before, after={"text": text, "question": question.id}, summary=summary, public=True,
           election_id=contest.election_id, contest_id=contest.id)
    return answer
