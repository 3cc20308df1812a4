"""The result of a count, stage by stage, and its two renderings: the API's JSON and a printed table.

Every figure is a Decimal shown to five decimal places, the precision of the Scottish rules.
`non_transferable` is everything no longer credited to a candidate: papers with no next available
preference *plus* the fractions lost when transfer values are truncated (rule 48(3)); `loss` is that
second part on its own. So at every stage ``sum(votes) + non_transferable == valid votes`` exactly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal

__all__ = ["Stage", "CountResult", "to_dict", "to_json", "format_table", "figure"]


def figure(value: Decimal) -> str:
    """Format a vote figure as an exact decimal string with five places ("1234.56789")."""
    return f"{value:.5f}"


@dataclass(frozen=True)
class Stage:
    """One stage of the count; `votes` are the totals after this stage's transfer or exclusion."""

    number: int
    action: str
    votes: dict[str, Decimal]
    non_transferable: Decimal
    elected: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    note: str = ""
    loss: Decimal = Decimal(0)


@dataclass(frozen=True)
class CountResult:
    """A finished count: who was elected, in order, and every stage; `seed` is set when lot was drawn or given."""

    method: str
    seats: int
    quota: Decimal
    elected: tuple[str, ...]
    stages: tuple[Stage, ...]
    seed: int | None = None
    valid_votes: Decimal = Decimal(0)
    title: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def lot_used(self) -> bool:
        """True when a tie had to be broken by lot."""
        return any("by lot" in stage.note for stage in self.stages)


def to_dict(result: CountResult) -> dict:
    """The count as the plain dict of DESIGN.md's count JSON shape."""
    return {
        "method": result.method,
        "seats": result.seats,
        "quota": figure(result.quota),
        "elected": list(result.elected),
        "stages": [
            {
                "stage": stage.number,
                "action": stage.action,
                "votes": {name: figure(value) for name, value in stage.votes.items()},
                "non_transferable": figure(stage.non_transferable),
                "elected": list(stage.elected),
                "excluded": list(stage.excluded),
            }
            for stage in result.stages
        ],
    }


def to_json(result: CountResult, indent: int | None = 2) -> str:
    """The count as JSON text in DESIGN.md's shape."""
    return json.dumps(to_dict(result), indent=indent, ensure_ascii=False)


_METHOD_NAMES = {"irv": "Instant-runoff", "scottish-stv": "Scottish STV", "meek": "Meek STV"}


def format_table(result: CountResult) -> str:
    """A readable stage table: candidates as rows, stages as columns, then what each stage did."""
    names = list(result.stages[0].votes) if result.stages else []
    numbers = [stage.number for stage in result.stages]
    when_elected = {name: stage.number for stage in result.stages for name in stage.elected}
    when_excluded = {name: stage.number for stage in result.stages for name in stage.excluded}

    def cell(stage: Stage, name: str) -> str:
        if name in when_excluded and stage.number > when_excluded[name]:
            return "-"
        text = figure(stage.votes[name])
        if when_elected.get(name) == stage.number:
            text += " E"
        elif when_excluded.get(name) == stage.number:
            text += " x"
        else:
            text += "  "
        return text

    rows: list[list[str]] = [["Stage", *(str(n) for n in numbers)]]
    for name in names:
        rows.append([name, *(cell(stage, name) for stage in result.stages)])
    rows.append(["Non-transferable", *(figure(s.non_transferable) + "  " for s in result.stages)])
    if any(stage.loss for stage in result.stages):
        rows.append(["  of which rounding", *(figure(s.loss) + "  " for s in result.stages)])
    rows.append(["Total", *(figure(sum(s.votes.values(), Decimal(0)) + s.non_transferable) + "  "
                            for s in result.stages)])

    first = max(len(row[0]) for row in rows)
    widths = [max(len(row[i]) for row in rows) for i in range(1, len(numbers) + 1)]
    lines = []
    title = _METHOD_NAMES.get(result.method, result.method)
    heading = f"{result.title} — " if result.title else ""
    lines.append(f"{heading}{title}, {result.seats} seat{'s' if result.seats != 1 else ''}, "
                 f"valid votes {figure(result.valid_votes)}, quota {figure(result.quota)}")
    lines.append("")
    for index, row in enumerate(rows):
        if index in (1, len(names) + 1):
            lines.append("-" * (first + sum(w + 2 for w in widths)))
        lines.append(row[0].ljust(first) + "".join("  " + value.rjust(width) for value, width in zip(row[1:], widths, strict=True)))
    lines.append("")
    lines.append("E = elected at this stage, x = excluded at this stage")
    lines.append("")
    for stage in result.stages:
        text = f"Stage {stage.number}: {stage.action}"
        if stage.note:
            text += f" — {stage.note}"
        lines.append(text)
    lines.append("")
    lines.append("Elected: " + (", ".join(result.elected) if result.elected else "nobody"))
    for note in result.notes:
        lines.append(note)
    if result.lot_used:
        lines.append(f"Ties were broken by lot with seed {result.seed}.")
    return "\n".join(lines) + "\n"
