"""The slate definition file of DESIGN.md: read it (every problem with its line) and write it back.

Pure: standard library only (``tomllib``). Checking names against the ballot is the operations' job;
this module checks the file's shape and knows on which line each value was written.
"""
from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tracker.rules.slates import Pick
from tracker.vocabulary import SLUG, SLUG_RULE

TOP_KEYS = ("organisation", "organisation_name", "election", "title", "contest")
CONTEST_KEYS = ("slug", "pick")
PICK_KEYS = ("name", "otherwise")


@dataclass(frozen=True)
class SlateDefinition:
    """What a slate file says: who publishes, for which election, and the picks per contest in file order."""

    organisation: str
    organisation_name: str | None
    election: str
    title: str | None
    contests: dict[str, list[Pick]]


@dataclass
class Lines:
    """Where each value was written, so that a problem can name its line."""

    top: dict[str, int] = field(default_factory=dict)
    contest: dict[int, int] = field(default_factory=dict)  # contest index -> header line
    contest_keys: dict[tuple[int, str], int] = field(default_factory=dict)
    pick: dict[tuple[int, int], int] = field(default_factory=dict)  # (contest, pick) -> header line
    pick_keys: dict[tuple[int, int, str], int] = field(default_factory=dict)

    def of_top(self, key: str) -> int | None:
        return self.top.get(key)

    def of_contest(self, i: int, key: str | None = None) -> int | None:
        return self.contest_keys.get((i, key)) if key and (i, key) in self.contest_keys else self.contest.get(i)

    def of_pick(self, i: int, j: int, key: str | None = None) -> int | None:
        if key and (i, j, key) in self.pick_keys:
            return self.pick_keys[(i, j, key)]
        return self.pick.get((i, j), self.of_contest(i))


_CONTEST_HEADER = re.compile(r"^\[\[\s*contest\s*\]\]")
_PICK_HEADER = re.compile(r"^\[\[\s*contest\s*\.\s*pick\s*\]\]")
_OTHER_HEADER = re.compile(r"^\[")
_KEY = re.compile(r'^(?:"([^"]*)"|([A-Za-z0-9_-]+))\s*=')


def locate(text: str) -> Lines:
    """The line (1-based) of each header and key of a slate file written in DESIGN.md's layout."""
    lines = Lines()
    contest, pick, section = -1, -1, "top"
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if _PICK_HEADER.match(line):
            pick += 1
            section = "pick"
            lines.pick[(contest, pick)] = number
        elif _CONTEST_HEADER.match(line):
            contest, pick, section = contest + 1, -1, "contest"
            lines.contest[contest] = number
        elif _OTHER_HEADER.match(line):
            section = "other"
        elif match := _KEY.match(line):
            key = match.group(1) if match.group(1) is not None else match.group(2)
            if section == "top":
                lines.top.setdefault(key, number)
            elif section == "contest":
                lines.contest_keys.setdefault((contest, key), number)
            elif section == "pick":
                lines.pick_keys.setdefault((contest, pick, key), number)
    return lines


class DefinitionError(Exception):
    """A slate file that cannot be used: every problem as (line or None, where, message)."""

    def __init__(self, problems: list[tuple[int | None, str, str]]):
        self.problems = problems
        super().__init__("; ".join(message for _, _, message in problems))


_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")


def parse(text: str) -> tuple[SlateDefinition, Lines]:
    """Read a slate file; raise DefinitionError with every problem found in its shape."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = _TOML_LINE.search(str(error))
        message = _TOML_LINE.sub("", str(error)).strip()
        raise DefinitionError([(int(match.group(1)) if match else None, "", f"not valid TOML: {message}")]) from None
    lines = locate(text)
    problems: list[tuple[int | None, str, str]] = []

    def problem(line: int | None, where: str, message: str) -> None:
        problems.append((line, where, message))

    for key in data:
        if key not in TOP_KEYS:
            problem(lines.of_top(key), key, f"unknown key {key!r}; a slate file has {', '.join(TOP_KEYS)}")

    def text_value(key: str, required: bool) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                problem(None, key, f"{key!r} is required")
            return None
        if not isinstance(value, str) or not value.strip():
            problem(lines.of_top(key), key, f"{key!r} must be a non-empty string")
            return None
        return value.strip()

    organisation = text_value("organisation", True)
    if organisation is not None and not SLUG.match(organisation):
        problem(lines.of_top("organisation"), "organisation",
                f"organisation {organisation!r} must be a slug: {SLUG_RULE}")
    organisation_name = text_value("organisation_name", False)
    election = text_value("election", True)
    title = text_value("title", False)

    contests: dict[str, list[Pick]] = {}
    raw_contests = data.get("contest", [])
    if not isinstance(raw_contests, list) or not all(isinstance(c, dict) for c in raw_contests):
        problem(lines.of_top("contest"), "contest", "'contest' must be a list of [[contest]] tables")
        raw_contests = []
    for i, raw in enumerate(raw_contests):
        where = f"contest {i + 1}"
        for key in raw:
            if key not in CONTEST_KEYS:
                problem(lines.of_contest(i, key), f"{where}.{key}",
                        f"unknown key {key!r} in a [[contest]]; it has {', '.join(CONTEST_KEYS)}")
        slug = raw.get("slug")
        if not isinstance(slug, str) or not slug.strip():
            problem(lines.of_contest(i, "slug"), f"{where}.slug", "each [[contest]] needs a slug")
            slug = None
        else:
            slug = slug.strip()
            where = f"contest {slug}"
            if slug in contests:
                problem(lines.of_contest(i, "slug"), f"{where}.slug",
                        f"contest {slug!r} is written twice; give each contest once")
        raw_picks = raw.get("pick", [])
        if not isinstance(raw_picks, list) or not all(isinstance(p, dict) for p in raw_picks):
            problem(lines.of_contest(i), f"{where}.pick", "'pick' must be a list of [[contest.pick]] tables")
            raw_picks = []
        picks = []
        for j, raw_pick in enumerate(raw_picks):
            pick_where = f"{where}, pick {j + 1}"
            for key in raw_pick:
                if key not in PICK_KEYS:
                    problem(lines.of_pick(i, j, key), pick_where,
                            f"unknown key {key!r} in a [[contest.pick]]; it has {', '.join(PICK_KEYS)}")
            name = raw_pick.get("name")
            if not isinstance(name, str) or not name.strip():
                problem(lines.of_pick(i, j, "name"), pick_where, "each pick needs a name")
                name = ""
            otherwise = raw_pick.get("otherwise", [])
            if isinstance(otherwise, str):
                otherwise = [otherwise]
            if not isinstance(otherwise, list) or not all(isinstance(n, str) for n in otherwise):
                problem(lines.of_pick(i, j, "otherwise"), pick_where, "'otherwise' must be a list of names")
                otherwise = []
            picks.append(Pick(" ".join(name.split()), tuple(" ".join(n.split()) for n in otherwise)))
        if slug is not None and slug not in contests:
            contests[slug] = picks

    if problems:
        raise DefinitionError(problems)
    return SlateDefinition(organisation, organisation_name, election, title, contests), lines


def _string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def format_definition(
    organisation: str,
    organisation_name: str,
    election: str,
    title: str,
    contests: Mapping[str, Sequence[Pick]],
    comment: str | None = None,
) -> str:
    """Write a slate file in DESIGN.md's layout; `parse` reads it back to the same slate."""
    out = []
    if comment:
        out += [f"# {line}" for line in comment.splitlines()]
    out += [
        f"organisation = {_string(organisation)}",
        f"organisation_name = {_string(organisation_name)}",
        f"election = {_string(election)}",
        f"title = {_string(title)}",
    ]
    for slug, picks in contests.items():
        out += ["", "[[contest]]", f"slug = {_string(slug)}"]
        for pick in picks:
            out += ["", "  [[contest.pick]]", f"  name = {_string(pick.name)}"]
            if pick.otherwise:
                out.append(f"  otherwise = [{', '.join(_string(name) for name in pick.otherwise)}]")
    return "\n".join(out) + "\n"
