"""Slate pages: organisers draft and publish in plain forms; members read published slates, resolved."""
import html
import re
from datetime import timedelta

import pytest

from tests.factories import create_body, create_person, create_suspension
from tests.slates.conftest import AFTER, DURING
from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.slates.models import Organisation, Slate, SlateVersion

DRAFT = "/elections/nec-2025/slates/grassroots-left/draft"
PUBLISH = "/elections/nec-2025/slates/grassroots-left/publish"
PUBLIC = "/elections/nec-2025/slates/grassroots-left"
REFUSAL = "published versions cannot be changed: publish a new version"


@pytest.fixture
def organiser(world, create_user, auth):
    """Logged in as an organiser of Grassroots Left (created with the account)."""
    create_user("organiser@example.org", role="organiser", org="grassroots-left")
    auth.login("organiser@example.org")
    return db.session.query(Organisation).filter_by(slug="grassroots-left").one()


def form(title="Our NEC slate", leader="", nec="", action="save"):
    return {"title": title, "picks-leader": leader, "picks-nec-clp": nec, "action": action}


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def test_organiser_drafts_publishes_edits_and_republishes_in_the_forms(client, organiser):
    page = client.get(DRAFT)
    assert page.status_code == 200
    assert 'name="picks-nec-clp"' in page.get_data(as_text=True)

    saved = client.post(DRAFT, data=form(leader="Sam Carter > Ria Patel", nec="Ann Ash\nBea Birch > Cal Cole"))
    assert saved.status_code == 302 and saved.headers["Location"].endswith(DRAFT)
    assert "Draft saved. It stays private" in text(client.get(DRAFT))
    assert client.get(PUBLIC).status_code == 404  # not public until published

    published = client.post(PUBLISH)
    assert published.status_code == 302 and published.headers["Location"].endswith(PUBLIC)
    first = text(client.get(PUBLIC))
    assert "Published version 1" in first
    assert "Vote for: Sam Carter" in first

    edited = client.post(DRAFT, data=form(leader="Ria Patel > Sam Carter", nec="Bea Birch > Cal Cole\nAnn Ash",
                                          action="publish"))
    assert edited.status_code == 302 and edited.headers["Location"].endswith(PUBLIC)
    second = text(client.get(PUBLIC))
    assert "Version 2, published" in second
    assert "Vote for: Ria Patel" in second
    assert "Leader: Ria Patel added." in second and "Leader: Sam Carter removed." in second
    assert "NEC: CLP section: Ann Ash moved from pick 1 to pick 2." in second
    assert "/elections/nec-2025/slates/grassroots-left/versions/1" in client.get(PUBLIC).get_data(as_text=True)

    old = text(client.get(PUBLIC + "/versions/1"))
    assert "This is version 1, replaced since." in old and "Vote for: Sam Carter" in old
    versions = db.session.query(SlateVersion).order_by(SlateVersion.number).all()
    assert [v.number for v in versions] == [1, 2]
    assert all(v.published_by_id is not None for v in versions)
    assert db.session.query(AuditEvent).filter_by(action="slate.publish").count() == 2


def test_draft_is_private_even_after_a_version_is_published(client, organiser, auth):
    client.post(DRAFT, data=form(leader="Sam Carter", action="publish"))
    client.post(DRAFT, data=form(leader="Lee Hughes"))
    assert "The draft has changes that are not published." in text(client.get(DRAFT))
    auth.logout()
    for url in (PUBLIC, PUBLIC + "/card", PUBLIC + "/slate.csv", "/api/v1/elections/nec-2025/slates/grassroots-left"):
        body = client.get(url).get_data(as_text=True)
        assert "Lee Hughes" not in body, url
        assert "Sam Carter" in body, url
    compared = client.get("/elections/nec-2025/contests/leader/slates.csv").get_data().decode("utf-8-sig").replace("\r\n", "\n")
    assert "Sam Carter,on_ballot,pick 1" in compared and "Lee Hughes,on_ballot,\n" in compared
    assert client.get(DRAFT).status_code == 302  # to the login page


def test_slate_never_published_is_not_found_and_not_listed(client, organiser, auth):
    client.post(DRAFT, data=form(leader="Sam Carter"))
    auth.logout()
    assert client.get(PUBLIC).status_code == 404
    assert "Grassroots Left" not in client.get("/elections/nec-2025/slates").get_data(as_text=True)


@pytest.mark.parametrize(
    "picks, message",
    [
        (dict(nec="Ann Ash\nBea Birch\nCal Cole\nDan Dale"),
         "4 picks for 3 seats; a slate may pick at most one name per seat."),
        (dict(leader="\nSam Carter\nNobody Known"), 'Line 3: "Nobody Known" is not a candidate in this contest.'),
        (dict(leader="Sam Carter\nSam Carter"), "Line 2: Sam Carter is already pick 1; a name may be picked only once."),
        (dict(leader="Sam Carter > Sam Carter"),
         "Line 1: Sam Carter is the pick itself; a substitute must be someone else."),
        (dict(leader="Sam Carter > "), "Line 1: A name is required."),
    ],
    ids=["more-picks-than-seats", "unknown-name", "name-twice", "chain-names-the-pick", "empty-substitute"],
)
def test_bad_draft_in_the_form_is_shown_again_with_its_message_and_nothing_written(client, organiser, picks, message):
    events = db.session.query(AuditEvent).count()
    response = client.post(DRAFT, data=form(**picks, action="publish"))
    assert response.status_code == 400
    body = html.unescape(response.get_data(as_text=True))
    assert message in body
    assert picks.get("leader", picks.get("nec", "")).strip() in body  # what was typed is shown again
    assert db.session.query(Slate).count() == 0
    assert db.session.query(AuditEvent).count() == events


def test_publishing_an_unchanged_draft_is_refused(client, organiser):
    client.post(DRAFT, data=form(leader="Sam Carter", action="publish"))
    response = client.post(PUBLISH)
    assert response.status_code == 400
    assert "the draft is the same as version 1: change it before publishing" in response.get_data(as_text=True)
    assert db.session.query(SlateVersion).count() == 1


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", [PUBLIC + "/versions/1", PUBLIC, "/api/v1/elections/nec-2025/slates/grassroots-left"])
def test_changing_a_published_version_is_refused(client, organiser, method, url):
    client.post(DRAFT, data=form(leader="Sam Carter", action="publish"))
    events = db.session.query(AuditEvent).count()
    response = getattr(client, method)(url, data=form(leader="Ria Patel"))
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD"
    assert REFUSAL in response.get_data(as_text=True)
    version = db.session.query(SlateVersion).one()
    assert version.content == {"leader": [{"name": "Sam Carter", "otherwise": []}]}
    assert db.session.query(AuditEvent).count() == events


def test_changing_a_published_version_is_refused_even_with_csrf_protection_on(
    app_factory, world, organisation, published
):
    published(organisation(), world.election, {"leader": [("Sam Carter",)]})
    client = app_factory(WTF_CSRF_ENABLED=True).test_client()
    response = client.post(PUBLIC + "/versions/1", data={})
    assert response.status_code == 405 and REFUSAL in response.get_data(as_text=True)


# --- who may edit ------------------------------------------------------------------------------------------

EDITOR_REQUESTS = [("get", DRAFT), ("post", DRAFT), ("post", PUBLISH)]


@pytest.mark.parametrize("method, url", [*EDITOR_REQUESTS, ("get", "/organise"), ("post", "/organise")])
def test_anonymous_user_is_sent_to_log_in_from_the_editor(client, world, method, url):
    db.session.add(Organisation(slug="grassroots-left", name="Grassroots Left"))
    db.session.commit()
    response = getattr(client, method)(url, data=form(leader="Sam Carter"))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("method, url", EDITOR_REQUESTS)
def test_organiser_of_another_organisation_is_refused(client, world, create_user, auth, method, url):
    create_user("organiser@example.org", role="organiser", org="grassroots-left")
    create_user("rival@example.org", role="organiser", org="red-front")
    auth.login("rival@example.org")
    response = getattr(client, method)(url, data=form(leader="Sam Carter", action="publish"))
    assert response.status_code == 403
    assert db.session.query(Slate).count() == 0


@pytest.mark.parametrize("method, url", [*EDITOR_REQUESTS, ("get", "/organise"), ("post", "/organise")])
def test_secretary_is_refused(client, world, create_user, auth, method, url):
    create_user("organiser@example.org", role="organiser", org="grassroots-left")
    create_body(world.election, "SEC1")
    db.session.commit()
    create_user("sec@example.org", role="secretary", bodies=["SEC1"])
    auth.login("sec@example.org")
    assert getattr(client, method)(url, data=form(leader="Sam Carter")).status_code == 403


def test_admin_may_act_for_any_organisation(client, world, create_user, auth):
    create_user("organiser@example.org", role="organiser", org="grassroots-left")
    create_user()
    auth.login()
    response = client.post(DRAFT, data=form(leader="Sam Carter", action="publish"))
    assert response.status_code == 302
    assert db.session.query(SlateVersion).one().number == 1


def test_organiser_home_lists_their_organisations_slates(client, organiser):
    client.post(DRAFT, data=form(leader="Sam Carter", action="publish"))
    client.post(DRAFT, data=form(leader="Ria Patel"))
    page = text(client.get("/organise"))
    assert "Grassroots Left" in page and "Version 1" in page and "unpublished changes" in page


def test_admin_adds_an_organisation_and_a_bad_one_is_refused(client, create_user, auth):
    create_user()
    auth.login()
    assert client.post("/organise", data={"slug": "red-front", "name": "Red Front"}).status_code == 302
    refused = client.post("/organise", data={"slug": "red-front", "name": "Again"})
    assert refused.status_code == 400
    assert "an organisation with the slug &#39;red-front&#39; already exists" in refused.get_data(as_text=True)
    assert db.session.query(Organisation).count() == 1


def test_organiser_cannot_add_organisations(client, organiser):
    assert client.post("/organise", data={"slug": "mine", "name": "Mine"}).status_code == 403


def test_draft_form_carries_a_csrf_token_and_is_refused_without_one(app_factory, world, create_user):
    from tests.conftest import PASSWORD

    app = app_factory(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        create_user("organiser@example.org", role="organiser", org="grassroots-left")
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    client.post("/login", data={"email": "organiser@example.org", "password": PASSWORD, "csrf_token": token})
    assert client.post(DRAFT, data=form(leader="Sam Carter")).status_code == 400
    page = client.get(DRAFT).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post(DRAFT, data={**form(leader="Sam Carter"), "csrf_token": token}).status_code == 302
    publish_token = re.findall(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(DRAFT).get_data(as_text=True))
    assert len(publish_token) >= 2  # the draft form and the publish form
    assert client.post(PUBLISH, data={"csrf_token": publish_token[-1]}).status_code == 302


# --- what members see --------------------------------------------------------------------------------------


@pytest.fixture
def two_slates(world, organisation, published):
    """Two published slates; Sam Carter suspended since 2 July 2025 (open-ended)."""
    create_suspension(create_person("Sam Carter"), AFTER - timedelta(days=1), reason="under investigation")
    db.session.commit()
    published(organisation(), world.election,
              {"leader": [("Sam Carter", ("Ria Patel",))], "nec-clp": [("Ann Ash",), ("Eve Elm",), ("Cal Cole",)]},
              title="Grassroots recommends")
    published(organisation("red-front", "Red Front"), world.election,
              {"leader": [("Lee Hughes",)]}, title="Red Front's choice")


def test_member_sees_the_slate_resolved_now_with_each_substitution_and_its_reason(client, two_slates):
    page = text(client.get(PUBLIC))
    assert "Grassroots recommends" in page and "Recommended by Grassroots Left" in page
    assert "Vote for: Ria Patel" in page
    assert "Sam Carter is suspended since 2 July 2025 (reason: under investigation)." in page
    assert "Gap: no usable name" in page  # Eve Elm was eliminated and has no substitute
    assert "1 pick with no usable name" in page
    assert "Women: 1 of the picks is a woman; the contest reserves 2 seats for women." in page
    assert "The ballot is set" in page
    assert "(now)" in page
    assert "Version 1, published" in page


def test_member_sees_the_slate_as_of_an_earlier_moment(client, two_slates):
    page = text(client.get(PUBLIC, query_string={"as_of": DURING.strftime("%Y-%m-%dT%H:%M")}))
    assert "Vote for: Sam Carter" in page
    assert "The ballot is not yet set" in page
    assert "Resolved against the ballot as of 09:00 on 12 June 2025" in page  # local to the election's zone


def test_bad_as_of_is_a_400_that_names_the_parameter(client, two_slates):
    response = client.get(PUBLIC, query_string={"as_of": "last tuesday"})
    assert response.status_code == 400
    assert "as_of &#39;last tuesday&#39; is not a date and time: write it as" in response.get_data(as_text=True)


def test_member_compares_every_slate_for_a_contest_side_by_side(client, two_slates):
    page = client.get("/elections/nec-2025/contests/leader/slates")
    assert page.status_code == 200
    words = text(page)
    assert "Grassroots Left" in words and "Red Front" in words
    assert "Sam Carter suspended recommended as pick 1, replaced" in words
    assert "Ria Patel on the ballot pick 1 (instead of Sam Carter)" in words
    assert "Lee Hughes on the ballot pick 1" in words
    assert "Dee Okafor eliminated" in words
    csv = client.get("/elections/nec-2025/contests/leader/slates.csv")
    assert csv.mimetype == "text/csv"
    assert csv.get_data().decode("utf-8-sig").splitlines()[0] == "candidate,status,grassroots-left,red-front"
    assert "Ria Patel,on_ballot,pick 1 (instead of Sam Carter)," in csv.get_data(as_text=True)


def test_index_lists_published_slates_with_links_to_compare(client, two_slates):
    page = client.get("/elections/nec-2025/slates").get_data(as_text=True)
    assert "Grassroots recommends" in page and "Red Front&#39;s choice" in page
    assert "/elections/nec-2025/contests/nec-clp/slates" in page
    assert client.get("/elections/nec-2025/slates.csv").get_data().decode("utf-8-sig").replace("\r\n", "\n").startswith(
        "organisation,organisation_name,title,version,published_at\ngrassroots-left,Grassroots Left,")


def test_how_to_vote_card_is_printable(client, two_slates):
    response = client.get(PUBLIC + "/card")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="/static/card.css"' in body  # its print rules are a stylesheet of their own, not inline
    assert "@media print" in client.get("/static/card.css").get_data(as_text=True)
    words = text(response)
    assert "How to vote: Grassroots Left" in words
    assert "Ria Patel instead of Sam Carter" in words
    assert "http://localhost/elections/nec-2025/slates/grassroots-left" in words


def test_slate_downloads_as_csv(client, two_slates):
    response = client.get(PUBLIC + "/slate.csv")
    assert response.mimetype == "text/csv"
    assert "nec-2025-grassroots-left-v1.csv" in response.headers["Content-Disposition"]
    lines = response.get_data().decode("utf-8-sig").splitlines()
    assert lines[0] == "contest,pick,recommended,otherwise,vote_for,reason"
    assert lines[1] == ("leader,1,Sam Carter,Ria Patel,Ria Patel,"
                        "Sam Carter is suspended since 2 July 2025 (reason: under investigation)")
    assert lines[3].startswith("nec-clp,2,Eve Elm,,,Eve Elm is eliminated")


def test_public_pages_answer_a_matching_etag_with_304(client, two_slates):
    first = client.get(PUBLIC)
    assert first.headers["Cache-Control"] == "public, max-age=60"
    again = client.get(PUBLIC, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("url", [
    "/elections/nope/slates", "/elections/nec-2025/slates/nobody", "/elections/nec-2025/slates/grassroots-left/versions/9",
    "/elections/nec-2025/contests/nope/slates",
])
def test_unknown_things_are_not_found(client, two_slates, url):
    assert client.get(url).status_code == 404
