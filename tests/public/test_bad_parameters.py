"""Every GET route of the public pages and the API, asked with odd parameters, answers 4xx — never a 500."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.factories import T0, create_body, create_candidate, create_contest, create_election, create_nomination
from tracker.extensions import db

#: Every GET route of the two blueprints, as the app names them; what each reads is listed below.
ROUTES = {
    "public.healthz": "/healthz",
    "public.livez": "/livez",
    "public.home": "/",
    "public.home_csv": "/contests.csv",
    "public.election_page": "/elections/{election}",
    "public.contest_page": "/elections/{election}/contests/{contest}",
    "public.stage_page": "/elections/{election}/contests/{contest}/stages/{stage}",
    "public.stage_csv": "/elections/{election}/contests/{contest}/stages/{stage}/{table}.csv",
    "public.contest_feed": "/elections/{election}/contests/{contest}/feed.atom",
    "public.election_feed": "/elections/{election}/feed.atom",
    "public.candidate_page": "/candidates/{slug}",
    "public.candidate_csv": "/candidates/{slug}/nominations.csv",
    "public.bodies_search": "/bodies",
    "public.bodies_csv": "/bodies.csv",
    "public.body_page": "/bodies/{code}",
    "public.body_csv": "/bodies/{code}/nominations.csv",
    "api.elections": "/api/v1/elections",
    "api.election_detail": "/api/v1/elections/{election}",
    "api.contests": "/api/v1/elections/{election}/contests",
    "api.contest_detail": "/api/v1/elections/{election}/contests/{contest}",
    "api.ballot": "/api/v1/elections/{election}/contests/{contest}/ballot",
    "api.contest_candidates": "/api/v1/elections/{election}/contests/{contest}/candidates",
    "api.contest_nominations": "/api/v1/elections/{election}/contests/{contest}/nominations",
    "api.election_changes": "/api/v1/elections/{election}/changes",
    "api.election_bodies": "/api/v1/elections/{election}/bodies",
    "api.bodies": "/api/v1/bodies",
    "api.body_detail": "/api/v1/elections/{election}/bodies/{code}",
    "api.candidates": "/api/v1/candidates",
    "api.candidate_detail": "/api/v1/candidates/{slug}",
    "api.openapi": "/api/v1/openapi.json",
}
READS_AS_OF = {
    "public.home", "public.home_csv", "public.election_page", "public.contest_page", "public.stage_page",
    "public.stage_csv", "public.candidate_page", "public.candidate_csv", "public.body_page", "public.body_csv",
    "api.contest_detail", "api.ballot", "api.contest_candidates", "api.candidate_detail",
}
READS_SINCE = {
    "api.elections", "api.contests", "api.contest_candidates", "api.contest_nominations", "api.election_changes",
    "api.election_bodies", "api.bodies", "api.candidates",
}
READS_TEXT = {  # free text, compared with stored text
    "public.bodies_search": ("q",), "public.bodies_csv": ("q",), "api.election_bodies": ("q",), "api.bodies": ("q",),
    "api.candidates": ("q",), "api.contest_nominations": ("candidate", "body"),
}
REAL = {"election": "leadership-2026", "contest": "leader", "stage": "plp", "table": "progress", "slug": "sam-carter",
        "code": "CLP1"}

#: Moments a calendar cannot hold once moved to UTC, or from before zones kept whole-minute offsets.
OUT_OF_RANGE = ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "0001-01-01")
#: Values that must be refused or ignored, whatever the parameter.
ODD = {
    "as_of": ("garbage", "2026-13-01", "\x00", "2026-01-10T12:00:00+05:00", "1800-06-01", "9000-01-01"),
    "since": ("garbage", "\x00", "2026-01-10T12:00:00+05:00", "1800-06-01", "9000-01-01"),
    "kind": ("bogus", "\x00"),
    "q": ("x" * 5000, "a\x00b", "%", "_", "\\"),
    "status": ("bogus", "\x00"),
    "stage": ("nope", "\x00"),
    "contest": ("nope", "\x00"),
    "candidate": ("x" * 500, "\x00"),
    "body": ("\x00",),
    "format": ("xml",),
}


@pytest.fixture
def small_world(app, clock):
    election = create_election()
    contest = create_contest(election)
    body = create_body(election, "CLP1", kind="clp", region="North")
    create_nomination(create_candidate(contest, "Sam Carter"), body, T0 + timedelta(days=10))
    db.session.commit()


def url(endpoint: str, **override) -> str:
    return ROUTES[endpoint].format(**{**REAL, **override})


def test_the_sweep_covers_every_get_route(app):
    found = {r.endpoint for r in app.url_map.iter_rules()
             if r.endpoint.split(".")[0] in ("public", "api") and "GET" in r.methods}
    assert found == set(ROUTES)


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_odd_parameters_are_refused_not_crashed(client, small_world, endpoint):
    for name, values in ODD.items():
        for value in values:
            response = client.get(url(endpoint), query_string={name: value})
            assert response.status_code < 500, (name, value, response.data[:300])


@pytest.mark.parametrize("endpoint", sorted(READS_AS_OF | READS_SINCE))
def test_a_moment_out_of_range_is_a_400_naming_the_parameter(client, small_world, endpoint):
    for name in ("as_of", "since"):
        if endpoint not in (READS_AS_OF if name == "as_of" else READS_SINCE):
            continue
        for value in OUT_OF_RANGE:
            response = client.get(url(endpoint), query_string={name: value}, headers={"Accept": "application/json"})
            assert response.status_code == 400, (name, value, response.data[:300])
            assert response.get_json()["problems"][0]["field"] == name


@pytest.mark.parametrize("endpoint", sorted(e for e in ROUTES if "{" in ROUTES[e]))
def test_a_nul_in_the_path_is_a_404(client, small_world, endpoint):
    for argument in REAL:
        if "{" + argument + "}" in ROUTES[endpoint]:
            response = client.get(url(endpoint, **{argument: "%00"}))
            assert response.status_code == 404, (argument, response.data[:300])


@pytest.mark.parametrize("endpoint", sorted(READS_TEXT))
def test_a_nul_in_free_text_is_a_400(client, small_world, endpoint):
    for name in READS_TEXT[endpoint]:
        response = client.get(url(endpoint), query_string={name: "a\x00b"})
        assert response.status_code == 400, (name, response.data[:300])
