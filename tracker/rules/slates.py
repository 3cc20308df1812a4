"""Slate resolution: an organisation's picks, resolved against the candidates' standings.

Pure rules: no Flask, no database, standard library only. The caller computes each candidate's
:class:`Standing` as of the moment asked (the eligibility engine) and passes them in.

A name is *usable* if its verdict is ``on_ballot``, or ``qualified`` or ``in_progress`` while the ballot
is not yet set; a name with no standing (not a candidate in the contest) is never usable.

Resolution walks the picks in order. Each pick resolves to the first name of (pick, its
substitutes...) that is

* usable,
* not already taken by an earlier pick, and
* for a *substitute* only: not named directly, as its own pick, by a later pick that is usable.

The third rule means a usable pick always keeps its own name: a substitute never "steals" a
candidate the slate recommends in their own right further down, it is passed over in favour of
the next substitute (the voter is told to vote for that candidate anyway, in their own place).
So when the pick "Sam Carter, otherwise Ria Patel" is followed by the pick "Ria Patel" and Carter
is suspended, the first pick goes to Carter's next substitute (or becomes a gap) and Patel stays
the second pick. Two picks sharing a substitute: the earlier pick that needs it gets it, the later
one moves on to its next substitute or becomes a gap. A pick with no usable name is a gap: its
slot is ``None`` and it is never silently filled by anyone outside its own chain.

Each time a pick does not resolve to itself a :class:`Substitution` records it, with a reason
that names every person passed over and why, in order, joined by "; " -- e.g.
"Sam Carter is suspended since 3 September 2026 (reason: none published); Ria Patel is already
recommended for an earlier pick".
"""
from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from tracker.rules.names import nearest_name
from tracker.vocabulary import VerdictStatus

__all__ = [
    "Standing",
    "Pick",
    "Substitution",
    "ContestResolution",
    "is_usable",
    "unusable_reason",
    "resolve_contest",
    "validate_picks",
]


@dataclass(frozen=True)
class Standing:
    """One candidate's verdict as of the moment asked (computed by the eligibility engine)."""

    name: str
    status: str  # a VerdictStatus
    reason: str  # the engine's sentence, e.g. "Suspended since 3 September 2026 (reason: none published)."
    woman: bool | None = None


@dataclass(frozen=True)
class Pick:
    """One recommendation: a name, and the substitutes to use in order if it is not usable."""

    name: str
    otherwise: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Accept a list (as read from TOML) or a lone string, and store a tuple so Pick stays hashable.
        otherwise = self.otherwise
        if isinstance(otherwise, str):
            otherwise = (otherwise,)
        object.__setattr__(self, "otherwise", tuple(otherwise))


@dataclass(frozen=True)
class Substitution:
    """A pick that did not resolve to itself: who is out, who is in (None for a gap), and why."""

    out: str
    in_: str | None
    reason: str

    def to_dict(self) -> dict[str, str | None]:
        """The API's shape: ``{"out", "in", "reason"}``."""
        return {"out": self.out, "in": self.in_, "reason": self.reason}


@dataclass(frozen=True)
class ContestResolution:
    """A contest's picks resolved against the standings."""

    picks: tuple[str, ...]  # resolved names, in order, gaps omitted
    slots: tuple[str | None, ...]  # one per pick, None for a gap
    substitutions: tuple[Substitution, ...]
    gaps: int
    women: int | None = None  # women among the resolved picks, when min_women was given
    min_women_note: str | None = None
    passed_over: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    # every (name, why) passed over during the walk, for pages that want the detail per name

    def to_dict(self) -> dict:
        """The API's shape for one contest: ``{"picks", "substitutions", "gaps"}`` (plus the women note when set)."""
        out: dict = {
            "picks": list(self.picks),
            "substitutions": [s.to_dict() for s in self.substitutions],
            "gaps": self.gaps,
        }
        if self.women is not None:
            out["women"] = self.women
            out["min_women_note"] = self.min_women_note
        return out


def is_usable(standing: Standing | None, ballot_set: bool) -> bool:
    """On the ballot, or still collecting nominations while the ballot is not yet set.

    ``None`` (a name that is not a candidate in the contest) is not usable.
    """
    if standing is None:
        return False
    if standing.status == VerdictStatus.ON_BALLOT:
        return True
    return standing.status in (VerdictStatus.QUALIFIED, VerdictStatus.IN_PROGRESS) and not ballot_set


# --- reasons ---------------------------------------------------------------------------------

_FIRST_WORD = re.compile(r"\s*([A-Za-z]+)\b")


def _lower_first(text: str) -> str:
    """Lower the first letter of a sentence, but leave an acronym ("CLP", "NEC") alone."""
    if len(text) >= 2 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    if len(text) == 1:
        return text.lower()
    return text


def _clean(reason: str) -> str:
    text = " ".join((reason or "").split())
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    return text


def unusable_reason(name: str, standing: Standing | None, ballot_set: bool) -> str:
    """Why *name* cannot be used, as a clause: "<Name> is suspended since ...", "<Name> withdrew on ...".

    Built from the engine's sentence where it starts with the verdict ("Suspended since ...",
    "Withdrew on ..." / "Withdrawn on ...", "Eliminated ..."); otherwise the verdict is stated and
    the engine's sentence follows in brackets. No trailing full stop, so clauses can be joined.
    """
    if standing is None:
        return f"{name} is not a candidate in this contest"
    text = _clean(standing.reason)
    status = standing.status
    if text.startswith(name + " "):
        return text  # the engine already wrote a sentence about this person
    match = _FIRST_WORD.match(text)
    first = match.group(1).casefold() if match else ""
    rest = text[match.end():] if match else text

    if status == VerdictStatus.SUSPENDED:
        if first == "suspended":
            return f"{name} is suspended{rest}"
        return f"{name} is suspended ({_lower_first(text)})" if text else f"{name} is suspended"
    if status == VerdictStatus.WITHDRAWN:
        if first in ("withdrew", "withdrawn"):
            return f"{name} withdrew{rest}"
        return f"{name} withdrew ({_lower_first(text)})" if text else f"{name} withdrew"
    if status == VerdictStatus.ELIMINATED:
        if first == "eliminated":
            return f"{name} is eliminated{rest}"
        return f"{name} is eliminated ({_lower_first(text)})" if text else f"{name} is eliminated"
    if status in (VerdictStatus.QUALIFIED, VerdictStatus.IN_PROGRESS):
        # Only unusable once the ballot is set: the engine's "still collecting" sentence is beside the point.
        return f"{name} is not on the ballot"
    if status == VerdictStatus.ON_BALLOT:  # usable; asked anyway
        return f"{name} is on the ballot"
    return f"{name} is not on the ballot (status: {status})"


def _already_earlier(name: str) -> str:
    return f"{name} is already recommended for an earlier pick"


def _reserved_later(name: str, position: int) -> str:
    return f"{name} is recommended in their own right as pick {position}"


# --- resolution ------------------------------------------------------------------------------


def resolve_contest(
    picks: Sequence[Pick],
    standings: Mapping[str, Standing],
    *,
    ballot_set: bool,
    min_women: int | None = None,
) -> ContestResolution:
    """Resolve one contest's picks against the standings (see the module docstring for the rule).

    *standings* maps each candidate's name in the contest to their standing; a name missing from
    it is not a candidate and never usable. *min_women* (None or 0: no reservation) adds the count
    of women among the resolved picks and a note saying whether the slate can fill the reservation.
    """
    if min_women is not None and min_women < 0:
        raise ValueError(f"min_women must not be negative, got {min_women}")

    def usable(name: str) -> bool:
        return is_usable(standings.get(name), ballot_set)

    # A usable name a pick names directly is that pick's own: earlier substitutes pass over it.
    # The first such pick claims it (a name picked twice: the later one is a duplicate).
    own_pick: dict[str, int] = {}
    for index, pick in enumerate(picks):
        if usable(pick.name):
            own_pick.setdefault(pick.name, index)

    taken: set[str] = set()
    slots: list[str | None] = []
    substitutions: list[Substitution] = []
    passed_over: list[tuple[str, str]] = []

    for index, pick in enumerate(picks):
        reasons: list[str] = []
        seen: set[str] = set()
        chosen: str | None = None
        for position, name in enumerate((pick.name, *pick.otherwise)):
            if name in seen:  # a name repeated within one chain: already judged
                continue
            seen.add(name)
            if not usable(name):
                why = unusable_reason(name, standings.get(name), ballot_set)
            elif name in taken:
                why = _already_earlier(name)
            elif position > 0 and own_pick.get(name, index) > index:
                why = _reserved_later(name, own_pick[name] + 1)
            else:
                chosen = name
                break
            reasons.append(why)
            passed_over.append((name, why))
        slots.append(chosen)
        if chosen is not None:
            taken.add(chosen)
        if chosen != pick.name:
            substitutions.append(Substitution(out=pick.name, in_=chosen, reason="; ".join(reasons)))

    resolved = tuple(name for name in slots if name is not None)
    women: int | None = None
    note: str | None = None
    if min_women:
        women = sum(1 for name in resolved if (s := standings.get(name)) is not None and s.woman is True)
        unknown = sum(1 for name in resolved if (s := standings.get(name)) is None or s.woman is None)
        note = _min_women_note(women, min_women, unknown)

    return ContestResolution(
        picks=resolved,
        slots=tuple(slots),
        substitutions=tuple(substitutions),
        gaps=sum(1 for name in slots if name is None),
        women=women,
        min_women_note=note,
        passed_over=tuple(passed_over),
    )


def _min_women_note(women: int, min_women: int, unknown: int) -> str:
    are = "is a woman" if women == 1 else "are women"
    seats = "seat" if min_women == 1 else "seats"
    if women >= min_women:
        note = (
            f"{women} of the picks {are}; "
            f"the slate can satisfy the {min_women} {seats} the contest reserves for women."
        )
    else:
        note = f"{women} of the picks {are}; the contest reserves {min_women} {seats} for women."
    if unknown:
        note += (
            " Whether 1 other pick is a woman is not recorded."
            if unknown == 1
            else f" Whether {unknown} other picks are women is not recorded."
        )
    return note


# --- validation ------------------------------------------------------------------------------


def validate_picks(
    picks: Sequence[Pick], candidate_names: Collection[str], seats: int
) -> list[tuple[str, str]]:
    """Every problem with one contest's picks, as ``(field, message)``, in the order of the picks.

    Fields look like ``picks[2].name`` and ``picks[2].otherwise[0]`` (0-based, like the list in
    the file); ``picks`` for the count. Problems: an empty name; a pick or substitute who is not a
    candidate in the contest; a name picked twice; a substitute naming its own pick; a name twice
    in one substitute chain; more picks than seats in a multi-seat contest (a single-seat contest
    may list several picks in order of preference). Allowed: two picks sharing a substitute, and
    a substitute who is also picked in their own right (see :func:`resolve_contest`).
    """
    problems: list[tuple[str, str]] = []
    candidates = set(candidate_names)

    def check_candidate(field_name: str, name: str) -> bool:
        if not name.strip():
            problems.append((field_name, "A name is required."))
            return False
        if name not in candidates:
            message = f'"{name}" is not a candidate in this contest.'
            near = nearest_name(name, candidates)
            if near is not None:
                message += f' Did you mean "{near}"?'
            problems.append((field_name, message))
        return True

    picked_at: dict[str, int] = {}
    for i, pick in enumerate(picks):
        name_field = f"picks[{i}].name"
        if check_candidate(name_field, pick.name):
            if pick.name in picked_at:
                problems.append(
                    (name_field, f"{pick.name} is already pick {picked_at[pick.name] + 1}; a name may be picked only once.")
                )
            else:
                picked_at[pick.name] = i
        chain_at: dict[str, int] = {}
        for j, substitute in enumerate(pick.otherwise):
            sub_field = f"picks[{i}].otherwise[{j}]"
            if not check_candidate(sub_field, substitute):
                continue
            if substitute == pick.name:
                problems.append((sub_field, f"{substitute} is the pick itself; a substitute must be someone else."))
            elif substitute in chain_at:
                problems.append(
                    (sub_field, f"{substitute} is already substitute {chain_at[substitute] + 1} of this pick.")
                )
            else:
                chain_at[substitute] = j

    if seats > 1 and len(picks) > seats:
        problems.append(("picks", f"{len(picks)} picks for {seats} seats; a slate may pick at most one name per seat."))
    return problems
