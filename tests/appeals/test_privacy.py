"""The promises kept: exports filtered by consent and recorded in the share ledger, a supporter's own data and
erasure, organisers seeing only their own signers, and no signer on any public page or API answer."""
from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select, text

from tests.appeals.conftest import PAGE, my_data_path, sign, sign_and_confirm
from tests.conftest import AuthActions
from tracker.appeals import services
from tracker.appeals.models import ShareExport, ShareExportEntry, Supporter
from tracker.extensions import db

SIGNERS = "/appeals/alliance/halt-the-nec/signers"
EXPORT = "/appeals/alliance/halt-the-nec/export"


def export_csv(client, purpose, note=""):
    response = client.post(EXPORT, data={"purpose": purpose, "note": note})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


@pytest.fixture
def three_signers(client, world, smtp_server):
    """Ann consents to sharing, Bob refuses it, Cat consents and later withdraws it; Dee never confirms."""
    sign_and_confirm(client, smtp_server, "ann@example.org", name="Ann Able", body="C001", local_groups=True)
    sign_and_confirm(client, smtp_server, "bob@example.org", name="Bob Brown", body="C002", newsletter=True)
    sign_and_confirm(client, smtp_server, "cat@example.org", name="Cat Cole", body="C003", local_groups=True)
    sign(client, email="dee@example.org", name="Dee Dunn", local_groups=True)
    cat_page = my_data_path(smtp_server, "cat@example.org")
    page = client.get(cat_page).get_data(as_text=True)
    assert "Withdraw my consent “local_groups”" in page
    cat = db.session.scalar(select(Supporter).where(Supporter.email == "cat@example.org"))
    signature_id = services.held_about(cat).signatures[0].id
    assert client.post(f"{cat_page}/signatures/{signature_id}/consents/local_groups/withdraw").status_code == 302
    return cat_page


def test_for_local_groups_leaves_out_refusers_and_withdrawers_and_the_ledger_records_it(client, world, three_signers):
    AuthActions(client).login("x@alliance.example")
    rows = export_csv(client, "share_local_groups", "For the North West organisers' meeting")
    assert [row["email"] for row in rows] == ["ann@example.org"]
    assert rows[0]["name"] == "Ann Able" and rows[0]["clp"] == "C001" and rows[0]["consent_local_groups"] == "yes"
    own = export_csv(client, "own_use")
    assert sorted(row["email"] for row in own) == ["ann@example.org", "bob@example.org", "cat@example.org"]
    ledger = db.session.scalars(select(ShareExport).order_by(ShareExport.id)).all()
    assert [(e.actor_label, e.purpose, e.count, e.recipients) for e in ledger] == [
        ("x@alliance.example", "share_local_groups", 1, "local and regional groups of the alliance"),
        ("x@alliance.example", "own_use", 3, "The Alliance")]
    assert "consent “local_groups” is given" in ledger[0].filter
    assert ledger[0].note == "For the North West organisers' meeting"
    assert [e.email for e in ledger[0].entries] == ["ann@example.org"]


def test_an_export_must_say_what_it_is_for_and_nothing_is_recorded_without(client, world, three_signers):
    AuthActions(client).login("x@alliance.example")
    response = client.post(EXPORT, data={"note": "no purpose"})
    assert response.status_code == 400 and "Choose what the export is for." in response.get_data(as_text=True)
    assert db.session.query(ShareExport).count() == 0


def test_the_supporter_sees_every_export_that_included_them(client, world, smtp_server, three_signers):
    AuthActions(client).login("x@alliance.example")
    export_csv(client, "share_local_groups")
    AuthActions(client).logout()
    sign(client, email="ann@example.org")  # a repeat mails a fresh "my data" link
    page = client.get(my_data_path(smtp_server, "ann@example.org", count=2)).get_data(as_text=True)
    assert "Exports that included you" in page and "local and regional groups of the alliance" in page
    assert "Ann Able" in page and "given" in page and "refused" in page


def test_organiser_y_gets_403_on_organiser_xs_signers_and_export(client, world, three_signers):
    AuthActions(client).login("y@other.example")
    assert client.get(SIGNERS).status_code == 403
    assert client.get(EXPORT).status_code == 403
    assert client.post(EXPORT, data={"purpose": "own_use"}).status_code == 403
    assert db.session.query(ShareExport).count() == 0


def test_organiser_x_sees_the_signers_with_held_ones_marked(client, world, three_signers):
    AuthActions(client).login("x@alliance.example")
    page = client.get(SIGNERS).get_data(as_text=True)
    assert "Ann Able" in page and "bob@example.org" in page and "Dee Dunn" in page
    assert "pending" in page


def test_an_admin_sees_the_counts_but_not_the_signers(client, world, three_signers):
    AuthActions(client).login("admin@example.org")
    response = client.get(SIGNERS)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "3 confirmed" in page
    assert "Ann Able" not in page and "ann@example.org" not in page
    assert client.get(EXPORT).status_code == 403


def test_anonymous_visitors_are_asked_to_log_in_for_signers(client, world):
    assert client.get(SIGNERS).status_code == 302


def test_the_public_page_and_the_api_never_show_a_signer(client, world, three_signers):
    for url in (PAGE, "/appeals", "/appeals/alliance", "/api/v1/appeals/alliance/halt-the-nec"):
        body = client.get(url).get_data(as_text=True)
        for secret in ("Ann Able", "ann@example.org", "Bob Brown", "bob@example.org", "Cat Cole", "Dee Dunn"):
            assert secret not in body, (url, secret)
    data = client.get("/api/v1/appeals/alliance/halt-the-nec").get_json()
    assert data["signatures"] == 3 and data["by_region"] == {"North West": "fewer than 10", "Wales": "fewer than 10"}


PERSONAL = ["ann@example.org", "Ann Able"]


def personal_data_anywhere() -> list[str]:
    """Every place in the database still holding Ann's name or address, found with plain SQL."""
    found = []
    checks = {
        "supporter": ["email"], "signature": ["name"], "share_export_entry": ["name", "email", "clp"],
    }
    for table, columns in checks.items():
        for column in columns:
            for value in PERSONAL:
                if db.session.execute(text(f"SELECT count(*) FROM {table} WHERE {column} = :v"), {"v": value}).scalar():
                    found.append(f"{table}.{column}={value}")
    if db.session.execute(text("SELECT count(*) FROM share_export_entry WHERE clp = 'C001' OR clp = 'Anytown CLP'")
                          ).scalar():
        found.append("share_export_entry.clp")
    audit = " ".join(str(row) for row in db.session.execute(text("SELECT summary, before, after FROM audit_event")))
    found += [f"audit_event:{value}" for value in PERSONAL if value in audit]
    return found


def test_erasure_leaves_no_personal_data_and_the_count_unchanged(client, world, smtp_server, three_signers, backend):
    AuthActions(client).login("x@alliance.example")
    export_csv(client, "share_local_groups")
    AuthActions(client).logout()
    sign(client, email="ann@example.org")
    ann_page = my_data_path(smtp_server, "ann@example.org", count=2)
    db.session.expire_all()
    before = services.counts(world.appeal)
    assert personal_data_anywhere()  # there was something to erase
    response = client.post(f"{ann_page}/erase")
    assert response.status_code == 200 and "Your data is erased" in response.get_data(as_text=True)
    db.session.expire_all()
    assert personal_data_anywhere() == []
    ann_signature = db.session.execute(text(
        "SELECT body_id, region, status FROM signature WHERE name IS NULL AND status = 'confirmed'")).one()
    assert ann_signature == (None, "North West", "confirmed")
    after = services.counts(world.appeal)
    assert after.confirmed == before.confirmed == 3 and after.by_region == before.by_region
    kinds = db.session.execute(text("SELECT DISTINCT kind FROM consent_event WHERE supporter_id = "
                                    "(SELECT supporter_id FROM signature WHERE name IS NULL)")).scalars().all()
    assert "erased" in kinds
    erasure = db.session.execute(text("SELECT salt, email_hash FROM erasure")).one()
    assert "ann" not in erasure.salt + erasure.email_hash
    assert db.session.query(ShareExportEntry).count() == 1  # the ledger keeps that someone was shared
    assert client.get(ann_page).status_code == 404  # the link died with the data


def test_withdrawing_a_signature_uncounts_it_and_withdraws_its_consents(client, world, smtp_server):
    sign_and_confirm(client, smtp_server, "eve@example.org", local_groups=True)
    page = my_data_path(smtp_server, "eve@example.org")
    signature = services.signer_rows(world.appeal)[0].signature_id
    assert client.post(f"{page}/signatures/{signature}/withdraw").status_code == 302
    db.session.expire_all()
    assert services.counts(world.appeal).confirmed == 0
    assert services.signer_rows(world.appeal, every_status=True)[0].consents == {"local_groups": False,
                                                                                 "newsletter": False}


def test_a_supporter_cannot_act_on_someone_elses_signature(client, world, smtp_server):
    sign_and_confirm(client, smtp_server, "one@example.org")
    sign_and_confirm(client, smtp_server, "two@example.org")
    page = my_data_path(smtp_server, "one@example.org")
    others = [r.signature_id for r in services.signer_rows(world.appeal) if r.email == "two@example.org"]
    assert client.post(f"{page}/signatures/{others[0]}/withdraw").status_code == 400
    db.session.expire_all()
    assert services.counts(world.appeal).confirmed == 2


def test_a_my_data_link_can_be_asked_for_with_the_same_answer_for_any_address(client, world, smtp_server):
    sign(client, email="known@example.org")
    from tracker.web.public_forms import stamp

    known = client.post("/my-data", data={"email": "Known@example.org", "started": stamp(0)})
    unknown = client.post("/my-data", data={"email": "stranger@example.org", "started": stamp(0)})
    assert known.status_code == unknown.status_code == 200 and known.get_data() == unknown.get_data()
    assert my_data_path(smtp_server, "known@example.org", count=2).startswith("/my-data/")
    assert smtp_server.to("stranger@example.org") == []
