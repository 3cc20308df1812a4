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

from tracker.elections.definition import AmendmentSpec, ContestSpec, ElectionSpec, KindSpec, RouteSpec, StageSpec
from tracker.elections.operations import define_election
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.imports.problems import ImportFailed, Problems, Summary
from tracker.times import DEFAULT_TIMEZONE, BadTime, find_zone, local_iso, parse_moment, toml_with_seconds, zone
from tracker.types import MAX_INTEGER
from tracker.vocabulary import COUNTING_STATUSES, SLUG, SLUG_RULE, BodyKind

ELECTION_KEYS = {"slug", "title", "timezone", "contest", "kind"}
CONTEST_KEYS = {
    "slug", "title", "seats", "max_nominations_per_body", "min_women", "counting_statuses",
    "discount_suspended_mps", "stage", "ballot", "incumbent_exempt", "self_nomination", "consent_by",
}
STAGE_KEYS = {"id", "title", "opens", "closes", "route", "gates", "amendment"}
ROUTE_KEYS = {"kind", "count", "share", "of", "unions", "membership_share", "spread", "all"}
PART_KEYS = ROUTE_KEYS - {"all"}
BALLOT_KEYS = {"opens", "closes", "result"}
#: The keys of the rules beyond the basic routes (left out of "the fields are ..." so that it reads as before).
ADVANCED_KEYS = {"incumbent_exempt", "self_nomination", "consent_by", "gates", "amendment", "spread", "all"}
KIND_KEYS = {"id", "title", "plural", "person", "groups"}
AMENDMENT_KEYS = {"made_at", "opens", "closes", "reason"}
#: A declared kind's id: lower-case letters, digits and underscores, starting with a letter ("local_party").
KIND_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\s-]+?)\s*\]\]")
_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\s-]+?)\s*\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


def toml_lines(text: str) -> dict[tuple, int]:
    """Where each table and key of a TOML text begins, by path: ("contest", 0, "stage", 1, "closes") -> line.

    Arrays of tables are numbered from 0 in the order written; the parts of a multi-line ``all = [...]`` are
    found as ("...", "all", n), one per line that opens an inline table.
    """
    found: dict[tuple, int] = {}
    latest: dict[tuple[str, ...], tuple] = {}
    counts: dict[tuple, int] = {}
    current: tuple = ()
    array: tuple | None = None  # the path of a multi-line array being read, with its items so far
    items = 0
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.split("#", 1)[0]
        if array is not None:
            if "{" in stripped:
                found.setdefault(array + (items,), number)
                items += stripped.count("{")
            if "]" in stripped and stripped.count("[") < stripped.count("]"):
                array = None
            continue
        header, table, key = _HEADER.match(line), _TABLE.match(line), _KEY.match(line)
        if header or table:
            names = [name.strip() for name in (header or table).group(1).split(".")]
            parent = latest.get(tuple(names[:-1]), ()) if len(names) > 1 else ()
            current = parent + (names[-1],)
            if header:
                index = counts.get(current, -1) + 1
                counts[current] = index
                current += (index,)
            latest[tuple(names)] = current
            found.setdefault(current, number)
        elif key:
            found.setdefault(current + (key.group(1),), number)
            rest = stripped[key.end():]
            if rest.count("[") > rest.count("]"):  # a multi-line array: its inline tables are parts
                array, items = current + (key.group(1),), 0
                if "{" in rest:
                    found.setdefault(array + (0,), number)
                    items = rest.count("{")
    return found


class Table:
    """One TOML table being read: its values checked, every problem noted with the table's path."""

    def __init__(self, data, path: str, problems: Problems, keys: set[str], zone: ZoneInfo | None = None,
                 at: tuple = (), lines: dict | None = None):
        self.data = data if isinstance(data, dict) else {}
        self.path, self.problems, self.zone = path, problems, zone
        self.at, self.lines = at, lines if lines is not None else {}
        if not isinstance(data, dict):
            self.problem(None, "must be a table")
        for key in self.data:
            if key not in keys:  # the rules beyond the basic routes are in docs/formats.md, not in this list
                self.problem(key, f"is not a field here; the fields are {', '.join(sorted(keys - ADVANCED_KEYS))}")

    def where(self, key: str | None) -> str:
        return f"{self.path}.{key}" if self.path and key else (key or self.path)

    def problem(self, key: str | None, message: str) -> None:
        self.problems.add(None, self.where(key), message)

    def line(self, key: str | None = None) -> int | None:
        """The line of a key of this table (else of the table itself), where known."""
        return (self.lines.get(self.at + (key,)) if key else None) or self.lines.get(self.at)

    def problem_at(self, key: str | None, message: str) -> None:
        """A problem with the rules beyond the basic routes, named by its line too: `file:line: path: message`."""
        self.problems.add(self.line(key) or self.lines.get(self.at), self.where(key), message)

    def child(self, data, path: str, keys: set[str], at: tuple) -> Table:
        """A table inside this one."""
        return Table(data, path, self.problems, keys, self.zone, at, self.lines)

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


def read_election(data: dict, problems: Problems, lines: dict | None = None) -> ElectionSpec:
    """The election a parsed definition describes, with every problem noted (`lines`: where each key is, from
    ``toml_lines``, for the problems of the rules beyond the basic routes)."""
    top = Table(data, "", problems, ELECTION_KEYS, lines=lines)
    timezone, zone = _zone(top)
    top.zone = zone
    kinds = _read_kinds(top)
    spec = ElectionSpec(
        slug=top.text("slug", SLUG, 80), title=top.text("title"), timezone=timezone, contests=[], kinds=kinds,
    )
    known = {kind.value: kind.singular for kind in BodyKind} | {kind.key: kind.title for kind in kinds}
    seen: set[str] = set()
    for index, item in enumerate(top.tables("contest", required=True)):
        table = top.child(item, f"contest[{_label(item, 'slug', index)}]", CONTEST_KEYS, ("contest", index))
        contest = _read_contest(table, known)
        if contest.slug in seen:
            problems.add(None, f"contest[{index + 1}].slug", f"{contest.slug!r} names another contest too; slugs must differ")
        seen.add(contest.slug)
        spec.contests.append(contest)
    return spec


def _read_kinds(top: Table) -> list[KindSpec]:
    """The kinds of body the election declares ([[kind]]), each once, none of them mp, clp or affiliate."""
    kinds: list[KindSpec] = []
    for index, item in enumerate(top.tables("kind")):
        table = top.child(item, f"kind[{index + 1}]", KIND_KEYS, ("kind", index))
        key = table.data.get("id")
        if not isinstance(key, str) or not KIND_ID.match(key):
            table.problem_at("id", "must be a kind's id: lower-case letters, digits and underscores, starting with a "
                                   "letter, such as msp or local_party")
            key = None
        elif key in tuple(BodyKind):
            table.problem_at("id", f"{key!r} is known already: mp, clp and affiliate need no declaring")
            key = None
        elif any(kind.key == key for kind in kinds):
            table.problem_at("id", f"{key!r} is declared twice; each kind once")
            key = None
        title, plural = table.text("title", max_length=80), table.text("plural", max_length=80)
        groups = table.text("groups", max_length=80) if "groups" in table.data else None
        person = table.boolean("person", False)
        if None not in (key, title, plural):
            kinds.append(KindSpec(key=key, title=title, plural=plural, person=person, groups=groups))
    return kinds


def _read_contest(table: Table, known: dict[str, str]) -> ContestSpec:
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
        stage = _read_stage(
            table.child(item, f"{table.path}.stage[{_label(item, 'id', index)}]", STAGE_KEYS, table.at + ("stage", index)),
            known,
        )
        if stage is None:
            continue
        where = f"{table.path}.stage[{stage.key}]"
        if any(earlier.key == stage.key for earlier in stages):
            table.problems.add(None, f"{where}.id", f"{stage.key!r} names another stage of this contest too; ids must differ")
        if stages and stage.opens_at < stages[-1].closes_at:
            table.problems.add(None, f"{where}.opens", f"must be at or after the close of stage {stages[-1].key!r} "
                                                       f"({local_iso(stages[-1].closes_at, table.zone)}): stages run in the order written")
        stages.append(stage)
    ballot = table.child(table.data.get("ballot", {}), f"{table.path}.ballot", BALLOT_KEYS, table.at + ("ballot",))
    opens, closes, result = ballot.moment("opens", False), ballot.moment("closes", False), ballot.moment("result", False)
    if stages and opens is not None and opens < stages[-1].closes_at:
        ballot.problem("opens", "must be at or after the close of the last nomination stage")
    if opens is not None and closes is not None and closes <= opens:
        ballot.problem("closes", "must be after the ballot opens")
    if result is not None and (closes or opens) is not None and result < (closes or opens):
        ballot.problem("result", "must be at or after the ballot closes")
    consent_by = table.moment("consent_by", required=False)
    if stages and not any(stage.gates for stage in stages):
        table.problem_at("stage", "every stage has gates = false, so none decides the ballot; at least one must")
    if consent_by is not None and opens is not None and consent_by > opens:
        table.problem_at("consent_by", "must be before the ballot opens")
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
        incumbent_exempt=table.boolean("incumbent_exempt", False),
        self_nomination=table.boolean("self_nomination", True),
        consent_by=consent_by,
    )


def _read_stage(table: Table, known: dict[str, str]) -> StageSpec | None:
    key, title = table.text("id", SLUG, 40), table.text("title")
    opens, closes = table.moment("opens"), table.moment("closes")
    if opens is not None and closes is not None and closes <= opens:
        table.problem("closes", "must be after the stage opens")
    routes = []
    for index, item in enumerate(table.tables("route", required=True)):
        route = _read_route(
            table.child(item, f"{table.path}.route[{index + 1}]", ROUTE_KEYS, table.at + ("route", index)), known
        )
        if route is not None:
            routes.append(route)
    amendments = _read_amendments(table, opens, closes)
    if None in (key, title, opens, closes):
        return None
    return StageSpec(key=key, title=title, opens_at=opens, closes_at=closes, routes=tuple(routes),
                     gates=table.boolean("gates", True), amendments=amendments)


def _read_amendments(table: Table, opens: datetime | None, closes: datetime | None) -> tuple[AmendmentSpec, ...]:
    """A stage's [[contest.stage.amendment]] tables, in the order made: each changes the window from `made_at`."""
    amendments = []
    for index, item in enumerate(table.tables("amendment")):
        amendment = table.child(item, f"{table.path}.amendment[{index + 1}]", AMENDMENT_KEYS,
                                table.at + ("amendment", index))
        if "made_at" not in amendment.data:
            amendment.problem_at(None, "made_at is required: when the change was made")
            continue
        made_at = amendment.moment("made_at")
        new_opens, new_closes = amendment.moment("opens", False), amendment.moment("closes", False)
        reason = amendment.text("reason", max_length=500) if "reason" in amendment.data else None
        if made_at is None:
            continue
        if new_opens is None and new_closes is None and not ({"opens", "closes"} & set(amendment.data)):
            amendment.problem_at(None, "changes nothing: give the new opens or closes (or both)")
            continue
        if new_closes is not None and new_closes < made_at:
            amendment.problem_at("closes", f"closes at {local_iso(new_closes, table.zone)}, before the amendment was "
                                           f"made at {local_iso(made_at, table.zone)}")
        earlier = amendments[-1].made_at if amendments else None
        if earlier is not None and made_at < earlier:
            amendment.problem_at("made_at", "must be at or after the amendment before it: amendments are written in "
                                            "the order they were made")
        window_opens = new_opens or (amendments[-1].opens_at if amendments and amendments[-1].opens_at else opens)
        window_closes = new_closes or (amendments[-1].closes_at if amendments and amendments[-1].closes_at else closes)
        if window_opens is not None and window_closes is not None and window_closes <= window_opens:
            amendment.problem_at("closes" if new_closes else "opens", "leaves the stage closing before it opens")
        amendments.append(AmendmentSpec(made_at=made_at, opens_at=new_opens, closes_at=new_closes, reason=reason))
    return tuple(amendments)


def _kinds_of(table: Table, known: dict[str, str]) -> str | None:
    """A route's `kind`: one known kind, or several pooled (a list), stored joined by commas; None if wrong."""
    kind = table.data.get("kind")
    if kind is None:
        table.problem("kind", "is required")
        return None
    kinds = kind if isinstance(kind, list) else [kind]
    if not kinds or not all(isinstance(k, str) for k in kinds):
        table.problem_at("kind", "must be a kind of body, or a list of kinds pooled under one threshold")
        return None
    unknown = [k for k in kinds if k not in known]
    if unknown and not isinstance(kind, list) and set(known) == set(BodyKind):
        table.problem("kind", f"must be one of {', '.join(BodyKind)}")  # as before kinds could be declared
        return None
    for k in unknown:
        table.problem_at("kind", f"{k!r} is not a kind of body this election knows: declare it with [[kind]], or use "
                                 f"one of {', '.join(known)}")
    if len(set(kinds)) != len(kinds):
        table.problem_at("kind", "names a kind twice")
        return None
    return ",".join(kinds) if not unknown else None


def _read_route(table: Table, known: dict[str, str]) -> RouteSpec | None:
    if "all" in table.data:
        return _read_parts(table, known)
    return _read_part(table, known)


def _read_parts(table: Table, known: dict[str, str]) -> RouteSpec | None:
    """A route whose parts must all hold: `all = [{ kind = ..., ... }, ...]`, nothing else beside it."""
    parts = table.data["all"]
    others = sorted(set(table.data) - {"all"})
    if others:
        table.problem_at(others[0], "goes inside one of the parts of `all`, not beside it")
    if not isinstance(parts, list) or not all(isinstance(part, dict) for part in parts) or len(parts) < 2:
        table.problem_at("all", "must list at least two parts, each a table such as { kind = \"mp\", share = 0.10 }")
        return None
    found = []
    for index, item in enumerate(parts):
        part = table.child(item, f"{table.path}.all[{index + 1}]", PART_KEYS, table.at + ("all", index))
        part.lines = {**table.lines, part.at: table.lines.get(table.at + ("all", index)) or table.line("all")}
        found.append(_read_part(part, known))
    return RouteSpec(kind=found[0].kind, parts=tuple(found)) if all(found) else None


def _read_part(table: Table, known: dict[str, str]) -> RouteSpec | None:
    kind = _kinds_of(table, known)
    route = RouteSpec(
        kind=kind,
        count=table.integer("count", 1),
        share=table.share("share"),
        of=table.integer("of", 1),
        unions=table.integer("unions", 1),
        membership_share=table.share("membership_share"),
        spread=table.integer("spread", 1),
    )
    if "of" in table.data and "share" not in table.data:
        table.problem("of", "gives the base of a share, but the route has no share")
    if kind != BodyKind.AFFILIATE:
        for key in ("unions", "membership_share"):
            if key in table.data:
                table.problem(key, "applies only to a route of kind affiliate")
    if route.count is not None and route.unions is not None and route.unions > route.count:
        table.problem("unions", f"cannot be more than the count of {route.count}")
    if route.spread is not None and route.count is not None and route.spread > route.count:
        table.problem_at("spread", f"asks for nominators from {route.spread} groups, but the count is only {route.count}")
    return route if kind is not None else None


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
    spec = read_election(data, problems, toml_lines(text))
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
