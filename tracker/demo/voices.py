"""The demo's candidates' voices: a clean-campaign pledge proposed by a Deputy candidate (some signatures, one
refusal, one candidate asked who has not answered), a few members' questions with answers, one listening
exercise. Written through the ordinary operations; a second run adds nothing."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tracker import types as clock
from tracker.ballot import judging
from tracker.elections.models import Election
from tracker.extensions import db
from tracker.pledges import operations as pledges
from tracker.pledges.models import Pledge
from tracker.vocabulary import RespondentRole
from tracker.voices import listening
from tracker.voices import operations as voices
from tracker.voices.models import ListeningExercise, Question

PLEDGE_TEXT = """As a candidate in these elections I pledge to:

- make **no personal attacks** on other candidates, their supporters or their families;
- call out personal attacks on others, whoever makes them;
- use **no anonymous sources** and brief against no one;
- help keep social media a positive place for members;
- disagree respectfully, about ideas and not people;
- support whoever the members elect, and campaign for them."""

QUESTIONS = (
    "How will you rebuild trust with members who left after the last general election?",
    "Would you keep the current rules for selecting parliamentary candidates?",
    "What will you do in your first hundred days?",
)
ANSWERS = (
    "By listening first: a meeting in every region within six months, and answers in writing.",
    "I would ask members before changing them, with a consultation open to every CLP.",
    "Publish a plan for the party's finances and visit the places we lost.",
)


def add_voices(election: Election) -> list[str]:
    """Add what is missing of the demo's pledge, questions and listening exercise; say what was added."""
    now = clock.utcnow()
    contests = {c.slug: c for c in election.contests}
    leader, deputy = contests.get("leader"), contests.get("deputy")
    if leader is None or deputy is None:
        return []
    judged = judging.judge_all([leader, deputy], now)
    running = {c.id: sorted(voices.in_the_running(c, judged=judged[c.id]).values(), key=lambda p: p.name)
               for c in (leader, deputy)}
    said = []
    if db.session.scalar(select(Pledge.id).where(Pledge.election_id == election.id, Pledge.slug == "clean-campaign")) is None:
        proposer = running[deputy.id][0]
        pledge = pledges.publish_pledge(election, "Clean campaign pledge", PLEDGE_TEXT, [leader, deputy], None,
                                        slug="clean-campaign", proposed_by=proposer)
        others = [p for c in (deputy, leader) for p in running[c.id] if p.id != proposer.id]
        pledges.invite(pledge, [proposer, *others[:6]])
        pledges.sign(pledge, proposer)
        for person in others[:4]:
            pledges.sign(pledge, person)
        if len(others) > 4:
            pledges.decline(pledge, others[4], "I have signed my own code of conduct and will keep to it.")
        # others[5], if there is one, was asked and has not answered.
        said.append(f"pledge: {pledge.title}, proposed by {proposer.name}")
    if db.session.scalar(select(Question.id).where(Question.contest_id == leader.id)) is None:
        for n, (text, reply) in enumerate(zip(QUESTIONS, ANSWERS, strict=True)):
            asker = voices.suggest_question(leader, text, f"Demo member {n + 1}", f"member{n + 1}@example.org",
                                            confirmed_at=now)
            voices.publish_question(asker.question)
            if leader.ballot_opens_at is not None and now >= leader.ballot_opens_at:
                continue  # answers are frozen once the ballot opens (a demo built around an earlier day)
            for person in running[leader.id][: max(1, len(running[leader.id]) - n)]:
                voices.answer_question(asker.question, person, reply)
        said.append(f"questions: {len(QUESTIONS)} to the Leader candidates, with answers")
    listener = running[leader.id][0] if running[leader.id] else None
    if listener is not None and db.session.scalar(select(ListeningExercise.id).where(
            ListeningExercise.person_id == listener.id)) is None:
        exercise = listening.publish_exercise(listener, "What went wrong, what can we do better?",
                                              ["What went wrong?", "What can we do better?"],
                                              now - timedelta(days=3), now + timedelta(days=21), slug="listening")
        roles = list(RespondentRole)
        for n in range(12):
            listening.respond(exercise, f"Respondent {n + 1}", f"respondent{n + 1}@example.org", roles[n % 4].value, "",
                              ["We stopped listening to members.", "Meet people where they are."], n % 3 == 0,
                              confirmed_at=now)
        said.append(f"listening exercise: {exercise.title} by {listener.name}")
    return said
