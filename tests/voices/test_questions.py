"""Members' questions: suggested with a name and an email confirmed by link, moderated (published, merged,
rejected with a reason the asker sees), answered once by each candidate in the running, frozen when the ballot
opens; the page says who answered what."""
from __future__ import annotations

from sqlalchemy import select

from tests.pledges.conftest import BALLOT, count, html, link_in, login, started
from tracker.extensions import db
from tracker.voices.models import Answer, Question, QuestionAsker

PAGE = "/elections/leadership-2026/contests/leader/questions"


def ask(client, text="Will you support the winner?", email="m@example.org", name="A Member", body=""):
    client.post("/logout")
    data = {**started(client, f"{PAGE}/ask"), "text": text, "name": name, "email": email, "body": body}
    return client.post(f"{PAGE}/ask", data=data)


def asked_and_confirmed(client, smtp_server, text="Will you support the winner?", email="m@example.org") -> Question:
    assert "Check your email" in html(ask(client, text, email))
    link = link_in(smtp_server, email)
    assert "Confirm my question" in html(client.get(link))
    html(client.post(link))
    return db.session.scalars(select(Question).order_by(Question.id.desc())).first()


def publish(client, question: Question, email="admin@example.org"):
    login(client, email)
    return client.post(f"{PAGE}/{question.id}/publish")


def test_a_question_is_confirmed_by_its_link_published_and_answered(client, world, smtp_server):
    question = asked_and_confirmed(client, smtp_server, email="asker@example.org")
    assert question.status == "suggested"
    assert "Will you support the winner?" not in html(client.get(PAGE))  # not until a moderator publishes it
    assert publish(client, question).status_code == 302
    login(client, "sam@example.org")
    assert "Will you support the winner?" in html(client.get("/candidate/"))
    response = client.post(f"{PAGE}/{question.id}/answers/sam-carter", data={"text": "Yes, whoever wins."})
    assert response.status_code == 302
    client.post("/logout")
    page = html(client.get(PAGE))
    assert "Sam Carter</a>: answered 1 of 1" in page and "Ria Patel</a>: answered 0 of 1" in page
    assert "Not yet answered every question: Kim Adams, Ria Patel." in page
    assert "Yes, whoever wins." in page and "asked by 1 member" in page
    answer = client.get(f"/api/v1{PAGE}").get_json()
    assert answer[0]["askers"] == 1 and answer[0]["answers"][0]["candidate"] == "Sam Carter"
    assert answer[0]["unanswered"] == ["Kim Adams", "Ria Patel"]
    feed = html(client.get("/elections/leadership-2026/contests/leader/feed.atom"))
    assert "Sam Carter answered: Will you support the winner?" in feed


def test_an_unconfirmed_question_cannot_be_published(client, world, smtp_server):
    ask(client)
    question = db.session.scalar(select(Question))
    assert "No asker has confirmed this question yet." in html(publish(client, question), 400)
    assert db.session.scalar(select(Question.status)) == "suggested"


def test_bad_questions_are_refused_and_nothing_is_written(client, world, smtp_server):
    for text, message in (("", "Write the question."),
                          ("x" * 501, "A question must be at most 500 characters; this one has 501."),
                          ("Will you <b>really</b>?", "A question is plain words: take out the markup")):
        page = html(ask(client, text), 400)
        assert message in page
    assert count(Question) == 0 and count(QuestionAsker) == 0
    assert smtp_server.messages == []


def test_a_bot_filling_the_honeypot_is_told_to_check_its_email_and_nothing_is_stored(client, world, smtp_server):
    data = {**started(client, f"{PAGE}/ask"), "website": "http://spam.example", "text": "Buy now", "name": "Bot",
            "email": "bot@example.org", "body": ""}
    assert "Check your email" in html(client.post(f"{PAGE}/ask", data=data))
    assert count(Question) == 0


def test_duplicates_are_merged_and_the_askers_counted_once_published(client, world, smtp_server):
    first = asked_and_confirmed(client, smtp_server, "What went wrong in 2019?", "one@example.org")
    second = asked_and_confirmed(client, smtp_server, "What went wrong in the 2019 election?", "two@example.org")
    publish(client, first)
    assert client.post(f"{PAGE}/{second.id}/merge", data={"into": str(first.id)}).status_code == 302
    client.post("/logout")
    page = html(client.get(PAGE))
    assert "asked by 2 members" in page and "the 2019 election?" not in page


def test_merging_into_a_number_no_question_could_have_is_refused_and_nothing_changes(client, world, smtp_server):
    question = asked_and_confirmed(client, smtp_server, "What went wrong in 2019?", "one@example.org")
    login(client, "admin@example.org")
    for into in ("99999999999999999999", "²", "0", "-1"):  # beyond any id; a digit int() refuses; no id
        page = html(client.post(f"{PAGE}/{question.id}/merge", data={"into": into}), 400)
        assert "Give the number of the question it repeats." in page
    db.session.expire_all()
    assert db.session.get(Question, question.id).status == "suggested"


def test_a_rejected_question_shows_its_reason_to_the_asker(client, world, smtp_server):
    question = asked_and_confirmed(client, smtp_server, "Who is the worst candidate?", "asker@example.org")
    link = link_in(smtp_server, "asker@example.org")
    login(client, "admin@example.org")
    assert "Give the reason" in html(client.post(f"{PAGE}/{question.id}/reject", data={"reason": ""}), 400)
    assert client.post(f"{PAGE}/{question.id}/reject", data={"reason": "It invites a personal attack."}).status_code == 302
    client.post("/logout")
    assert "The moderator's reason: It invites a personal attack." in html(client.get(link))
    mailed = smtp_server.body(smtp_server.wait_for("asker@example.org", 2)[-1])
    assert "It invites a personal attack." in mailed


def test_an_organiser_named_for_the_hustings_moderates_and_no_other(client, world, smtp_server):
    question = asked_and_confirmed(client, smtp_server)
    assert publish(client, question, "organiser@example.org").status_code == 403
    login(client, "admin@example.org")
    assert client.post(f"{PAGE}/moderators", data={"email": "organiser@example.org"}).status_code == 302
    assert publish(client, question, "organiser@example.org").status_code == 302
    assert publish(client, question, "other-organiser@example.org").status_code == 403
    login(client, "organiser@example.org")
    assert client.post(f"{PAGE}/moderators", data={"email": "other-organiser@example.org"}).status_code == 403


def test_an_answer_can_be_edited_until_the_ballot_opens_then_it_is_frozen(client, world, smtp_server, clock):
    question = asked_and_confirmed(client, smtp_server)
    publish(client, question)
    login(client, "sam@example.org")
    url = f"{PAGE}/{question.id}/answers/sam-carter"
    client.post(url, data={"text": "First answer."})
    assert client.post(url, data={"text": "Second thoughts."}).status_code == 302
    assert [a.text for a in db.session.scalars(select(Answer))] == ["Second thoughts."]
    clock.set(BALLOT)
    page = html(client.post(url, data={"text": "Too late."}), 400)
    assert "The ballot for Leader has opened: answers are frozen." in page
    db.session.expire_all()
    assert [a.text for a in db.session.scalars(select(Answer))] == ["Second thoughts."]


def test_one_candidates_account_cannot_answer_for_another(client, world, smtp_server):
    question = asked_and_confirmed(client, smtp_server)
    publish(client, question)
    login(client, "sam@example.org")
    assert client.post(f"{PAGE}/{question.id}/answers/ria-patel", data={"text": "I am Ria."}).status_code == 403
    login(client, "lee@example.org")  # a candidate in another contest is not asked this question
    page = html(client.post(f"{PAGE}/{question.id}/answers/lee-hughes", data={"text": "Me too."}), 400)
    assert "Lee Hughes is not a candidate in the running for Leader." in page
    assert count(Answer) == 0
