"""The slates' JSON answers in DESIGN.md's shape."""
from datetime import timedelta

from tests.factories import create_person, create_suspension
from tests.slates.conftest import AFTER
from tracker.extensions import db

URL = "/api/v1/elections/nec-2025/slates/grassroots-left"


def publish_two_versions(world, organisation, published):
    org = organisation()
    published(org, world.election, {"leader": [("Sam Carter",)]})
    return published(org, world.election, {"leader": [("Sam Carter", ("Ria Patel",))], "nec-clp": [("Ann Ash",)]})


def test_list_of_published_slates(client, world, organisation, published):
    latest = publish_two_versions(world, organisation, published)
    organisation("red-front", "Red Front")  # has published nothing
    answer = client.get("/api/v1/elections/nec-2025/slates").get_json()
    assert answer == [{"organisation": "grassroots-left", "name": "Grassroots Left", "title": "Our recommendations",
                       "version": 2, "published_at": latest.published_at.isoformat()}]


def test_slate_answers_in_designs_shape_resolved_as_of(client, world, organisation, published):
    create_suspension(create_person("Sam Carter"), AFTER, ends_at=AFTER + timedelta(days=7))
    db.session.commit()
    latest = publish_two_versions(world, organisation, published)
    during = client.get(URL, query_string={"as_of": (AFTER + timedelta(days=1)).isoformat()})
    assert during.status_code == 200
    assert during.get_json() == {
        "organisation": "grassroots-left",
        "version": 2,
        "published_at": latest.published_at.isoformat(),
        "contests": {
            "leader": {"picks": ["Ria Patel"],
                       "substitutions": [{"out": "Sam Carter", "in": "Ria Patel",
                                          "reason": "Sam Carter is suspended since 3 July 2025 (reason: none published)"}],
                       "gaps": 0},
            "nec-clp": {"picks": ["Ann Ash"], "substitutions": [], "gaps": 0},
        },
    }
    now = client.get(URL).get_json()  # the suspension has ended
    assert now["contests"]["leader"] == {"picks": ["Sam Carter"], "substitutions": [], "gaps": 0}


def test_gap_is_counted(client, world, organisation, published):
    published(organisation(), world.election, {"nec-clp": [("Eve Elm",), ("Ann Ash",)]})
    contest = client.get(URL).get_json()["contests"]["nec-clp"]
    assert contest["gaps"] == 1 and contest["picks"] == ["Ann Ash"]
    assert contest["substitutions"][0]["in"] is None


def test_bad_as_of_is_a_400_naming_the_parameter(client, world, organisation, published):
    published(organisation(), world.election, {"leader": [("Sam Carter",)]})
    response = client.get(URL, query_string={"as_of": "yesterday"})
    assert response.status_code == 400
    body = response.get_json()
    assert body["problems"][0]["field"] == "as_of"
    assert body["message"].startswith("as_of 'yesterday' is not a date and time: write it as")


def test_draft_only_slate_unknown_organisation_and_unknown_election_are_404_json(client, world, organisation):
    from tracker.rules.slates import Pick
    from tracker.slates.operations import save_draft

    save_draft(organisation(), world.election, {"leader": [Pick("Sam Carter")]})
    db.session.commit()
    for url in (URL, "/api/v1/elections/nec-2025/slates/nobody", "/api/v1/elections/nope/slates"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.get_json()["status"] == 404


def test_api_answers_carry_etag_and_cache_control(client, world, organisation, published):
    published(organisation(), world.election, {"leader": [("Sam Carter",)]})
    first = client.get(URL)
    assert first.headers["Cache-Control"] == "public, max-age=60"
    assert client.get(URL, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
