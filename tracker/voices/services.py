"""Reading a candidate's voice: statement and links, pledges, answers, the contest's questions page and the
JSON the API gives for them."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tracker import types as clock
from tracker.ballot import judging
from tracker.candidates.models import Person
from tracker.elections.models import Contest
from tracker.extensions import db
from tracker.pledges import services as pledge_services
from tracker.vocabulary import QuestionStatus
from tracker.voices import listening
from tracker.voices.models import Answer, CandidateStatement, Question, QuestionAsker
from tracker.voices.operations import in_the_running


def statement_of(person: Person) -> CandidateStatement | None:
    return db.session.scalar(select(CandidateStatement).where(CandidateStatement.person_id == person.id))


def askers_count(question_ids) -> dict[int, int]:
    ids = sorted(set(question_ids))
    if not ids:
        return {}
    return dict(db.session.execute(select(QuestionAsker.question_id, func.count()).where(
        QuestionAsker.question_id.in_(ids), QuestionAsker.confirmed_at.is_not(None)).group_by(QuestionAsker.question_id)).all())


@dataclass
class QuestionRow:
    question: Question
    askers: int
    answers: dict[str, Answer] = field(default_factory=dict)  # by person slug

    def unanswered(self, people: list[Person]) -> list[Person]:
        return [p for p in people if p.slug not in self.answers]


@dataclass
class QuestionsPage:
    contest: Contest
    rows: list[QuestionRow]
    candidates: list[Person]
    #: When the candidates in the running can change with nothing written (a stage closing).
    moments: set = field(default_factory=set)

    def answered(self, person: Person) -> int:
        return sum(person.slug in r.answers for r in self.rows)

    def not_answering(self) -> list[Person]:
        """Candidates with at least one published question unanswered."""
        return [p for p in self.candidates if self.answered(p) < len(self.rows)]


def questions_page(contest: Contest, now: datetime | None = None, judged=None) -> QuestionsPage:
    """The contest's published questions with every answer, and the candidates still in the running."""
    questions = list(db.session.scalars(select(Question).where(
        Question.contest_id == contest.id, Question.status == QuestionStatus.PUBLISHED).order_by(Question.published_at, Question.id)))
    counts = askers_count(q.id for q in questions)
    rows = [QuestionRow(q, counts.get(q.id, 0)) for q in questions]
    by_id = {r.question.id: r for r in rows}
    if rows:
        for answer in db.session.scalars(select(Answer).options(selectinload(Answer.person))
                                         .where(Answer.question_id.in_(list(by_id)))):
            by_id[answer.question_id].answers[answer.person.slug] = answer
    judged = judged or judging.judge(contest, now or clock.utcnow())
    running = sorted(in_the_running(contest, judged=judged).values(), key=lambda p: p.name)
    return QuestionsPage(contest, rows, running, judged.moments)


def waiting_for_moderation(contest: Contest) -> list[tuple[Question, int]]:
    """Suggested questions with at least one confirmed asker, oldest first, with that count."""
    questions = list(db.session.scalars(select(Question).where(
        Question.contest_id == contest.id, Question.status == QuestionStatus.SUGGESTED).order_by(Question.id)))
    counts = askers_count(q.id for q in questions)
    return [(q, counts[q.id]) for q in questions if counts.get(q.id)]


def answers_of(person: Person) -> list[tuple[Question, Answer]]:
    return [(a.question, a) for a in db.session.scalars(
        select(Answer).options(selectinload(Answer.question).selectinload(Question.contest))
        .where(Answer.person_id == person.id).order_by(Answer.answered_at))]


def questions_for(person: Person) -> list[tuple[Question, Answer | None]]:
    """Published questions in the contests the person stands in, each with their answer if any."""
    contest_ids = [c.contest_id for c in person.candidacies]
    if not contest_ids:
        return []
    answers = {q.id: a for q, a in answers_of(person)}
    questions = db.session.scalars(select(Question).where(Question.contest_id.in_(contest_ids),
                                                          Question.status == QuestionStatus.PUBLISHED).order_by(Question.id))
    return [(q, answers.get(q.id)) for q in questions]


def voice_of(person: Person) -> dict:
    """Everything the candidate's page shows of their voice."""
    exercises = listening.exercises_of(person)
    return dict(
        statement=statement_of(person),
        pledges=pledge_services.pledges_of_person(person),
        answers=answers_of(person),
        exercises=exercises,
        responses=listening.counts_by_exercise(e.id for e in exercises),
    )


def voice_json(person: Person, moment) -> dict:
    """What the candidate API adds: the statement's Markdown source, the links and every pledge's state."""
    found = statement_of(person)
    return {
        "statement": found.statement if found else "",
        "links": [{"title": link["title"], "url": link["url"]} for link in (found.links if found else [])],
        "pledges": [
            {"slug": s.pledge.slug, "title": s.pledge.title, "state": s.state.value, "version": s.version,
             "at": moment(s.at), "signed_at": moment(s.at) if s.state == "signed" else None}
            for s in pledge_services.pledges_of_person(person)
        ],
    }


def questions_json(page: QuestionsPage, moment) -> list[dict]:
    return [
        {
            "id": r.question.id,
            "text": r.question.text,
            "asked_at": moment(r.question.published_at),
            "askers": r.askers,
            "answers": [{"candidate": a.person.name, "text": a.text, "answered_at": moment(a.answered_at)}
                        for a in sorted(r.answers.values(), key=lambda a: a.person.name)],
            "unanswered": [p.name for p in r.unanswered(page.candidates)],
        }
        for r in page.rows
    ]


def listening_json(person: Person, moment) -> list[dict]:
    exercises = listening.exercises_of(person)
    responses = listening.confirmed(e.id for e in exercises)
    found = []
    for e in exercises:
        counts = listening.summary(e, responses)
        found.append({"id": e.slug, "title": e.title, "opens_at": moment(e.opens_at), "closes_at": moment(e.closes_at),
                      "questions": list(e.questions), **counts})
    return found


def card_badges(contest: Contest, judged) -> dict:
    """What every candidate's card on a contest's dashboard shows of their voice: `pledge_badges` (each pledge's
    standing, by slug) and `question_counts` ((answered, published), by slug), with `voice_links` for the tab."""
    page = questions_page(contest, judged=judged)
    counts = {p.slug: (page.answered(p), len(page.rows)) for p in page.candidates} if page.rows else {}
    badges = pledge_services.badges(contest)
    return {"pledge_badges": badges, "question_counts": counts,
            "voice_links": {"pledges": bool(badges), "questions": len(page.rows)}}
