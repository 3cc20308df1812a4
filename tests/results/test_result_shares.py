"""The result tab gives each candidate's share of the valid vote in every round, the non-transferable (exhausted)
votes' share too, rounded so that each round's add up to 100.0% and saying how; result.csv carries the same."""
from __future__ import annotations

from tests.results.test_declared import figures, frozen  # noqa: F401
from tracker.extensions import db
from tracker.results import operations

#: 7 valid votes: plain rounding would give 42.9 + 28.6 + 28.6 = 100.1 in round 1 and 42.9 + 42.9 + 14.3 in round 2.
SEVENTHS_CSV = """round,candidate,votes,status
1,Ann Adams,3,
1,Ben Brown,2,
1,Cat Clark,2,excluded
2,Ann Adams,3,elected
2,Ben Brown,3,
2,non-transferable,1,
"""


def declare(frozen):  # noqa: F811
    operations.declare_result(frozen.contest, figures(SEVENTHS_CSV, valid_votes=7, rejected_votes=0, electorate=20,
                                                      turnout=7))
    db.session.commit()


def test_the_result_tab_shows_shares_of_the_valid_vote_that_add_up_with_the_rounding_explained(client, frozen):  # noqa: F811
    declare(frozen)
    html = client.get(f"/elections/{frozen.election.slug}/contests/leader/stages/result").get_data(as_text=True)
    table = html.split('<table class="stage-table')[1].split("</table>")[0]
    row = {name: table.split(f'<th scope="row">{name}</th>')[1].split("</tr>")[0]
           for name in ("Ann Adams", "Ben Brown", "Cat Clark", "Non-transferable (exhausted)", "Valid vote")}
    assert '3 <span class="share">(42.8%)</span>' in row["Ann Adams"]
    assert '3 <span class="share">(42.9%)</span> <strong>elected</strong>' in row["Ann Adams"]
    assert row["Ben Brown"].count("(28.6%)") == 1 and "(42.8%)" in row["Ben Brown"]
    assert '2 <span class="share">(28.6%)</span> <em>excluded</em>' in row["Cat Clark"]
    assert '0 <span class="share">(0.0%)</span>' in row["Non-transferable (exhausted)"]
    assert '1 <span class="share">(14.3%)</span>' in row["Non-transferable (exhausted)"]
    assert row["Valid vote"].count("(100.0%)") == 2
    assert "rounded to one decimal place by the largest remainder" in html
    assert "so a round&#39;s percentages add up to 100%" in html


def test_result_csv_carries_the_same_shares(client, frozen):  # noqa: F811
    declare(frozen)
    response = client.get(f"/elections/{frozen.election.slug}/contests/leader/result.csv")
    lines = response.get_data().decode("utf-8-sig").splitlines()
    assert lines == [
        "candidate,round_1,round_2,outcome,round_1_percent,round_2_percent",
        "Ann Adams,3,3,elected in round 2,42.8,42.9",
        "Ben Brown,2,3,,28.6,42.8",
        "Cat Clark,2,,excluded in round 1,28.6,",
        "non-transferable,0,1,,0.0,14.3",
        "total,7,7,,100.0,100.0",
    ]
    for column in (4, 5):
        assert round(sum(float(line.split(",")[column] or 0) for line in lines[1:5]), 1) == 100.0


def test_shares_are_rounded_by_the_largest_remainder_and_always_add_up_to_100():
    from decimal import Decimal

    from tracker.results.figures import shares_of

    assert shares_of([Decimal(1)] * 3) == [Decimal("33.4"), Decimal("33.3"), Decimal("33.3")]
    assert shares_of([Decimal("450"), Decimal("350"), Decimal("200"), Decimal("0")]) == [
        Decimal("45.0"), Decimal("35.0"), Decimal("20.0"), Decimal("0.0")]
    odd = [Decimal(v) for v in ("1234.56789", "987.65432", "17.00001", "3", "0.5")]
    assert sum(shares_of(odd)) == Decimal("100.0")
    assert shares_of([Decimal(0), Decimal(0)]) == [Decimal("0.0"), Decimal("0.0")]
