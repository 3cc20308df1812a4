"""Real contests, loaded from their fixtures (tests/fixtures/real/), give the real ballot with the right sentences
when the ballot API is asked at several moments.

Loading a real contest takes a while (hundreds of bodies and nominations, each checked and audited), so each
contest is loaded once and asked about every moment in one test; each moment's rules are a function of their own.
"""
from __future__ import annotations

import pytest

from tests.real_contests import load_real


def ballot(client, election: str, as_of: str) -> dict:
    response = client.get(f"/api/v1/elections/{election}/contests/leader/ballot?as_of={as_of}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def candidate(answer: dict, name: str) -> dict:
    return next(c for c in answer["candidates"] if c["name"] == name)


def labour_2016_loaded(client):
    load_real("labour-leader-2016")
    return lambda as_of: ballot(client, "labour-leader-2016", as_of)


def labour_2016_the_incumbent_is_qualified_without_nominations_while_challengers_collect_them(labour_2016):
    answer = labour_2016("2016-07-18T12:00")
    assert answer["stage"] == "plp" and answer["on_ballot"] == []
    corbyn = candidate(answer, "Jeremy Corbyn")
    assert corbyn["status"] == "qualified"
    assert corbyn["reason"].startswith("Qualified as the incumbent, without nominations, from 09:00 on 18 July 2016.")
    assert corbyn["stages"][0]["detail"] == "Met as the incumbent, without nominations"
    smith = candidate(answer, "Owen Smith")
    assert smith["status"] == "in_progress"
    assert smith["stages"][0]["detail"] == "So far: 37 of 51 MPs and MEPs (20% of 254) ✗"


def labour_2016_angela_eagles_nominators_moved_to_owen_smith_after_she_withdrew(labour_2016):
    before = labour_2016("2016-07-19T11:59")
    assert candidate(before, "Angela Eagle")["stages"][0]["have"] == 72
    assert candidate(before, "Owen Smith")["stages"][0]["have"] == 100
    after = labour_2016("2016-07-19T18:00")
    eagle, smith = candidate(after, "Angela Eagle"), candidate(after, "Owen Smith")
    assert (eagle["status"], eagle["reason"]) == ("withdrawn", "Withdrew on 19 July 2016.")
    assert eagle["stages"][0]["have"] == 0  # her nominations counted until they were withdrawn
    assert smith["stages"][0]["have"] == 161
    assert smith["reason"].startswith("Qualified at 13:10 on 18 July 2016 with MP 051's nomination: 51 MPs and MEPs.")


def labour_2016_the_ballot_is_corbyn_and_smith_with_smith_on_172(labour_2016):
    answer = labour_2016("2016-07-20T17:00")
    assert answer["on_ballot"] == ["Jeremy Corbyn", "Owen Smith"]
    assert candidate(answer, "Jeremy Corbyn")["reason"] == "On the ballot as the incumbent, without nominations."
    smith = candidate(answer, "Owen Smith")
    assert (smith["stages"][0]["needed"], smith["stages"][0]["have"]) == (51, 172)
    assert smith["reason"] == ("On the ballot: met every stage — Nominations from MPs and MEPs: "
                               "172 of 51 MPs and MEPs (20% of 254).")


def labour_2016_supporting_nominations_are_shown_but_never_decide_the_ballot(labour_2016):
    answer = labour_2016("2016-08-16T12:00")
    assert answer["on_ballot"] == ["Jeremy Corbyn", "Owen Smith"]
    corbyn, smith = candidate(answer, "Jeremy Corbyn"), candidate(answer, "Owen Smith")
    assert corbyn["stages"][1]["detail"] == "Met as the incumbent, without nominations (nominated by 285 CLPs)"
    assert smith["stages"][1]["have"] == 53
    assert smith["stages"][1]["detail"].endswith("(supporting: does not decide the ballot)")


def libdem_2019_loaded(client):
    load_real("libdem-leader-2019")
    return lambda as_of: ballot(client, "libdem-leader-2019", as_of)


def libdem_2019_a_candidates_own_nomination_is_not_counted(libdem_2019):
    swinson = candidate(libdem_2019("2019-05-29T10:00"), "Jo Swinson")
    assert swinson["status"] == "in_progress"
    assert swinson["stages"][0]["detail"] == ("So far: 1 of 2 MPs (10% of 11) and 0 of 200 members from 0 of 20 "
                                              "local parties ✗ (own nomination not counted)")


def libdem_2019_200_members_from_19_local_parties_are_not_enough(libdem_2019):
    answer = libdem_2019("2019-06-01T12:00")
    davey = candidate(answer, "Ed Davey")
    assert davey["status"] == "in_progress"
    assert davey["stages"][0]["detail"] == ("So far: 2 of 2 MPs (10% of 11) and 200 of 200 members from 19 of 20 "
                                            "local parties ✗")
    assert candidate(answer, "Jo Swinson")["status"] == "qualified"


def libdem_2019_the_ballot_is_davey_and_swinson(libdem_2019):
    davey = candidate(libdem_2019("2019-06-03T12:00"), "Ed Davey")
    assert davey["reason"].startswith("Qualified at 10:00 on 3 June 2019 with Member 260's nomination: 2 MPs and "
                                      "201 members from 20 local parties.")
    answer = libdem_2019("2019-06-07T16:00")
    assert answer["on_ballot"] == ["Ed Davey", "Jo Swinson"]


def scottish_2021_loaded(client):
    load_real("scottish-labour-leader-2021")
    return lambda as_of: ballot(client, "scottish-labour-leader-2021", as_of)


def scottish_labour_2021_msps_and_mps_are_pooled_under_one_threshold(scottish_2021):
    answer = scottish_2021("2021-01-21T12:30")
    lennon = candidate(answer, "Monica Lennon")
    assert lennon["stages"][0]["detail"] == "So far: 3 of 4 MSPs and MPs (15% of 24) ✗"  # missed by one
    sarwar = candidate(answer, "Anas Sarwar")
    assert sarwar["stages"][0]["have"] == 17  # 16 MSPs and the MP
    assert sarwar["reason"].startswith("Qualified at 11:00 on 20 January 2021 with MSP 04's nomination: 4 MSPs and MPs.")


def scottish_labour_2021_the_ballot_is_set_by_the_parliamentary_stage_alone(scottish_2021):
    closed = scottish_2021("2021-01-22T12:00")
    assert closed["on_ballot"] == ["Monica Lennon", "Anas Sarwar"]
    assert candidate(closed, "Monica Lennon")["stages"][0]["detail"] == "4 of 4 MSPs and MPs (15% of 24) ✓"  # exactly
    later = scottish_2021("2021-02-05T12:00")
    lennon = candidate(later, "Monica Lennon")
    assert lennon["status"] == "on_ballot"  # short of the supporting threshold, which does not gate
    assert lennon["stages"][1]["met"] is False and lennon["stages"][1]["final"] is True
    assert lennon["stages"][1]["detail"] == ("9 of 15 CLPs (20% of 73) ✗; or 2 of 3 affiliates, 0 of 2 unions ✗ "
                                             "(supporting: does not decide the ballot)")


def labour_2010_loaded(client):
    load_real("labour-leader-2010")
    return lambda as_of: ballot(client, "labour-leader-2010", as_of)


def labour_2010_before_the_extension_the_old_close_stands(labour_2010):
    answer = labour_2010("2010-05-25T12:00")
    abbott = candidate(answer, "Diane Abbott")
    assert abbott["reason"] == ("In progress: Nominations from MPs open until 12:30 on 27 May 2010. "
                                "So far: 0 of 33 MPs (12.5% of 257) ✗")


def labour_2010_after_the_extension_the_pages_say_when_the_close_was_moved(labour_2010):
    answer = labour_2010("2010-05-28T12:00")
    assert answer["stage"] == "plp"  # the old close has passed, but the stage was extended
    assert candidate(answer, "Diane Abbott")["stages"][0]["detail"] == (
        "So far: 25 of 33 MPs (12.5% of 257) ✗ — the close was moved from 12:30 on 27 May 2010 to 12:30 on "
        "9 June 2010 on 25 May 2010 (NEC extended the close of PLP nominations)"
    )


def labour_2010_the_ballot_of_five_after_the_extended_close(labour_2010):
    answer = labour_2010("2010-06-09T12:30")
    assert answer["on_ballot"] == ["Diane Abbott", "Ed Balls", "Andy Burnham", "David Miliband", "Ed Miliband"]
    abbott = candidate(answer, "Diane Abbott")
    assert abbott["stages"][0]["met_at"] == "2010-06-09T09:45:00+00:00"  # her 33rd, on the last morning
    assert candidate(answer, "John McDonnell")["status"] == "withdrawn"


@pytest.mark.parametrize("loaded, checks", [
    (labour_2016_loaded, [
        labour_2016_the_incumbent_is_qualified_without_nominations_while_challengers_collect_them,
        labour_2016_angela_eagles_nominators_moved_to_owen_smith_after_she_withdrew,
        labour_2016_the_ballot_is_corbyn_and_smith_with_smith_on_172,
        labour_2016_supporting_nominations_are_shown_but_never_decide_the_ballot,
    ]),
    (libdem_2019_loaded, [
        libdem_2019_a_candidates_own_nomination_is_not_counted,
        libdem_2019_200_members_from_19_local_parties_are_not_enough,
        libdem_2019_the_ballot_is_davey_and_swinson,
    ]),
    (scottish_2021_loaded, [
        scottish_labour_2021_msps_and_mps_are_pooled_under_one_threshold,
        scottish_labour_2021_the_ballot_is_set_by_the_parliamentary_stage_alone,
    ]),
    (labour_2010_loaded, [
        labour_2010_before_the_extension_the_old_close_stands,
        labour_2010_after_the_extension_the_pages_say_when_the_close_was_moved,
        labour_2010_the_ballot_of_five_after_the_extended_close,
    ]),
], ids=["labour-2016", "libdem-2019", "scottish-labour-2021", "labour-2010"])
def test_a_real_contest_gives_its_real_ballot_at_each_moment(app, client, loaded, checks):
    ask = loaded(client)
    for check in checks:
        check(ask)
