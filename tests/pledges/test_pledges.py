"""Pledges: published by an admin, an organiser or a candidate; candidates invited, signing or declining from their
own accounts; an admin recording a signature given elsewhere; versions once signed; every act in the feed."""
from __future__ import annotations

import csv
import io

from sqlalchemy import select

from tests.pledges.conftest import html, login
from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.pledges.models import Pledge, PledgeDecline, PledgeSignature, PledgeVersion

URL = "/elections/leadership-2026/pledges"
TEXT = "- no personal attacks;\n- respectful disagreement;\n- support the winners."


def publish(client, email="organiser@example.org", contests=("leader",), title="Clean campaign pledge", text=TEXT):
    login(client, email)
    return client.post(f"{URL}/new", data={"title": title, "text": text, "contests": list(contests)})


def invite(client, *slugs, pledge="clean-campaign-pledge"):
    login(client, "organiser@example.org")
    return client.post(f"{URL}/{pledge}/invite", data={"people": list(slugs)})


def test_an_organiser_publishes_a_pledge_and_the_contest_feed_says_so(client, world):
    response = publish(client)
    assert response.status_code == 302 and response.location.endswith(f"{URL}/clean-campaign-pledge")
    page = html(client.get(f"{URL}/clean-campaign-pledge"))
    assert "Published by Clean Politics" in page and "<li>no personal attacks;</li>" in page
    assert "Not asked (3)" in page  # every Leader candidate, none asked yet
    feed = html(client.get("/elections/leadership-2026/contests/leader/feed.atom"))
    assert "Pledge published: Clean campaign pledge" in feed
    assert "Pledge published" not in html(client.get("/elections/leadership-2026/contests/deputy/feed.atom"))


def test_a_candidates_pledge_is_shown_as_proposed_by_them(client, world):
    assert publish(client, "sam@example.org").status_code == 302
    page = html(client.get(f"{URL}/clean-campaign-pledge"))
    assert "Proposed by <a href=\"/candidates/sam-carter\">Sam Carter</a>" in page


def test_a_secretary_or_a_visitor_cannot_publish(client, world):
    assert client.get(f"{URL}/new").status_code == 302  # to the login page
    from tracker.accounts.operations import create_user

    create_user("sec@example.org", "correct horse battery", "secretary", ["CLP1"])
    db.session.commit()
    assert publish(client, "sec@example.org").status_code == 403
    assert db.session.scalar(select(Pledge)) is None


def test_a_pledge_without_text_or_contests_is_refused_and_nothing_is_written(client, world):
    page = html(publish(client, contests=(), text=""), 400)
    assert "A pledge needs its text." in page and "Choose at least one contest" in page
    assert db.session.scalar(select(Pledge)) is None


def test_the_markdown_is_rendered_safely(client, world):
    publish(client, text="Be **kind**. <script>alert(1)</script> [us](https://example.org) [x](javascript:alert(2))")
    page = html(client.get(f"{URL}/clean-campaign-pledge"))
    assert "<strong>kind</strong>" in page and "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert '<a href="https://example.org" rel="nofollow noopener noreferrer">us</a>' in page
    assert 'href="javascript:' not in page


def test_invited_candidates_are_asked_and_sign_from_their_own_account(client, world):
    publish(client)
    assert invite(client, "sam-carter", "ria-patel").status_code == 302
    page = html(client.get(f"{URL}/clean-campaign-pledge"))
    assert "Asked, no answer yet (2)" in page and "Not asked (1)" in page
    login(client, "sam@example.org")
    response = client.post(f"{URL}/clean-campaign-pledge/candidates/sam-carter/sign")
    assert response.status_code == 302
    page = html(client.get(f"{URL}/clean-campaign-pledge"))
    assert "Signed (1)" in page and "signed version 1 on" in page
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.public.is_(True))).all()
    assert actions.count("pledge.invite") == 2 and "pledge.sign" in actions


def test_a_candidate_declines_with_a_statement(client, world):
    publish(client)
    invite(client, "ria-patel")
    login(client, "ria@example.org")
    response = client.post(f"{URL}/clean-campaign-pledge/candidates/ria-patel/decline",
                           data={"statement": "I keep my own code."})
    assert response.status_code == 302
    page = html(client.get(f"{URL}/clean-campaign-pledge"))
    assert "Declined (1)" in page and "I keep my own code." in page


def test_a_candidate_of_another_contest_cannot_sign(client, world):
    publish(client)
    login(client, "lee@example.org")
    page = html(client.post(f"{URL}/clean-campaign-pledge/candidates/lee-hughes/sign"), 400)
    assert "Lee Hughes is not a candidate in Leader, which this pledge concerns." in page
    assert db.session.scalar(select(PledgeSignature)) is None


def test_a_second_signature_is_refused(client, world):
    publish(client)
    login(client, "sam@example.org")
    client.post(f"{URL}/clean-campaign-pledge/candidates/sam-carter/sign")
    page = html(client.post(f"{URL}/clean-campaign-pledge/candidates/sam-carter/sign"), 400)
    assert "Sam Carter has already signed version 1 of Clean campaign pledge." in page
    page = html(client.post(f"{URL}/clean-campaign-pledge/candidates/sam-carter/decline"), 400)
    assert "already signed version 1" in page
    assert len(db.session.scalars(select(PledgeSignature)).all()) == 1
    assert db.session.scalar(select(PledgeDecline)) is None


def test_one_candidates_account_cannot_answer_for_another(client, world):
    publish(client)
    login(client, "sam@example.org")
    assert client.post(f"{URL}/clean-campaign-pledge/candidates/ria-patel/sign").status_code == 403
    assert client.post(f"{URL}/clean-campaign-pledge/candidates/ria-patel/decline").status_code == 403
    login(client, "organiser@example.org")  # nor may an organiser sign for a candidate
    assert client.post(f"{URL}/clean-campaign-pledge/candidates/ria-patel/sign").status_code == 403
    assert db.session.scalar(select(PledgeSignature)) is None


def test_an_admin_records_a_signature_given_elsewhere_with_its_evidence(client, world):
    publish(client)
    login(client, "admin@example.org")
    url = f"{URL}/clean-campaign-pledge/candidates/kim-adams/record"
    page = html(client.post(url, data={"evidence": ""}), 400)
    assert "Say where the signature was given: a URL or a note." in page
    assert db.session.scalar(select(PledgeSignature)) is None
    assert client.post(url, data={"evidence": "https://example.org/kim-signs"}).status_code == 302
    page = html(client.get(f"{URL}/clean-campaign-pledge"))
    assert "recorded: https://example.org/kim-signs" in page
    login(client, "organiser@example.org")
    assert client.post(url, data={"evidence": "a letter"}).status_code == 403  # admins only


def test_once_signed_a_change_is_a_new_version_and_the_signature_stays_with_version_1(client, world):
    publish(client)
    login(client, "sam@example.org")
    client.post(f"{URL}/clean-campaign-pledge/candidates/sam-carter/sign")
    login(client, "organiser@example.org")
    new_text = TEXT + "\n- call out personal attacks on others."
    response = client.post(f"{URL}/clean-campaign-pledge/revise", data={"text": new_text, "how": "new", "version": "1"})
    assert response.status_code == 302
    versions = db.session.scalars(select(PledgeVersion).order_by(PledgeVersion.number)).all()
    assert [v.number for v in versions] == [1, 2] and versions[0].text == TEXT
    signature = db.session.scalar(select(PledgeSignature))
    assert signature.version_id == versions[0].id
    page = html(client.get(f"{URL}/clean-campaign-pledge"))
    assert "signed version 1 on" in page and "asked to sign version 2" in page
    assert "<ins>+ - call out personal attacks on others.</ins>" in page  # the difference, line by line
    answer = client.get("/api/v1/elections/leadership-2026/pledges").get_json()
    sam = next(c for c in answer[0]["candidates"] if c["name"] == "Sam Carter")
    assert answer[0]["version"] == 2 and sam["state"] == "signed" and sam["version"] == 1
    card = html(client.get("/candidates/sam-carter"))
    assert "signed version 1" in card and "asked to sign version 2" in card
    login(client, "sam@example.org")  # and Sam may sign the new version too
    assert client.post(f"{URL}/clean-campaign-pledge/candidates/sam-carter/sign").status_code == 302
    sam = next(c for c in client.get("/api/v1/elections/leadership-2026/pledges").get_json()[0]["candidates"]
               if c["name"] == "Sam Carter")
    assert sam["version"] == 2


def test_editing_a_signed_version_in_place_is_refused(client, world):
    publish(client)
    login(client, "sam@example.org")
    client.post(f"{URL}/clean-campaign-pledge/candidates/sam-carter/sign")
    login(client, "organiser@example.org")
    page = html(client.post(f"{URL}/clean-campaign-pledge/revise",
                            data={"text": "Something else.", "how": "in_place", "version": "1"}), 400)
    assert "Version 1 has been signed, so its text cannot be changed in place" in page
    assert db.session.scalar(select(PledgeVersion.text)) == TEXT
    assert len(db.session.scalars(select(PledgeVersion)).all()) == 1


def test_an_older_version_cannot_be_edited(client, world):
    publish(client)
    login(client, "organiser@example.org")
    client.post(f"{URL}/clean-campaign-pledge/revise", data={"text": "Version two.", "how": "new", "version": "1"})
    page = html(client.post(f"{URL}/clean-campaign-pledge/revise",
                            data={"text": "Sneaky.", "how": "in_place", "version": "1"}), 400)
    assert "Version 1 is not the current version (2)" in page


def test_a_version_that_is_no_number_is_refused_and_nothing_changes(client, world):
    publish(client)
    login(client, "organiser@example.org")
    for version in ("²", "1.0", "99999999999999999999999"):  # a digit int() refuses; not whole; beyond any version
        page = html(client.post(f"{URL}/clean-campaign-pledge/revise",
                                data={"text": "Sneaky.", "how": "in_place", "version": version}), 400)
        assert "is not a version of Clean campaign pledge" in page or "is not the current version" in page
    assert [(v.number, v.text) for v in db.session.scalars(select(PledgeVersion))] == [(1, TEXT)]


def test_before_anyone_signs_the_text_may_be_corrected_in_place(client, world):
    publish(client)
    login(client, "organiser@example.org")
    response = client.post(f"{URL}/clean-campaign-pledge/revise",
                           data={"text": "Corrected.", "how": "in_place", "version": "1"})
    assert response.status_code == 302
    assert [(v.number, v.text) for v in db.session.scalars(select(PledgeVersion))] == [(1, "Corrected.")]


def test_only_the_publisher_manages_a_pledge(client, world):
    publish(client)
    login(client, "other-organiser@example.org")
    assert client.post(f"{URL}/clean-campaign-pledge/invite", data={"people": ["sam-carter"]}).status_code == 403
    assert client.get(f"{URL}/clean-campaign-pledge/revise").status_code == 403


def test_badges_show_on_every_candidates_card_on_the_dashboard_and_the_ballot_tab(client, world):
    publish(client)
    invite(client, "ria-patel")
    login(client, "sam@example.org")
    client.post(f"{URL}/clean-campaign-pledge/candidates/sam-carter/sign")
    client.post("/logout")
    for url in ("/elections/leadership-2026/contests/leader",
                "/elections/leadership-2026/contests/leader/stages/ballot"):
        page = html(client.get(url))
        assert "✓ signed the Clean campaign pledge" in page
        assert "asked to sign the Clean campaign pledge on" in page and "no answer" in page
        assert "not asked to sign the Clean campaign pledge" in page  # Kim Adams


def test_the_pledges_download_as_csv(client, world):
    publish(client)
    login(client, "sam@example.org")
    client.post(f"{URL}/clean-campaign-pledge/candidates/sam-carter/sign")
    for url in (f"{URL}.csv", f"{URL}/clean-campaign-pledge.csv"):
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == "text/csv"
        rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
        assert {(r["candidate"], r["state"], r["version"]) for r in rows} == {
            ("Sam Carter", "signed", "1"), ("Ria Patel", "not_asked", ""), ("Kim Adams", "not_asked", "")}


def test_the_candidate_api_gives_statement_links_and_pledge_states(client, world):
    publish(client)
    login(client, "sam@example.org")
    client.post(f"{URL}/clean-campaign-pledge/candidates/sam-carter/sign")
    client.post("/candidate/", data={"statement": "I stand for **fair play**.",
                                     "links": "Campaign site https://example.org/sam"})
    client.post("/logout")
    answer = client.get("/api/v1/candidates/sam-carter").get_json()
    assert answer["statement"] == "I stand for **fair play**."
    assert answer["links"] == [{"title": "Campaign site", "url": "https://example.org/sam"}]
    assert [(p["slug"], p["state"], p["version"]) for p in answer["pledges"]] == [("clean-campaign-pledge", "signed", 1)]
    assert "<strong>fair play</strong>" in html(client.get("/candidates/sam-carter"))


def test_what_changed_lists_the_pledge_acts_under_their_own_kind(client, world):
    publish(client)
    login(client, "sam@example.org")
    client.post(f"{URL}/clean-campaign-pledge/candidates/sam-carter/sign")
    client.post("/logout")
    page = html(client.get("/elections/leadership-2026/changes?kind=pledges"))
    assert "Pledge published: Clean campaign pledge" in page and "Sam Carter signed Clean campaign pledge (version 1)" in page
    assert "Pledge published" not in html(client.get("/elections/leadership-2026/changes?kind=nominations"))


def test_the_frozen_ballot_gives_each_candidate_their_badges(client, world):
    from datetime import timedelta

    from tests.pledges.conftest import DURING
    from tracker.results.models import BallotSnapshot

    publish(client)
    invite(client, "ria-patel")
    login(client, "sam@example.org")
    client.post(f"{URL}/clean-campaign-pledge/candidates/sam-carter/sign")
    client.post("/logout")
    names = ["Kim Adams", "Sam Carter", "Ria Patel"]
    db.session.add(BallotSnapshot(contest_id=world.leader.id, frozen_at=DURING - timedelta(hours=1),
                                  content={"on_ballot": names, "candidates": []}, content_hash="0" * 64))
    db.session.commit()
    page = html(client.get("/elections/leadership-2026/contests/leader/stages/ballot"))
    published = page.split('class="published-ballot"', 1)[1].split("</ol>", 1)[0]
    assert "✓ signed the Clean campaign pledge" in published  # Sam Carter
    assert "asked to sign the Clean campaign pledge on" in published and "no answer" in published  # Ria Patel
    assert "not asked to sign the Clean campaign pledge" in published  # Kim Adams
    assert 'href="/candidates/sam-carter"' in published
