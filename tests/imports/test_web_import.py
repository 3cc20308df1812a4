"""The admins' web import at /admin/elections/<election>/import: a preview of exactly what a file would create,
change and leave alone, with every problem as the command line prints it; nothing written before confirmation;
confirmation writes exactly what was previewed, or nothing if the facts changed; one audit event per import."""
from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD
from tests.imports.conftest import BODIES_CSV, NOMINATIONS_CSV
from tracker.audit.models import AuditEvent
from tracker.bodies.models import NominatingBody
from tracker.extensions import db
from tracker.imports.csv_import import import_bodies, import_candidates, import_nominations
from tracker.imports.election_toml import load_election
from tracker.nominations.models import Nomination

URL = "/admin/elections/leadership-2026/import"


@pytest.fixture
def election(app, files):
    found = load_election(files.election).election
    import_bodies(found, files.bodies)
    import_candidates(found, files.candidates)
    db.session.commit()
    return found


@pytest.fixture
def admin(client, create_user, auth, election):
    create_user()
    auth.login()
    return client


def upload(client, text: str | bytes, kind: str = "nominations", name: str = "nominations.csv"):
    data = text.encode() if isinstance(text, str) else text
    return client.post(URL, data={"kind": kind, "csv_file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def token_of(html: str) -> str:
    return re.search(r'name="token" type="hidden" value="([^"]+)"', html).group(1)


def counts() -> tuple[int, int]:
    db.session.expire_all()
    return (db.session.scalar(select(func.count(Nomination.id))), db.session.scalar(select(func.count(AuditEvent.id))))


def test_anonymous_users_are_asked_to_log_in_and_others_are_refused(client, create_user, auth, election):
    response = client.get(URL)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post(URL, data={"kind": "bodies"}).status_code == 302
    create_user("sec@example.org", role="secretary", bodies=["CLP001"])
    auth.login("sec@example.org", PASSWORD)
    assert client.get(URL).status_code == 403
    assert upload(client, NOMINATIONS_CSV).status_code == 403
    assert client.post(URL + "/confirm", data={"token": "x"}).status_code == 403


def test_the_admin_page_links_to_the_import_and_the_page_offers_every_kind(admin):
    assert f'href="{URL}"' in admin.get("/admin/").get_data(as_text=True)
    html = admin.get(URL).get_data(as_text=True)
    for kind in ("bodies", "candidates", "nominations", "suspensions"):
        assert f'<option value="{kind}">' in html
    assert "contest,candidate,body,nominated_at[,status]" in html
    assert admin.get("/admin/elections/nowhere/import").status_code == 404


def test_the_preview_shows_each_row_and_writes_nothing(admin):
    before = counts()
    response = upload(admin, NOMINATIONS_CSV)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<strong>6</strong> to create, <strong>0</strong> to change," in html
    assert re.search(r'<span class="row-number">Row 3</span> [^<]*Sam Carter', html)
    assert "Confirm: 6 nominations imported" in html
    assert counts() == before


def test_confirming_writes_what_was_previewed_with_one_import_event(admin):
    nominations, events = counts()
    token = token_of(upload(admin, NOMINATIONS_CSV).get_data(as_text=True))
    response = admin.post(URL + "/confirm", data={"token": token})
    assert response.status_code == 303
    assert "6 nominations imported from nominations.csv." in admin.get(response.headers["Location"]).get_data(as_text=True)
    assert counts()[0] == nominations + 6
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "election.import")).all()
    assert event.summary == "6 nominations imported" and event.actor_label == "admin@example.org"
    assert {k: event.after[k] for k in ("kind", "file", "rows", "created", "updated", "unchanged")} == {
        "kind": "nominations", "file": "nominations.csv", "rows": 6, "created": 6, "updated": 0, "unchanged": 0}
    first, last = event.after["events"]
    rows = db.session.scalars(select(AuditEvent.action).where(AuditEvent.id.between(first, last))).all()
    assert rows.count("nomination.create") == 6 and last == event.id - 1


def test_the_same_file_again_is_all_left_alone_and_offers_nothing_to_confirm(admin, election, files):
    import_nominations(election, files.nominations)
    db.session.commit()
    html = upload(admin, NOMINATIONS_CSV).get_data(as_text=True)
    assert "<strong>0</strong> to create, <strong>0</strong> to change, <strong>6</strong> left alone" in html
    assert "This file would change nothing." in html and "Confirm:" not in html


def test_a_changed_row_is_shown_with_what_it_changes(admin):
    renamed = BODIES_CSV.replace("CLP002,Bridgeford,clp,Wales,,", "CLP002,Bridgeford and Ely,clp,Wales,,")
    html = upload(admin, renamed, "bodies", "bodies.csv").get_data(as_text=True)
    assert "<strong>0</strong> to create, <strong>1</strong> to change, <strong>10</strong> left alone" in html
    assert "name: <del>Bridgeford</del> → <ins>Bridgeford and Ely</ins>" in html
    assert "Confirm: 1 body imported" in html


def test_if_the_facts_change_after_the_preview_nothing_is_written_and_the_new_preview_is_shown(admin, election, files):
    token = token_of(upload(admin, NOMINATIONS_CSV).get_data(as_text=True))
    partly = files("part.csv", "\n".join(NOMINATIONS_CSV.splitlines()[:3]) + "\n")
    import_nominations(election, partly)  # someone else records two of its rows meanwhile
    db.session.commit()
    before = counts()
    response = admin.post(URL + "/confirm", data={"token": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Nothing was imported: the facts this file touches changed after the preview" in html
    assert "<strong>4</strong> to create, <strong>0</strong> to change, <strong>2</strong> left alone" in html
    assert counts() == before
    again = admin.post(URL + "/confirm", data={"token": token_of(html)})
    assert again.status_code == 303 and counts()[0] == before[0] + 4


def test_a_file_with_problems_lists_them_as_the_command_line_does_and_cannot_be_confirmed(admin):
    bad = ("contest,candidate,body,nominated_at\n" + "".join(f"leader,Sam Carter,CLP00{i},{i} Jan\n" for i in (1, 2, 3))
           + "leader,Sam Carte,MP01,2026-01-08 10:00\n")
    response = upload(admin, bad)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Nothing can be imported from nominations.csv: 2 problems" in html
    assert ("nominations.csv: nominated_at, rows 2–4: is not a date and time: write it as 2026-02-14 17:00 or "
            "14/02/2026 17:00 (row 2: &#39;1 Jan&#39;)") in html
    assert "no candidate named &#39;Sam Carte&#39; in Leader; did you mean &#39;Sam Carter&#39;?" in html
    assert 'name="token"' not in html


def test_a_file_separated_by_semicolons_is_one_sentence(admin):
    html = upload(admin, NOMINATIONS_CSV.replace(",", ";")).get_data(as_text=True)
    assert "nominations.csv: this file is separated by semicolons; use commas" in html


def test_no_file_or_too_large_a_file_is_refused_with_a_sentence(admin):
    response = admin.post(URL, data={"kind": "nominations"}, content_type="multipart/form-data")
    assert response.status_code == 400 and "Choose a CSV file to upload." in response.get_data(as_text=True)
    big = NOMINATIONS_CSV + "#" * (2 * 1024 * 1024)
    response = upload(admin, big)
    assert response.status_code == 400 and "The file is larger than 2 MB" in response.get_data(as_text=True)
    assert upload(admin, NOMINATIONS_CSV, kind="ballots").status_code == 400


def test_a_forged_or_foreign_token_writes_nothing(admin, client, create_user, auth):
    token = token_of(upload(admin, NOMINATIONS_CSV).get_data(as_text=True))
    create_user("other@example.org")
    before = counts()
    forged = admin.post(URL + "/confirm", data={"token": token[:-4] + "AAAA"})
    assert forged.status_code == 400 and "upload the file again" in forged.get_data(as_text=True)
    auth.login("other@example.org", PASSWORD)
    foreign = client.post(URL + "/confirm", data={"token": token})
    assert foreign.status_code == 400 and "by another account" in foreign.get_data(as_text=True)
    assert counts() == before


def test_forms_need_their_csrf_token(app_factory, files, create_user):
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        load_election(files.election)
        db.session.commit()
        create_user()
    client = app.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    client.post("/login", data={"email": "admin@example.org", "password": PASSWORD, "csrf_token": csrf})
    assert client.get(URL).status_code == 200
    refused = client.post(URL, data={"kind": "bodies", "csv_file": (io.BytesIO(BODIES_CSV.encode()), "b.csv")},
                          content_type="multipart/form-data")
    assert refused.status_code == 400
    assert client.post(URL + "/confirm", data={"token": "x"}).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(NominatingBody.id))) == 0


def test_a_changed_time_is_shown_in_the_elections_zone_not_as_stored(admin, election, files):
    import_nominations(election, files("first.csv", NOMINATIONS_CSV))
    db.session.commit()
    moved = NOMINATIONS_CSV.replace("leader,Sam Carter,CLP001,2026-01-20T19:30:00,", "leader,Sam Carter,CLP001,21/01/2026 19:30,")
    html = upload(admin, moved).get_data(as_text=True)
    assert "<del>19:30 on 20 January 2026</del> → <ins>19:30 on 21 January 2026</ins>" in html
    assert "<del>2026-01-20" not in html
