"""Loading an election's definition file (TOML, as in DESIGN.md): create it, or update it in place.

Every field is checked and every problem reported before anything is written; loading the same file
twice changes nothing and records nothing the second time.
"""
from __future__ import annotations

import os
import re
import tomllib
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo

from tracker.elections.definition import ContestSpec, ElectionSpec, RouteSpec, StageSpec
from tracker.elections.operations import define_election
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.imports.problems import ImportFailed, Problems, Summary
from tracker.times import DEFAULT_TIMEZONE, BadTime, find_zone, local_iso, parse_moment, toml_with_seconds, zone
from tracker.types import MAX_INTEGER
from tracker.vocabulary import COUNTING_STATUSES, SLUG, SLUG_RULE, BodyKind

ELECTION_KEYS = {"slug", "title", "timezone", "contest"}
CONTEST_KEYS = {
    "slug", "title", "seats", "max_nominations_per_body", "min_women", "counting_statuses",
    "discount_suspended_mps", "stage", "ballot",
}
STAGE_KEYS = {"id", "title", "opens", "closes", "route"}
ROUTE_KEYS = {"kind", "count", "share", "of", "unions", "membership_share"}
BALLOT_KEYS = {"opens", "closes", "result"}


class Table:
    """One TOML table being read: its values checked, every problem noted with the table's path."""

    def __init__(self, data, path: str, problems: Problems, keys: set[str], zone: ZoneInfo | None = None):
        self.data = data if isinstance(data, dict) else {}
        self.path, self.problems, self.zone = path, problems, zone
        if not isinstance(data, dict):
            self.problem(None, "must be a table")
        for key in self.data:
            if key not in keys:
                self.problem(key, f"is not a field here; the fields are {', '.join(sorted(keys))}")

    def where(self, key: str | None) -> str:
        return f"{self.path}.{key}" if self.path and key else (key or self.path)

    def problem(self, key: str | None, message: str) -> None:
        self.problems.add(None, self.where(key), message)

    def text(self, key: str, pattern: re.Pattern | None = None, max_length: int = 200, default: str | None = None):
        value = self.data.get(key, default)
        if value is None:
            self.problem(key, "is required")
        elif not isinstance(value, str) or not value.strip():
            self.problem(key, "must be some text")
        elif len(value.strip()) > max_length:
            self.problem(key, f"must be at most {max_length} characters")
        elif pattern is not None and not pattern.match(value):
            self.problem(key, f"must be {SLUG_RULE}, such as leader-2026")
        else:
            return value.strip()
        return None

    def integer(self, key: str, minimum: int, default: int | None = None) -> int | None:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.problem(key, f"must be a whole number of at least {minimum}")
            return default
        if value > MAX_INTEGER:
            self.problem(key, f"must be at most {MAX_INTEGER:,}")
            return default
        return value

    def share(self, key: str) -> str | None:
        """An exact decimal in (0, 1], kept as written: 0.10 -> "0.10"."""
        value = self.data.get(key)
        if value is None:
            return None
        number = None
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            number = Decimal(value)
        elif isinstance(value, float):  # parsed without parse_float=Decimal: take the shortest repr
            number = Decimal(repr(value))
        elif isinstance(value, str):
            try:
                number = Decimal(value.strip())
            except InvalidOperation:
                number = None
        if number is None or not number.is_finite() or not 0 < number <= 1:
            self.problem(key, "must be a share more than 0 and at most 1, such as 0.10")
            return None
        return format(number, "f")

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.problem(key, "must be true or false")
            return default
        return value

    def moment(self, key: str, required: bool = True) -> datetime | None:
        """A TOML date and time, or a string tracker.times reads; without an offset, local to the election's zone."""
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(key, "is required")
            return None
        if not isinstance(value, (str, datetime)):
            kind = "a date" if isinstance(value, date) else "a time" if isinstance(value, time) else "not a date"
            self.problem(key, f"is {kind}; give a date and time such as 2026-01-07T09:00:00")
            return None
        try:
            return parse_moment(value, self.zone or "UTC", date_alone=True)
        except BadTime as error:
            self.problem(key, str(error))
            return None

    def tables(self, key: str, required: bool = False) -> list:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(key, "is required: give at least one")
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.problem(key, "must be a list of tables, written [[...]]")
            return []
        if required and not value:
            self.problem(key, "is required: give at least one")
        return value


def _zone(table: Table) -> tuple[str, ZoneInfo]:
    name = table.data.get("timezone", DEFAULT_TIMEZONE)
    found = find_zone(name.strip()) if isinstance(name, str) and name.strip() else None
    if found is not None:
        return name.strip(), found
    table.problem("timezone", f"{name!r} is not a time zone name such as {DEFAULT_TIMEZONE}")
    return DEFAULT_TIMEZONE, zone("UTC")


def _label(item: dict, key: str, index: int) -> str:
    value = item.get(key)
    return value if isinstance(value, str) and SLUG.match(value) else str(index + 1)


def read_election(data: dict, problems: Problems) -> ElectionSpec:
    """The election a parsed definition describes, with every problem noted."""
    top = Table(data, "", problems, ELECTION_KEYS)
    timezone, zone = _zone(top)
    spec = ElectionSpec(
        slug=top.text("slug", SLUG, 80), title=top.text("title"), timezone=timezone, contests=[],
    )
    seen: set[str] = set()
    for index, item in enumerate(top.tables("contest", required=True)):
        contest = _read_contest(Table(item, f"contest[{_label(item, 'slug', index)}]", problems, CONTEST_KEYS, zone))
        if contest.slug in seen:
            problems.add(None, f"contest[{index + 1}].slug", f"{contest.slug!r} names another contest too; slugs must differ")
        seen.add(contest.slug)
        spec.contests.append(contest)
    return spec


def _read_contest(table: Table) -> ContestSpec:
    seats = table.integer("seats", 1, default=1)
    limit = table.integer("max_nominations_per_body", 1, default=seats)
    min_women = table.integer("min_women", 0)
    if min_women is not None and min_women > seats:
        table.problem("min_women", f"cannot be more than the {seats} seats")
    statuses = table.data.get("counting_statuses", list(COUNTING_STATUSES))
    if not isinstance(statuses, list) or not statuses or any(s not in COUNTING_STATUSES for s in statuses):
        quoted = " and ".join(f'"{status}"' for status in COUNTING_STATUSES)
        table.problem("counting_statuses", f"must list statuses that count, from {quoted}")
        statuses = list(COUNTING_STATUSES)
    stages = []
    for index, item in enumerate(table.tables("stage", required=True)):
        stage = _read_stage(Table(item, f"{table.path}.stage[{_label(item, 'id', index)}]", table.problems, STAGE_KEYS, table.zone))
        if stage is None:
            continue
        where = f"{table.path}.stage[{stage.key}]"
        if any(earlier.key == stage.key for earlier in stages):
            table.problems.add(None, f"{where}.id", f"{stage.key!r} names another stage of this contest too; ids must differ")
        if stages and stage.opens_at < stages[-1].closes_at:
            table.problems.add(None, f"{where}.opens", f"must be at or after the close of stage {stages[-1].key!r} "
                                                       f"({local_iso(stages[-1].closes_at, table.zone)}): stages run in the order written")
        stages.append(stage)
    ballot = Table(table.data.get("ballot", {}), f"{table.path}.ballot", table.problems, BALLOT_KEYS, table.zone)
    opens, closes, result = ballot.moment("opens", False), ballot.moment("closes", False), ballot.moment("result", False)
    if stages and opens is not None and opens < stages[-1].closes_at:
        ballot.problem("opens", "must be at or after the close of the last nomination stage")
    if opens is not None and closes is not None and closes <= opens:
        ballot.problem("closes", "must be after the ballot opens")
    if result is not None and (closes or opens) is not None and result < (closes or opens):
        ballot.problem("result", "must be at or after the ballot closes")
    return ContestSpec(
        slug=table.text("slug", SLUG, 80),
        title=table.text("title"),
        seats=seats,
        max_nominations_per_body=limit,
        min_women=min_women,
        counting_statuses=",".join(s for s in COUNTING_STATUSES if s in statuses),
        discount_suspended_mps=table.boolean("discount_suspended_mps", True),
        ballot_opens_at=opens,
        ballot_closes_at=closes,
        result_at=result,
        stages=tuple(stages),
    )


def _read_stage(table: Table) -> StageSpec | None:
    key, title = table.text("id", SLUG, 40), table.text("title")
    opens, closes = table.moment("opens"), table.moment("closes")
    if opens is not None and closes is not None and closes <= opens:
        table.problem("closes", "must be after the stage opens")
    routes = []
    for index, item in enumerate(table.tables("route", required=True)):
        route = _read_route(Table(item, f"{table.path}.route[{index + 1}]", table.problems, ROUTE_KEYS))
        if route is not None:
            routes.append(route)
    if None in (key, title, opens, closes):
        return None
    return StageSpec(key=key, title=title, opens_at=opens, closes_at=closes, routes=tuple(routes))


def _read_route(table: Table) -> RouteSpec | None:
    kind = table.data.get("kind")
    if kind not in tuple(BodyKind):
        table.problem("kind", f"must be one of {', '.join(BodyKind)}" if kind is not None else "is required")
    route = RouteSpec(
        kind=kind,
        count=table.integer("count", 1),
        share=table.share("share"),
        of=table.integer("of", 1),
        unions=table.integer("unions", 1),
        membership_share=table.share("membership_share"),
    )
    if "of" in table.data and "share" not in table.data:
        table.problem("of", "gives the base of a share, but the route has no share")
    if kind != BodyKind.AFFILIATE:
        for key in ("unions", "membership_share"):
            if key in table.data:
                table.problem(key, "applies only to a route of kind affiliate")
    if route.count is not None and route.unions is not None and route.unions > route.count:
        table.problem("unions", f"cannot be more than the count of {route.count}")
    return route if kind in tuple(BodyKind) else None


# --- Writing it ---------------------------------------------------------------------------------


def _read_source(source, filename: str | None, problems_for) -> tuple[str | None, Problems]:
    """The text of a definition given as a path, bytes or the text itself."""
    if isinstance(source, os.PathLike) or (isinstance(source, str) and "\n" not in source and "=" not in source):
        path = Path(source)
        problems = problems_for(filename or str(path))
        try:
            data = path.read_bytes()
        except OSError as error:
            problems.add(None, None, f"cannot be read: {error.strerror or error}")
            return None, problems
    else:
        problems = problems_for(filename or "<definition>")
        data = source if isinstance(source, bytes) else source.encode()
    try:
        return data.decode("utf-8-sig"), problems
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.add(line, None, "is not UTF-8 text; save it as UTF-8 and load it again")
        return None, problems


def load_election(source, filename: str | None = None) -> Summary:
    """Create or update the election a definition file describes; all of it, or (raising ImportFailed) none."""
    text, problems = _read_source(source, filename, Problems)
    problems.raise_if_any()
    try:
        data = tomllib.loads(toml_with_seconds(text), parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        problems.add(None, None, f"is not valid TOML: {error}")
        problems.raise_if_any()
    spec = read_election(data, problems)
    problems.raise_if_any()
    transaction = db.session.begin_nested()
    try:
        outcomes = define_election(spec)
    except DomainError as error:
        transaction.rollback()
        for field_name, message in error.problems:
            problems.add(None, field_name or None, message)
        raise ImportFailed(problems.found) from None
    except BaseException:
        transaction.rollback()
        raise
    transaction.commit()
    summary = Summary()
    summary.election = outcomes.election
    for outcome in outcomes.outcomes:
        summary.count(outcome)
    return summary
