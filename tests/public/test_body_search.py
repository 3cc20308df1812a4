"""Finding a body: words in any order, "&" and "and" alike, accents and case ignored; an empty search lists
every body by region. The page, its CSV and the API's ?q= find the same bodies."""
from __future__ import annotations

import pytest

from tests.factories import create_body, create_election
from tracker.extensions import db


@pytest.fixture
def bodies(app):
    election = create_election()
    create_body(election, "CLP101", name="Dartgate and Yarness", region="North East")
    create_body(election, "CLP102", name="Ynys Môn", region="Wales")
    create_body(election, "CLP103", name="Yarness West", region="North East")
    create_body(election, "AFF01", kind="affiliate", name="Union of Care Workers")
    db.session.commit()
    return election


def found(client, query: str) -> list[str]:
    page = client.get("/bodies", query_string={"q": query}).get_data(as_text=True)
    return [name for name in ("Dartgate and Yarness", "Ynys Môn", "Yarness West", "Union of Care Workers") if f">{name}<" in page]


@pytest.mark.parametrize("query", ["dartgate yarness", "Dartgate & Yarness", "YARNESS dartgate", "dartgate and yarness",
                                   "dart yarn"])
def test_words_in_any_order_and_ampersand_find_the_body(client, bodies, query):
    assert found(client, query) == ["Dartgate and Yarness"]


def test_accents_and_case_are_ignored(client, bodies):
    assert found(client, "ynys mon") == ["Ynys Môn"]
    assert found(client, "YNYS MÔN") == ["Ynys Môn"]


def test_a_word_shared_by_two_bodies_finds_both_by_name(client, bodies):
    assert found(client, "yarness") == ["Dartgate and Yarness", "Yarness West"]


def test_the_api_and_the_csv_find_what_the_page_finds(client, bodies):
    api = client.get("/api/v1/bodies", query_string={"q": "Dartgate & Yarness"}).get_json()
    assert [b["code"] for b in api] == ["CLP101"]
    csv_text = client.get("/bodies.csv", query_string={"q": "yarness dartgate"}).get_data().decode("utf-8-sig")
    assert "CLP101" in csv_text and "CLP103" not in csv_text


def test_an_empty_search_lists_every_body_by_region(client, bodies):
    page = client.get("/bodies").get_data(as_text=True)
    assert "Every nominating body, by region" in page
    north_east, wales, none = page.index("North East"), page.index("Wales"), page.index("No region")
    assert north_east < wales < none  # regions by name, bodies with none last
    assert page.index("Dartgate and Yarness") < page.index("Yarness West") < wales
    assert page.index("Union of Care Workers") > none
