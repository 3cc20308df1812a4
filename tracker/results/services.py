"""What the ballot and result stages of a contest's dashboard show beyond the live verdicts, and the
stage tables (rounds of a declared result, stages of a count) with their charts."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from markupsafe import Markup
from sqlalchemy import select

from tracker.ballot.judging import Judged
from tracker.elections.models import Contest
from tracker.extensions import db
from tracker.results.chart import Series, votes_chart
from tracker.results.figures import SHARE_ROUNDING, shares_of, votes_text
from tracker.results.models import BallotSnapshot, DeclaredResult, StoredCount
from tracker.results.snapshots import BallotChange, ballot_changes
from tracker.rules.eligibility import ContestVerdict


@dataclass(frozen=True)
class Cell:
    """One candidate's figure in one round; `mark` is "elected", "excluded", "out" (already gone) or ""; `share` its
    percentage of the round's valid vote ("45.0%"), when the table shows shares."""

    text: str
    mark: str = ""
    share: str = ""


@dataclass(frozen=True)
class Row:
    name: str
    cells: tuple[Cell, ...]
    outcome: str


@dataclass(frozen=True)
class StageTable:
    """Rounds (or stages) as columns, candidates as rows, with totals, who was elected, and the chart."""

    numbers: tuple[int, ...]
    actions: tuple[str, ...]
    rows: tuple[Row, ...]
    non_transferable: tuple[str, ...]
    totals: tuple[str, ...]
    elected: tuple[str, ...]
    chart: Markup
    label: str
    #: With shares: each round's non-transferable share ("3.0%"), and the rounding explained; empty without.
    non_transferable_shares: tuple[str, ...] = ()
    shares_note: str = ""


def round_shares(stages: Sequence[dict], order: Sequence[str]) -> list[tuple[dict[str, Decimal], Decimal]]:
    """Per stage: each listed candidate's percentage of the valid vote, and the non-transferable votes', adding up to
    100.0 (a candidate without a figure in a stage has no share in it)."""
    found = []
    for stage in stages:
        votes = stage.get("votes", {})
        present = [name for name in order if name in votes]
        shares = shares_of([Decimal(votes[name]) for name in present] + [Decimal(stage.get("non_transferable", "0"))])
        found.append((dict(zip(present, shares[:-1], strict=True)), shares[-1]))
    return found


def _order(stages: Sequence[dict], names: Sequence[str]) -> list[str]:
    order = list(names)
    for stage in stages:
        order += [name for name in stage.get("votes", {}) if name not in order]
    return order


def stage_table(stages: Sequence[dict], *, names: Sequence[str] = (), label: str = "Round",
                fmt: Callable[[Decimal], str] = votes_text, quota: Decimal | None = None,
                title: str = "Votes by round", chart_id: str = "chart", shares: bool = False) -> StageTable:
    """Build the table and chart from stages in the shape of DESIGN.md's count JSON (or stored rounds); with
    `shares`, each figure also as a percentage of its round's valid vote."""
    order = _order(stages, names)
    percentages = round_shares(stages, order) if shares else []
    elected_at: dict[str, int] = {}
    excluded_at: dict[str, int] = {}
    for index, stage in enumerate(stages, 1):
        for name in stage.get("elected", ()):
            elected_at.setdefault(name, index)
        for name in stage.get("excluded", ()):
            excluded_at.setdefault(name, index)
    rows = []
    series = []
    for name in order:
        cells = []
        values: list[Decimal | None] = []
        for index, stage in enumerate(stages, 1):
            value = stage.get("votes", {}).get(name)
            gone = name in excluded_at and index > excluded_at[name]
            if value is None or (gone and Decimal(value) == 0):
                cells.append(Cell("—", "out" if gone else ""))
                values.append(None)
                continue
            mark = "elected" if elected_at.get(name) == index else "excluded" if excluded_at.get(name) == index else ""
            share = f"{percentages[index - 1][0][name]}%" if shares else ""
            cells.append(Cell(fmt(Decimal(value)), mark, share))
            values.append(Decimal(value))
        outcome = (f"elected ({label.lower()} {elected_at[name]})" if name in elected_at
                   else f"excluded ({label.lower()} {excluded_at[name]})" if name in excluded_at else "")
        rows.append(Row(name, tuple(cells), outcome))
        series.append(Series(name, values, elected_at.get(name), excluded_at.get(name)))
    non_transferable = tuple(fmt(Decimal(stage.get("non_transferable", "0"))) for stage in stages)
    totals = tuple(
        fmt(sum((Decimal(v) for v in stage.get("votes", {}).values()), Decimal(0))
            + Decimal(stage.get("non_transferable", "0")))
        for stage in stages
    )
    elected = tuple(name for stage in stages for name in stage.get("elected", ()))
    chart = Markup(votes_chart(series, len(stages), title=title, chart_id=chart_id, quota=quota, round_label=label, fmt=fmt))
    return StageTable(
        numbers=tuple(range(1, len(stages) + 1)),
        actions=tuple(stage.get("action", "") for stage in stages),
        rows=tuple(rows),
        non_transferable=non_transferable,
        totals=totals,
        elected=elected,
        chart=chart,
        label=label,
        non_transferable_shares=tuple(f"{nt}%" for _, nt in percentages),
        shares_note=SHARE_ROUNDING if shares else "",
    )


def count_figure(value: Decimal) -> str:
    """A count's figure with its five decimal places and thousands separated: "1,234.56789"."""
    return f"{value:,.5f}"


def count_table(stored: StoredCount) -> StageTable:
    """The stage table and chart of a stored count."""
    report = stored.report
    return stage_table(
        report["stages"], label="Stage", fmt=count_figure, quota=Decimal(report["quota"]),
        title=f"Votes by stage: {stored.title or 'count'} {stored.id}", chart_id=f"count-{stored.id}-chart",
    )


@dataclass(frozen=True)
class ResultView:
    """A declared result ready for the result stage: the headline figures, the winners, the table and chart."""

    result: DeclaredResult
    table: StageTable
    winners: tuple[str, ...]
    turnout_share: str | None

    @property
    def figures_text(self) -> str:
        """The headline figures in one sentence: "Electorate 2,000; turnout 1,012 (50.6%); valid votes …"."""
        r = self.result
        parts = []
        if r.electorate is not None:
            parts.append(f"electorate {r.electorate:,}")
        if r.turnout is not None:
            parts.append(f"turnout {r.turnout:,}" + (f" ({self.turnout_share})" if self.turnout_share else ""))
        parts += [f"valid votes {r.valid_votes:,}", f"rejected ballots {r.rejected_votes or 0:,}"]
        text = "; ".join(parts) + "."
        return text[0].upper() + text[1:]


def result_view(contest: Contest, result: DeclaredResult, ballot: Sequence[str] = ()) -> ResultView:
    table = stage_table(result.rounds, names=ballot, title=f"{contest.title}: votes by round",
                        chart_id=f"result-{contest.id}-chart", shares=True)
    share = None
    if result.turnout is not None and result.electorate:
        share = f"{Decimal(result.turnout * 100) / Decimal(result.electorate):.1f}%"
    return ResultView(result=result, table=table, winners=table.elected, turnout_share=share)


def latest_snapshot(contest: Contest, as_of: datetime | None = None) -> BallotSnapshot | None:
    """The ballot as published (at a moment, by default now): the latest snapshot frozen by then."""
    query = select(BallotSnapshot).where(BallotSnapshot.contest_id == contest.id)
    if as_of is not None:
        query = query.where(BallotSnapshot.frozen_at <= as_of)
    return db.session.scalar(query.order_by(BallotSnapshot.frozen_at.desc(), BallotSnapshot.id.desc()).limit(1))


def changes_since_publication(snapshot: BallotSnapshot | None, verdict: ContestVerdict) -> list[BallotChange]:
    return [] if snapshot is None else ballot_changes(snapshot.content, verdict)


def stage_extras(judged: Judged) -> dict:
    """Context for templates/results/_ballot_stage.html and _result_stage.html (frozen ballot, result).

    The published ballot as of the moment judged, with each name's candidate key (`ballot_keys`), what has changed
    since it was published (who would now be off or on, and why), the declared result if declared by then, and the counts stored for the contest.
    """
    contest, as_of = judged.contest, judged.as_of
    snapshot_id = judged.acts.snapshot_id(as_of)
    snapshot = db.session.get(BallotSnapshot, snapshot_id) if snapshot_id is not None else None
    declared_at = judged.acts.declared_at
    result = (
        db.session.scalar(select(DeclaredResult).where(DeclaredResult.contest_id == contest.id))
        if declared_at is not None and declared_at <= as_of else None
    )
    counts = db.session.scalars(
        select(StoredCount)
        .where(StoredCount.contest_id == contest.id, StoredCount.uploaded_at <= as_of,
               StoredCount.withdrawn_at.is_(None))
        .order_by(StoredCount.id)
    ).all()
    return {
        "results_contest": contest,
        "ballot_snapshot": snapshot,
        "ballot_changes": changes_since_publication(snapshot, judged.verdict),
        # The published ballot holds names: each one's candidate (for the link and the card's badges), if still known.
        "ballot_keys": {v.name: v.key for v in judged.verdict.candidates},
        "result_view": result_view(contest, result, snapshot.content["on_ballot"] if snapshot else ())
        if result is not None else None,
        "result_counts": counts,
    }


def snapshots(contest: Contest) -> list[BallotSnapshot]:
    """Every published version of a contest's ballot, newest first."""
    return list(
        db.session.scalars(
            select(BallotSnapshot)
            .where(BallotSnapshot.contest_id == contest.id)
            .order_by(BallotSnapshot.frozen_at.desc(), BallotSnapshot.id.desc())
        )
    )


def stages_table(stages: Sequence[dict], *, names: Sequence[str] = (), label: str = "round",
                 shares: bool = False) -> tuple[list, list]:
    """A declared result's rounds or a count's stages as a table (header, rows) for CSV: a row per candidate, a
    column per round, then the non-transferable votes and the total; figures as exact decimals, blank once out.
    With `shares`, a column per round follows the outcome: the percentage of that round's valid vote (rounded by
    the largest remainder, so that each round's add up to 100.0)."""
    order = _order(stages, names)
    outcome: dict[str, str] = {}
    for index, stage in enumerate(stages, 1):
        for name in stage.get("elected", ()):
            outcome.setdefault(name, f"elected in {label} {index}")
        for name in stage.get("excluded", ()):
            outcome.setdefault(name, f"excluded in {label} {index}")
    numbers = range(1, len(stages) + 1)
    percentages = round_shares(stages, order) if shares else []
    header = ["candidate", *(f"{label}_{n}" for n in numbers), "outcome"]
    header += [f"{label}_{n}_percent" for n in numbers] if shares else []
    rows = [[name, *(stage.get("votes", {}).get(name, "") for stage in stages), outcome.get(name, ""),
             *(str(by_name[name]) if name in by_name else "" for by_name, _ in percentages)] for name in order]
    rows.append(["non-transferable", *(stage.get("non_transferable", "0") for stage in stages), "",
                 *(str(nt) for _, nt in percentages)])
    totals = [sum((Decimal(v) for v in stage.get("votes", {}).values()), Decimal(0))
              + Decimal(stage.get("non_transferable", "0")) for stage in stages]
    rows.append(["total", *(format(t, "f") for t in totals), "", *("100.0" for _ in percentages)])
    return header, rows
