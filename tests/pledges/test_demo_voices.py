"""The demo's candidates' voices: a clean-campaign pledge with signatures, one refusal and one candidate asked who
has not answered; published questions with answers; a listening exercise — all on the dashboards, and added once."""
from __future__ import annotations

from sqlalchemy import func, select

from tracker.demo.cli import load_demo
from tracker.extensions import db
from tracker.pledges.models import Pledge
from tracker.vocabulary import PledgeState
from tracker.voices.models import Answer, ListeningExercise, ListeningResponse, Question


def test_the_demo_has_a_pledge_questions_and_a_listening_exercise_on_its_dashboards(app, client, tmp_path):
    _, election, _ = load_demo(tmp_path, scale=0.05)
    db.session.commit()
    answer = client.get(f"/api/v1/elections/{election.slug}/pledges").get_json()
    (pledge,) = answer
    states = [c["state"] for c in pledge["candidates"]]
    assert pledge["proposed_by"] and states.count(PledgeState.SIGNED) >= 3
    assert states.count(PledgeState.DECLINED) == 1 and states.count(PledgeState.INVITED) == 1
    questions = client.get(f"/api/v1/elections/{election.slug}/contests/leader/questions").get_json()
    assert len(questions) == 3 and all(q["answers"] for q in questions)
    dashboard = "".join(client.get(f"/elections/{election.slug}/contests/{c}").get_data(as_text=True)
                        for c in ("deputy", "leader"))
    assert "✓ signed the Clean campaign pledge" in dashboard and "✗ declined the Clean campaign pledge" in dashboard
    ballot_tab = client.get(f"/elections/{election.slug}/contests/leader/stages/ballot").get_data(as_text=True)
    assert "answered 3 of 3 questions from members" in ballot_tab
    assert db.session.scalar(select(func.count()).select_from(ListeningResponse)) == 12
    (exercise,) = db.session.scalars(select(ListeningExercise)).all()
    listening = client.get(f"/candidates/{exercise.person.slug}/listening/{exercise.slug}").get_data(as_text=True)
    assert "12 confirmed responses" in listening and "We stopped listening to members." in listening

    counted = [db.session.scalar(select(func.count()).select_from(m)) for m in (Pledge, Question, Answer)]
    load_demo(tmp_path, scale=0.05)  # a second run adds nothing
    db.session.commit()
    assert [db.session.scalar(select(func.count()).select_from(m)) for m in (Pledge, Question, Answer)] == counted
