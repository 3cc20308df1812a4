"""A candidate's listening exercise: publishing its questions, members' responses (counted once confirmed by
their emailed link; private unless "may be published"), the public counts, and the campaign's recorded exports."""
from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import func, select

from tracker import types as clock
from tracker.audit.operations import record
from tracker.bodies.models import NominatingBody
from tracker.candidates.models import Person
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.mail import send_mail
from tracker.mail.links import absolute_url, hash_token, new_token
from tracker.vocabulary import SLUG, SLUG_RULE, AuditAction, RespondentRole, slugify
from tracker.voices.models import ListeningExercise, ListeningExport, ListeningResponse
from tracker.voices.operations import person_problems, question_problems

MAX_QUESTIONS = 10
MAX_RESPONSE = 3_000


def publish_exercise(person: Person, title: str, questions: list[str], opens_at: datetime, closes_at: datetime,
                     slug: str = "") -> ListeningExercise:
    title = (title or "").strip()
    questions = [" ".join(q.split()) for q in questions if q and q.strip()]
    slug = (slug or "").strip() or slugify(title, "listening")
    problems = []
    if not title:
        problems.append(("title", "Give the exercise a title."))
    if not questions:
        problems.append(("questions", "Ask at least one question (one a line)."))
    elif len(questions) > MAX_QUESTIONS:
        problems.append(("questions", f"At most {MAX_QUESTIONS} questions."))
    for q in questions:
        problems += [("questions", message) for _, message in question_problems(q)]
    if opens_at is None or closes_at is None or closes_at <= opens_at:
        problems.append(("closes_at", "The exercise must close after it opens."))
    if not SLUG.match(slug) or len(slug) > 80:
        problems.append(("slug", f"The address must be {SLUG_RULE}."))
    elif db.session.scalar(select(ListeningExercise.id).where(ListeningExercise.person_id == person.id,
                                                              ListeningExercise.slug == slug)):
        problems.append(("slug", f"You already have an exercise at {slug!r}."))
    if problems:
        raise DomainError(problems)
    exercise = ListeningExercise(person_id=person.id, slug=slug, title=title, questions=questions, opens_at=opens_at,
                                 closes_at=closes_at, created_at=clock.utcnow())
    db.session.add(exercise)
    record(AuditAction.LISTENING_PUBLISH, exercise, after={"title": title, "questions": questions},
           summary=f"{person.name} opened a listening exercise: {title}", public=True)
    return exercise


def respond(exercise: ListeningExercise, name: str, email: str, role: str, body_code: str, answers: list[str],
            may_publish: bool, confirmed_at: datetime | None = None) -> ListeningResponse:
    """A respondent's answers, waiting for their emailed link before they count (`confirmed_at`: already confirmed
    elsewhere, as the demo loads them; no link is sent)."""
    name, email = (name or "").strip(), (email or "").strip().lower()
    answers = [(a or "").strip() for a in answers][: len(exercise.questions)]
    answers += [""] * (len(exercise.questions) - len(answers))
    problems = person_problems(name, email)
    now = clock.utcnow()
    if not exercise.opens_at <= now < exercise.closes_at:
        problems.append(("", f"{exercise.title} is not open for answers now."))
    if role not in tuple(RespondentRole):
        problems.append(("role", "Say whether you answer as a member, a councillor, an affiliate member or other."))
    body = None
    if (body_code or "").strip():
        body = db.session.scalar(select(NominatingBody).where(NominatingBody.code == body_code.strip(),
                                                              NominatingBody.kind == "clp"))
        if body is None:
            problems.append(("body", f"{body_code.strip()!r} is not a CLP's code."))
    if not any(answers):
        problems.append(("answers", "Answer at least one question."))
    if any(len(a) > MAX_RESPONSE for a in answers):
        problems.append(("answers", f"Each answer must be at most {MAX_RESPONSE:,} characters."))
    if problems:
        raise DomainError(problems)
    token, hashed = new_token()
    response = ListeningResponse(exercise=exercise, name=name, email=email, role=role, body=body, answers=answers,
                                 may_publish=bool(may_publish), token_hash=hashed, submitted_at=now,
                                 confirmed_at=confirmed_at)
    db.session.add(response)
    record(AuditAction.LISTENING_RESPOND, response, summary=f"A response to {exercise.title} awaits confirmation")
    if confirmed_at is not None:
        return response
    send_mail(email, f"Confirm your answers to {exercise.person.name}: {exercise.title}",
                 f"Hello {name},\n\nConfirm your answers to {exercise.title} by opening this link:\n\n"
                 f"{absolute_url('voices.listening_confirm', token=token)}\n\nUntil you do, they are not counted.")
    return response


def response_by_token(token: str) -> ListeningResponse:
    found = db.session.scalar(select(ListeningResponse).where(ListeningResponse.token_hash == hash_token(token or "")))
    if found is None:
        raise DomainError("This link is not known: it may have been mistyped.")
    return found


def confirm_response(token: str) -> ListeningResponse:
    response = response_by_token(token)
    if response.confirmed_at is None:
        response.confirmed_at = clock.utcnow()
        record(AuditAction.LISTENING_CONFIRM, response, summary=f"A response to {response.exercise.title} was confirmed")
    return response


def confirmed(exercise_ids) -> list[ListeningResponse]:
    ids = sorted(set(exercise_ids))
    if not ids:
        return []
    return list(db.session.scalars(select(ListeningResponse).where(
        ListeningResponse.exercise_id.in_(ids), ListeningResponse.confirmed_at.is_not(None)).order_by(ListeningResponse.id)))


def summary(exercise: ListeningExercise, responses: list[ListeningResponse]) -> dict:
    """What the public sees: confirmed responses, counted by role and by region, and the
    answers their respondents allowed to be published."""
    mine = [r for r in responses if r.exercise_id == exercise.id]
    by_role = Counter(r.role for r in mine)
    regions = Counter((r.body.region if r.body is not None and r.body.region else "not given") for r in mine)
    by_region = dict(sorted(regions.items()))
    published = [
        {"question": exercise.questions[i], "text": text, "role": r.role,
         "region": r.body.region if r.body is not None and r.body.region else None}
        for r in mine if r.may_publish for i, text in enumerate(r.answers) if text and i < len(exercise.questions)
    ]
    return {"responses": len(mine), "by_role": {role.value: by_role.get(role.value, 0) for role in RespondentRole},
            "by_region": by_region, "published": published}


def exercises_of(person: Person) -> list[ListeningExercise]:
    return list(db.session.scalars(select(ListeningExercise).where(ListeningExercise.person_id == person.id)
                                   .order_by(ListeningExercise.opens_at, ListeningExercise.id)))


def export_rows(exercise: ListeningExercise, by) -> tuple[tuple, list[tuple]]:
    """The campaign's CSV of every confirmed response; the export itself is recorded (who, when, how many)."""
    rows = [
        (r.submitted_at, r.confirmed_at, r.name, r.email, r.role, r.body.code if r.body else "",
         r.body.region if r.body and r.body.region else "", "yes" if r.may_publish else "no", *r.answers)
        for r in confirmed([exercise.id])
    ]
    header = ("submitted_at", "confirmed_at", "name", "email", "role", "clp", "region", "may_publish",
              *[f"answer_{i}" for i in range(1, len(exercise.questions) + 1)])
    export = ListeningExport(exercise_id=exercise.id, user_id=by.id, exported_at=clock.utcnow(), rows=len(rows))
    db.session.add(export)
    record(AuditAction.LISTENING_EXPORT, export, after={"exercise": exercise.slug, "rows": len(rows)},
           summary=f"{by.email} exported {len(rows)} responses to {exercise.title}")
    return header, rows


def exports_of(exercise: ListeningExercise) -> list[ListeningExport]:
    return list(db.session.scalars(select(ListeningExport).where(ListeningExport.exercise_id == exercise.id)
                                   .order_by(ListeningExport.exported_at.desc())))


def counts_by_exercise(exercise_ids) -> dict[int, int]:
    ids = sorted(set(exercise_ids))
    if not ids:
        return {}
    return dict(db.session.execute(select(ListeningResponse.exercise_id, func.count()).where(
        ListeningResponse.exercise_id.in_(ids), ListeningResponse.confirmed_at.is_not(None))
        .group_by(ListeningResponse.exercise_id)).all())
