"""Counting in the app: the `count` command, the upload form (admins and secretaries), stored counts as JSON."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.factories import create_body
from tests.results.conftest import build_world
from tracker.audit.models import AuditEvent
from tracker.counting import count, read_blt, to_dict
from tracker.extensions import db
from tracker.results import operations
from tracker.results.models import StoredCount

DATA = Path(__file__).parent.parent / "counting" / "data"

#: Adams 4, Brown 3, Clark 2; Clark is excluded and her papers elect Brown with 5 of 9.
SMALL_BLT = '3 1\n4 1 2 0\n3 2 1 0\n2 3 2 0\n0\n"Ann Adams"\n"Ben Brown"\n"Cat Clark"\n"Town 1 CLP meeting"\n'


@pytest.fixture
def world(app):
    """The results world with its ballot frozen: Ann Adams, Ben Brown and Cat Clark, as in SMALL_BLT."""
    return frozen(build_world())


def frozen(world):
    operations.freeze_ballot(world.contest, operations.ballot_preview(world.contest)[1])
    db.session.commit()
    return world


@pytest.fixture
def blt_file(tmp_path):
    path = tmp_path / "meeting.blt"
    path.write_text(SMALL_BLT)
    return path


# --- the command -------------------------------------------------------------------------------------------


def test_count_prints_the_stage_table(runner, blt_file):
    result = runner.invoke(args=["count", str(blt_file), "--method", "irv"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Town 1 CLP meeting — Instant-runoff, 1 seat, valid votes 9.00000")
    assert "Ben Brown         3.00000    5.00000 E" in result.output
    assert "Stage 2: Exclusion of Cat Clark" in result.output
    assert result.output.rstrip().endswith("Elected: Ben Brown")


def test_count_json_is_the_design_shape(runner, blt_file):
    result = runner.invoke(args=["count", str(blt_file), "--method", "irv", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert list(report) == ["method", "seats", "quota", "elected", "stages"]
    assert report["elected"] == ["Ben Brown"]
    assert report["stages"][1] == {
        "stage": 2, "action": "Exclusion of Cat Clark",
        "votes": {"Ann Adams": "4.00000", "Ben Brown": "5.00000", "Cat Clark": "0.00000"},
        "non_transferable": "0.00000", "elected": ["Ben Brown"], "excluded": ["Cat Clark"],
    }


def test_count_reproduces_an_official_scottish_stv_count(runner):
    blt = DATA / "aberdeen_2017_ward1.blt"
    expected = json.loads((DATA / "aberdeen_2017_ward1.expected.json").read_text())
    result = runner.invoke(args=["count", str(blt), "--method", "scottish-stv", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report == to_dict(count(read_blt(blt.read_text()), "scottish-stv"))
    assert {name: stage["stage"] for stage in report["stages"] for name in stage["elected"]} == expected["elected"]
    for stage, official in zip(report["stages"], expected["stages"], strict=True):
        assert {name: stage["votes"][name] for name in official} == official


def test_count_of_a_malformed_file_gives_the_line_and_exits_1(runner, tmp_path):
    path = tmp_path / "bad.blt"
    path.write_text('3 1\n4 1 2 0\n3 2 x 0\n0\n"A"\n"B"\n"C"\n')
    result = runner.invoke(args=["count", str(path), "--method", "irv"])
    assert result.exit_code == 1
    assert f"{path}, line 3: preference 'x' is not a number." in result.output


def test_count_with_a_minimum_of_women_names_them(runner, blt_file):
    refused = runner.invoke(args=["count", str(blt_file), "--method", "scottish-stv", "--seats", "2",
                                  "--min-women", "1"])
    assert refused.exit_code == 1
    assert "--woman" in refused.output
    result = runner.invoke(args=["count", str(blt_file), "--method", "scottish-stv", "--seats", "2",
                                 "--min-women", "1", "--woman", "Cat Clark", "--json"])
    assert result.exit_code == 0, result.output
    assert "Cat Clark" in json.loads(result.output)["elected"]


def test_count_refuses_irv_for_several_seats(runner, blt_file):
    result = runner.invoke(args=["count", str(blt_file), "--method", "irv", "--seats", "2"])
    assert result.exit_code == 1
    assert "Instant-runoff fills one seat" in result.output


# --- the upload form ---------------------------------------------------------------------------------------


def upload(client, **fields):
    data = {"method": "irv", "contest": "0", "body": "0"} | fields
    data.setdefault("blt_file", (io.BytesIO(SMALL_BLT.encode()), "meeting.blt"))
    return client.post("/counts/new", data=data, content_type="multipart/form-data")


def test_admin_uploads_a_count_for_a_contest_and_sees_table_and_chart(client, admin, world):
    response = upload(client, contest=str(world.contest.id))
    assert response.status_code == 302, response.data
    stored = db.session.query(StoredCount).one()
    assert stored.contest_id == world.contest.id and stored.method == "irv" and stored.seats == 1
    assert stored.blt == SMALL_BLT
    assert stored.report["elected"] == ["Ben Brown"]
    assert response.headers["Location"].endswith(f"/counts/{stored.id}")
    page = client.get(f"/counts/{stored.id}")
    assert page.status_code == 200
    assert b"<strong>Elected:</strong> Ben Brown" in page.data
    assert b'<th scope="col">Stage 2</th>' in page.data
    assert b' class="num elected">5.00000 <strong>elected</strong></td>' in page.data
    assert b'role="img"' in page.data and b"Ben Brown: 3.00000 in stage 1, 5.00000 in stage 2 (elected in stage 2)" in page.data
    event = db.session.query(AuditEvent).filter_by(action="count.store").one()
    assert (event.contest_id, event.object_type) == (world.contest.id, "storedcount")


def test_the_count_is_readable_as_json(client, admin, world):
    upload(client, contest=str(world.contest.id))
    stored = db.session.query(StoredCount).one()
    response = client.get(f"/api/v1/counts/{stored.id}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    expected = to_dict(count(read_blt(SMALL_BLT), "irv"))
    assert {key: body[key] for key in expected} == expected
    assert body["id"] == stored.id and body["title"] == "Town 1 CLP meeting"
    again = client.get(f"/api/v1/counts/{stored.id}", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    assert client.get("/api/v1/counts/999").status_code == 404


def test_pasted_text_counts_like_a_file(client, admin, world):
    pasted = upload(client, blt_file=(io.BytesIO(b""), ""), blt_text=SMALL_BLT)
    assert pasted.status_code == 302, pasted.data
    filed = upload(client)
    assert filed.status_code == 302, filed.data
    by_paste, by_file = db.session.query(StoredCount).order_by(StoredCount.id).all()
    assert by_paste.report["elected"] == ["Ben Brown"]
    assert by_paste.report["stages"] == by_file.report["stages"]
    page = client.get(pasted.headers["Location"]).get_data(as_text=True)
    assert "Ben Brown" in page and "elected in stage 2" in page


def test_a_malformed_upload_is_refused_with_its_line_and_nothing_is_stored(client, admin, world):
    bad = SMALL_BLT.replace("2 3 2 0", "2 3 2")
    response = upload(client, blt_file=(io.BytesIO(bad.encode()), "bad.blt"))
    assert response.status_code == 400
    assert b"Line 4 of the ballot file: Missing terminator 0 at the end of the ballot." in response.data
    assert db.session.query(StoredCount).count() == 0


@pytest.mark.parametrize("fields, message", [
    ({"blt_file": SMALL_BLT.replace("Town", "To\x00wn").encode()},
     b"Line 9 of the ballot file: A NUL character: this is not a text file."),
    ({"title": "Town\x00meeting"}, b"title contains a NUL character"),
], ids=["nul-in-file", "nul-in-title"])
def test_a_nul_character_is_refused_and_nothing_is_stored(client, admin, world, fields, message):
    if "blt_file" in fields:
        fields = {"blt_file": (io.BytesIO(fields["blt_file"]), "bad.blt")}
    response = upload(client, **fields)
    assert response.status_code == 400
    assert message in response.data
    assert db.session.query(StoredCount).count() == 0


def test_secretary_uploads_for_their_own_body(client, create_user, auth, world):
    create_user("sec@example.org", role="secretary", bodies=[world.body.code])
    auth.login("sec@example.org")
    assert client.get("/counts/new").status_code == 200
    response = upload(client, body=str(world.body.id), method="irv")
    assert response.status_code == 302, response.data
    stored = db.session.query(StoredCount).one()
    assert stored.body_id == world.body.id and stored.contest_id is None
    assert b"For the meeting of Town 1 CLP." in client.get(f"/counts/{stored.id}").data


def test_a_secretary_counts_their_meeting_from_the_form_they_are_shown(client, create_user, auth, world):
    create_user("sec@example.org", role="secretary", bodies=[world.body.code, world.other_body.code])
    auth.login("sec@example.org")
    page = client.get("/counts/new").get_data(as_text=True)
    assert 'name="contest"' not in page and "Town 2 CLP" in page
    # exactly the fields the page shows a secretary: no contest among them
    response = client.post("/counts/new", content_type="multipart/form-data", data={
        "method": "irv", "body": str(world.other_body.id),
        "blt_file": (io.BytesIO(SMALL_BLT.encode()), "meeting.blt"),
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    stored = db.session.query(StoredCount).one()
    assert stored.body_id == world.other_body.id and stored.contest_id is None
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<th scope="col">Stage 2</th>' in shown and "For the meeting of Town 2 CLP." in shown
    assert "<strong>Elected:</strong> Ben Brown" in shown


def test_secretary_must_say_which_of_their_bodies_met(client, create_user, auth, world):
    create_user("sec@example.org", role="secretary", bodies=[world.body.code])
    auth.login("sec@example.org")
    assert upload(client).status_code == 400
    assert db.session.query(StoredCount).count() == 0


def test_another_bodys_secretary_is_forbidden(client, create_user, auth, world):
    create_user("sec@example.org", role="secretary", bodies=[world.other_body.code])
    auth.login("sec@example.org")
    assert upload(client, body=str(world.body.id)).status_code == 403
    assert db.session.query(StoredCount).count() == 0


def test_a_secretary_cannot_count_for_a_contest(client, create_user, auth, world):
    create_user("sec@example.org", role="secretary", bodies=[world.body.code])
    auth.login("sec@example.org")
    assert upload(client, body=str(world.body.id), contest=str(world.contest.id)).status_code == 403


def test_organisers_and_visitors_cannot_upload(client, create_user, auth, world):
    assert client.get("/counts/new").status_code == 302  # to log in
    from tracker.slates.models import Organisation

    db.session.add(Organisation(slug="left", name="Left"))
    db.session.commit()
    create_user("org@example.org", role="organiser", org="left")
    auth.login("org@example.org")
    assert client.get("/counts/new").status_code == 403
    assert upload(client).status_code == 403


def test_a_contest_count_knows_the_contests_women_and_minimum(client, admin, app):
    world = frozen(build_world(seats=2, min_women=1))
    response = upload(client, contest=str(world.contest.id), method="scottish-stv")
    assert response.status_code == 302, response.data
    report = db.session.query(StoredCount).one().report
    assert report["min_women"] == 1 and report["women"] == ["Ann Adams", "Cat Clark"]
    assert report["seats"] == 2


def test_a_body_from_the_register_of_mps_is_not_offered_to_admins(client, admin, world):
    create_body(world.election, "MP001", "mp", name="Jo Member")
    db.session.commit()
    page = client.get("/counts/new")
    assert b"Town 1 CLP" in page.data and b"Jo Member" not in page.data


def test_the_stages_download_as_csv(client, admin, world):
    upload(client)
    stored = db.session.query(StoredCount).one()
    response = client.get(f"/counts/{stored.id}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.get_data().decode("utf-8-sig").splitlines()[:3] == [
        "candidate,stage_1,stage_2,outcome",
        "Ann Adams,4.00000,4.00000,",
        "Ben Brown,3.00000,5.00000,elected in stage 2",
    ]
    assert client.get(f"/counts/{stored.id}.blt").get_data(as_text=True) == SMALL_BLT


#: Candidates named as a spreadsheet would run them; each is written with an apostrophe in front, and so kept as text.
FORMULA_NAMES = {'=HYPERLINK("http://x","y")': '\'=HYPERLINK("http://x","y")', "+1+1": "'+1+1",
                 "@SUM(A1)": "'@SUM(A1)", "-2+3": "'-2+3"}
#: What no downloaded cell may start with (tracker.web.downloads), written out here so the test does not borrow it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def test_candidate_names_that_look_like_formulas_download_as_text(client, admin, world):
    names = "".join('"' + name.replace('"', '\\"') + '"\n' for name in FORMULA_NAMES)
    blt = f"4 1\n4 1 2 0\n3 2 1 0\n2 3 2 0\n1 4 2 0\n0\n{names}\"Formula meeting\"\n"
    assert upload(client, blt_file=(io.BytesIO(blt.encode()), "meeting.blt")).status_code == 302
    stored = db.session.query(StoredCount).one()
    response = client.get(f"/counts/{stored.id}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:5]] == list(FORMULA_NAMES.values())
    assert not [value for row in rows for value in row if value.startswith(FORMULA_STARTS)]


def test_a_bodys_meeting_count_is_private_to_that_body_and_admins(client, create_user, auth, world):
    create_user("sec@example.org", role="secretary", bodies=[world.body.code])
    create_user("other@example.org", role="secretary", bodies=[world.other_body.code])
    create_user()
    auth.login("sec@example.org")
    upload(client, body=str(world.body.id))
    stored_id = db.session.query(StoredCount).one().id
    urls = [f"/counts/{stored_id}", f"/counts/{stored_id}.csv", f"/counts/{stored_id}.blt", f"/api/v1/counts/{stored_id}"]
    assert [client.get(url).status_code for url in urls] == [200] * 4
    auth.logout()
    assert [client.get(url).status_code for url in urls] == [302, 302, 302, 403]
    auth.login("other@example.org")
    assert [client.get(url).status_code for url in urls] == [403] * 4
    auth.logout()
    auth.login()
    assert [client.get(url).status_code for url in urls] == [200] * 4


def test_a_contests_count_is_public(client, admin, world):
    upload(client, contest=str(world.contest.id))
    stored_id = db.session.query(StoredCount).one().id
    client.post("/logout")
    assert client.get(f"/counts/{stored_id}").status_code == 200
    assert client.get(f"/api/v1/counts/{stored_id}").status_code == 200


@pytest.mark.parametrize("field, label", [("seats", "Seats"), ("min_women", "Minimum number of women")])
def test_a_count_setting_of_310_digits_is_refused_naming_the_field(client, admin, world, field, label):
    response = upload(client, contest=str(world.contest.id), **{field: "9" * 310})
    assert response.status_code == 400
    assert f"{label} cannot exceed 2,147,483,647." in response.get_data(as_text=True)
    assert db.session.query(StoredCount).count() == 0


@pytest.mark.parametrize("body", ["99999999999", "-3"])
def test_a_body_id_no_column_holds_is_no_such_body_rather_than_an_error(client, admin, world, body):
    response = upload(client, body=body)
    assert response.status_code == 404
    assert b"There is no such nominating body." in response.data
    assert db.session.query(StoredCount).count() == 0


# --- a contest's count names its frozen ballot; an admin withdraws a wrong count ----------------------------

LEADER_BLT = '3 1\n4 1 2 0\n3 2 1 0\n2 3 2 0\n0\n"Xavier Ames"\n"Yolanda Smith"\n"Zed Zorn"\n"Leader"\n'


def test_a_contests_count_must_name_the_candidates_on_its_frozen_ballot(client, admin, world):
    response = upload(client, contest=str(world.contest.id), blt_file=(io.BytesIO(LEADER_BLT.encode()), "x.blt"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    title = world.contest.title
    assert f"&#39;Xavier Ames&#39; is not on the ballot for {title}" in page
    assert f"&#39;Ann Adams&#39; is on the ballot for {title} but not in the ballot file." in page
    assert db.session.query(StoredCount).count() == 0


def test_a_misspelt_name_is_refused_with_the_nearest_name_on_the_ballot(client, admin, world):
    misspelt = SMALL_BLT.replace("Ben Brown", "Ben Browne")
    response = upload(client, contest=str(world.contest.id), blt_file=(io.BytesIO(misspelt.encode()), "x.blt"))
    assert response.status_code == 400
    assert (f"&#39;Ben Browne&#39; is not on the ballot for {world.contest.title}; did you mean &#39;Ben Brown&#39;?"
            in response.get_data(as_text=True))
    assert db.session.query(StoredCount).count() == 0


def test_a_contests_count_is_refused_until_its_ballot_is_frozen(client, admin, app):
    unfrozen = build_world()
    response = upload(client, contest=str(unfrozen.contest.id))
    assert response.status_code == 400
    assert f"The ballot for {unfrozen.contest.title} has not been frozen yet" in response.get_data(as_text=True)
    assert db.session.query(StoredCount).count() == 0


def test_an_admin_withdraws_a_count_with_a_reason_and_it_leaves_the_result_tab(client, admin, world):
    upload(client, contest=str(world.contest.id))
    stored = db.session.query(StoredCount).one()
    tab = f"/elections/{world.election.slug}/contests/{world.contest.slug}/stages/result"
    assert f"/counts/{stored.id}" in client.get(tab).get_data(as_text=True)
    assert client.post(f"/counts/{stored.id}/withdraw", data={"reason": ""}).status_code == 400
    response = client.post(f"/counts/{stored.id}/withdraw", data={"reason": "The file was for another ward"})
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(StoredCount, stored.id)
    assert stored.withdrawn_at is not None and stored.withdrawn_reason == "The file was for another ward"
    event = db.session.query(AuditEvent).filter_by(action="count.withdraw").one()
    assert (event.object_type, event.contest_id) == ("storedcount", world.contest.id)
    client.post("/logout")
    assert f"/counts/{stored.id}" not in client.get(tab).get_data(as_text=True)
    page = client.get(f"/counts/{stored.id}").get_data(as_text=True)
    assert "This count was withdrawn" in page and "The file was for another ward" in page
    assert client.get(f"/api/v1/counts/{stored.id}").get_json()["withdrawn_reason"] == "The file was for another ward"


def test_only_an_admin_may_withdraw_a_count(client, create_user, auth, world):
    create_user("sec@example.org", role="secretary", bodies=[world.body.code])
    auth.login("sec@example.org")
    upload(client, body=str(world.body.id))
    stored = db.session.query(StoredCount).one()
    assert client.post(f"/counts/{stored.id}/withdraw", data={"reason": "mine"}).status_code == 403
    assert db.session.get(StoredCount, stored.id).withdrawn_at is None


def test_the_count_pages_title_is_only_its_title_for_an_admin_too(client, admin, world):
    upload(client)
    stored = db.session.query(StoredCount).one()
    page = client.get(f"/counts/{stored.id}").get_data(as_text=True)
    title = page[page.index("<title>") + len("<title>"):page.index("</title>")]
    assert title == "Town 1 CLP meeting — Nominations Tracker"
    assert page.count('action="/counts/') == 1  # one withdrawal form, in the page's body
