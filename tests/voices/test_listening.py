"""A candidate's listening exercise: a few questions, answers with a role and a CLP confirmed by emailed link
(not counted until then), private unless "may be published", counts by role and region, recorded exports."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlalchemy import select

from tests.pledges.conftest import DURING, count, html, link_in, login, started
from tracker.extensions import db
from tracker.voices.models import ListeningExport, ListeningResponse

PAGE = "/candidates/sam-carter/listening/what-went-wrong"


def publish(client):
    login(client, "sam@example.org")
    response = client.post("/candidate/listening/new", data={
        "title": "What went wrong", "questions": "What went wrong?\nWhat can we do better?",
        "opens_at": (DURING - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (DURING + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    client.post("/logout")


def respond(client, email="r@example.org", role="member", body="CLP1", publish_ok="y", first="We lost touch.",
            fields=None):
    data = {**(fields or started(client, PAGE)), "name": "A Respondent", "email": email, "role": role, "body": body,
            "answer_1": first, "answer_2": "Listen more."}
    if publish_ok:
        data["may_publish"] = publish_ok
    return client.post(PAGE, data=data)


def test_a_response_counts_only_once_confirmed_and_shows_by_role_and_region(client, world, smtp_server):
    publish(client)
    assert "Check your email" in html(respond(client))
    assert "0 confirmed responses" in html(client.get(PAGE))
    assert client.get("/api/v1/candidates/sam-carter/listening").get_json()[0]["responses"] == 0
    link = link_in(smtp_server, "r@example.org")
    html(client.post(link))
    page = html(client.get(PAGE))
    assert "1 confirmed response" in page and "North: 1" in page and "We lost touch." in page
    answer = client.get("/api/v1/candidates/sam-carter/listening").get_json()[0]
    assert answer["responses"] == 1 and answer["by_role"]["member"] == 1 and answer["by_region"] == {"North": 1}
    assert answer["published"][0] == {"question": "What went wrong?", "text": "We lost touch.", "role": "member",
                                      "region": "North"}


def test_answers_stay_private_unless_the_respondent_allows_publication(client, world, smtp_server):
    publish(client)
    respond(client, publish_ok="", first="A private thought.")
    html(client.post(link_in(smtp_server, "r@example.org")))
    page = html(client.get(PAGE))
    assert "1 confirmed response" in page and "A private thought." not in page
    assert client.get("/api/v1/candidates/sam-carter/listening").get_json()[0]["published"] == []


def test_a_response_without_a_role_or_answers_is_refused(client, world, smtp_server):
    publish(client)
    data = {**started(client, PAGE), "name": "X", "email": "x@example.org", "role": "", "body": "NOPE"}
    page = html(client.post(PAGE, data=data), 400)
    assert "Answer at least one question." in page and "&#39;NOPE&#39; is not a CLP" in page
    assert count(ListeningResponse) == 0


def test_the_campaign_exports_the_responses_and_every_export_is_recorded(client, world, smtp_server):
    publish(client)
    respond(client)
    html(client.post(link_in(smtp_server, "r@example.org")))
    respond(client, email="unconfirmed@example.org")
    login(client, "sam@example.org")
    response = client.post("/candidate/listening/what-went-wrong/responses.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(r["email"], r["role"], r["clp"], r["answer_1"]) for r in rows] == [
        ("r@example.org", "member", "CLP1", "We lost touch.")]
    export = db.session.scalar(select(ListeningExport))
    assert export.rows == 1 and export.user.email == "sam@example.org"
    assert "sam@example.org: 1 rows" in html(client.get("/candidate/listening/what-went-wrong"))
    login(client, "ria@example.org")  # another candidate's campaign sees none of it
    assert client.post("/candidate/listening/what-went-wrong/responses.csv").status_code == 404
    assert count(ListeningExport) == 1


def test_a_closed_exercise_takes_no_answers(client, world, smtp_server, clock):
    publish(client)
    fields = started(client, PAGE)
    clock.set(DURING + timedelta(days=11))
    assert "not open for answers now" in html(respond(client, fields=fields), 400)
    assert count(ListeningResponse) == 0
