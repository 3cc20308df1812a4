"""Statements, members' questions and answers, listening exercises and their responses."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.types import UTCDateTime, utcnow
from tracker.vocabulary import QuestionStatus, RespondentRole, sql_list


class CandidateStatement(db.Model):
    """What a candidate says about themselves: Markdown, and links."""

    __tablename__ = "candidate_statement"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), unique=True)
    #: Markdown, shown through the one safe renderer.
    statement: Mapped[str] = mapped_column(Text, default="")
    #: [{"title": ..., "url": ...}], in the candidate's order.
    links: Mapped[list] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class HustingsModerator(db.Model):
    """An organiser an admin named to moderate a contest's questions (the hustings)."""

    __tablename__ = "hustings_moderator"
    __table_args__ = (UniqueConstraint("contest_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    named_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user = relationship("User")


class Question(db.Model):
    """A question members put to every candidate of a contest, once a moderator publishes it."""

    __tablename__ = "question"
    __table_args__ = (CheckConstraint(f"status in {sql_list(QuestionStatus)}", name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16), default=QuestionStatus.SUGGESTED)
    suggested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Shown to the asker when the question is rejected.
    reject_reason: Mapped[str] = mapped_column(Text, default="")
    #: The question this duplicate was merged into (its askers moved there); kept as a plain id.
    merged_into_id: Mapped[int | None] = mapped_column(Integer)

    contest = relationship("Contest")
    askers: Mapped[list[QuestionAsker]] = relationship(back_populates="question", order_by="QuestionAsker.id")


class QuestionAsker(db.Model):
    """One member who asked a question; counted once their email address is confirmed."""

    __tablename__ = "question_asker"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    #: The asker's CLP, if they gave one.
    body_id: Mapped[int | None] = mapped_column(ForeignKey("nominating_body.id"))
    #: SHA-256 of the token mailed to the asker: the link confirms and then shows the question's fate.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    question: Mapped[Question] = relationship(back_populates="askers")
    body = relationship("NominatingBody")


class Answer(db.Model):
    """A candidate's answer to a published question: editable until the ballot opens, then frozen."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("question_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    question = relationship("Question")
    person = relationship("Person")


class ListeningExercise(db.Model):
    """A few questions a candidate puts to members, open between two moments."""

    __tablename__ = "listening_exercise"
    __table_args__ = (UniqueConstraint("person_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    #: The questions, in order: ["What went wrong?", ...].
    questions: Mapped[list] = mapped_column(JSON, default=list)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    person = relationship("Person")


class ListeningResponse(db.Model):
    """One respondent's answers; private to the campaign unless they may be published; counted once confirmed."""

    __tablename__ = "listening_response"
    __table_args__ = (CheckConstraint(f"role in {sql_list(RespondentRole)}", name="role_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("listening_exercise.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(16))
    body_id: Mapped[int | None] = mapped_column(ForeignKey("nominating_body.id"))
    #: The answers, one per question in the exercise's order.
    answers: Mapped[list] = mapped_column(JSON, default=list)
    may_publish: Mapped[bool] = mapped_column(Boolean, default=False)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    exercise = relationship("ListeningExercise")
    body = relationship("NominatingBody")


class ListeningExport(db.Model):
    """A record of one export of a listening exercise's responses: who, when, how many."""

    __tablename__ = "listening_export"

    id: Mapped[int] = mapped_column(primary_key=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("listening_exercise.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    exported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    rows: Mapped[int] = mapped_column(Integer)

    user = relationship("User")
