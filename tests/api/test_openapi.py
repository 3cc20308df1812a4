"""/api/v1/openapi.json is a valid OpenAPI 3.1 document that describes every API route there is."""
from __future__ import annotations

import re

from openapi_spec_validator import validate
from openapi_spec_validator.versions.shortcuts import get_spec_version

from tests.api.openapi_check import OpenAPIChecker
from tracker.api.openapi import document
from tracker.vocabulary import (
    SLUG,
    BodyKind,
    NominationStatus,
    PledgeState,
    RespondentRole,
    SuspensionOutcome,
    VerdictStatus,
)


def test_the_document_is_valid_openapi_3_1():
    spec = document()
    validate(spec)
    assert str(get_spec_version(spec)) == "OpenAPIV3.1"


def test_the_served_document_is_valid_and_names_its_server(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    validate(spec)
    assert spec["servers"] == [{"url": "http://localhost/api/v1"}]


def flask_to_openapi(rule: str) -> str:
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)


def test_every_api_route_is_described(app):
    described = set(document()["paths"])
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and "GET" in rule.methods:
            assert flask_to_openapi(rule.rule)[len("/api/v1"):] in described, f"{rule.rule} is not in openapi.json"


def test_the_api_and_slates_paths_are_all_there():
    paths = set(document()["paths"])
    assert {
        "/elections", "/elections/{election}", "/elections/{election}/contests",
        "/elections/{election}/contests/{contest}", "/elections/{election}/contests/{contest}/ballot",
        "/elections/{election}/contests/{contest}/candidates", "/elections/{election}/contests/{contest}/nominations",
        "/elections/{election}/bodies", "/elections/{election}/bodies/{code}", "/bodies", "/candidates",
        "/candidates/{slug}", "/elections/{election}/changes", "/elections/{election}/slates",
        "/elections/{election}/slates/{organisation}", "/counts/{count_id}", "/openapi.json",
    } <= paths


def test_every_list_takes_since():
    spec = document()
    for path in ("/elections", "/elections/{election}/contests", "/elections/{election}/contests/{contest}/candidates",
                 "/elections/{election}/contests/{contest}/nominations", "/elections/{election}/bodies", "/bodies",
                 "/candidates", "/elections/{election}/changes"):
        names = {p["name"] for p in spec["paths"][path]["get"]["parameters"]}
        assert "since" in names, path


def test_the_checker_rejects_a_response_of_the_wrong_shape():
    checker = OpenAPIChecker(document())
    checker.check("GET", "/api/v1/elections", 200, "application/json",
                  [{"slug": "e", "title": "E", "contests": [{"slug": "c", "title": "C", "seats": 1, "stage": "plp"}]}])
    for wrong in ([{"slug": "e", "title": "E"}], [{"slug": "e", "title": "E", "contests": [], "extra": 1}]):
        try:
            checker.check("GET", "/api/v1/elections", 200, "application/json", wrong)
        except AssertionError:
            continue
        raise AssertionError(f"{wrong!r} was accepted")


def test_the_slate_schema_takes_designs_example():
    checker = OpenAPIChecker(document())
    checker.check(
        "GET", "/api/v1/elections/nec-2026/slates/grassroots-left", 200, "application/json",
        {"organisation": "grassroots-left", "version": 2, "published_at": "2026-06-01T09:00:00+00:00",
         "contests": {"nec-clp": {"picks": ["Ria Patel"], "substitutions": [
             {"out": "Sam Carter", "in": "Ria Patel", "reason": "Sam Carter is not on the ballot"}], "gaps": 0}}},
    )


def _enums(node, where=""):
    """(where, values without null) for every enum in a piece of the document."""
    if isinstance(node, dict):
        if "enum" in node:
            yield where, [value for value in node["enum"] if value is not None]
        for key, value in node.items():
            yield from _enums(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _enums(value, f"{where}/{i}")


def test_every_enum_of_a_vocabulary_is_the_whole_vocabulary():
    vocabularies = {cls.__name__: [member.value for member in cls]
                    for cls in (NominationStatus, BodyKind, VerdictStatus, SuspensionOutcome, PledgeState, RespondentRole)}
    found = set()
    for where, values in _enums(document()):
        sharing = {name for name, vocabulary in vocabularies.items() if set(values) & set(vocabulary)}
        whole = {name for name in sharing if values == vocabularies[name]}
        assert whole or not sharing, f"{where} lists {values}: part of {', '.join(sorted(sharing))}"
        found |= whole
    assert found == set(vocabularies)


def test_the_documents_vocabularies_are_where_the_answers_use_them():
    schemas = document()["components"]["schemas"]
    ballot = schemas["Ballot"]["properties"]["candidates"]["items"]["properties"]
    assert ballot["status"]["enum"] == [status.value for status in VerdictStatus]
    assert "qualified" in ballot["status"]["enum"]
    assert schemas["Nomination"]["properties"]["status"]["enum"] == [status.value for status in NominationStatus]
    assert schemas["Body"]["properties"]["kind"]["enum"] == [kind.value for kind in BodyKind]
    assert schemas["Person"]["properties"]["slug"]["pattern"] == SLUG.pattern
