"""The entry points: count an Election by a named method, with the women given by index or by name."""

from __future__ import annotations

from dataclasses import replace

from .blt import Election
from .common import TieBreaker, WomenRule, prepare
from .errors import CountError, as_sentence
from .irv import count_irv
from .meek import count_meek
from .report import CountResult
from .stv import count_scottish_stv

__all__ = ["count", "count_as_asked", "women_indexes"]


def count(election: Election, method: str, seats: int | None = None, min_women: int = 0,
          women: frozenset[int] = frozenset(), seed: int | None = None) -> CountResult:
    """Count an election by "irv", "scottish-stv" or "meek"; raise CountError for impossible parameters."""
    ballots, seats = prepare(election, method, seats, min_women, frozenset(women))
    rule = WomenRule(min_women, frozenset(women), seats)
    ties = TieBreaker(ballots.names, seed)
    run = {"irv": count_irv, "scottish-stv": count_scottish_stv, "meek": count_meek}[method]
    return replace(run(ballots, seats, rule, ties), title=election.title)


def count_as_asked(election: Election, method: str, seats: int | None = None, min_women: int | None = None,
                   women: tuple[str, ...] = (), seed: int | None = None,
                   also_women: tuple[str, ...] = ()) -> tuple[CountResult, frozenset[int]]:
    """Count as a person asks on the command line or the web form: the result and the women's indexes.

    `women` name women among the file's candidates, by name or number (an unknown one is refused);
    `also_women` are known women who may or may not be in the file (a contest's). Every refusal is a
    CountError worded as a sentence.
    """
    indexes, unknown = women_indexes(election.candidates, women)
    if unknown:
        raise CountError(
            f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not among the candidates in the file "
            f"({', '.join(election.candidates)}).",
            "women",
        )
    indexes |= women_indexes(election.candidates, also_women)[0]
    try:
        result = count(election, method, seats=seats, min_women=min_women or 0, women=indexes, seed=seed)
    except CountError as error:
        raise CountError(as_sentence(str(error)), error.parameter) from None
    return result, indexes


def women_indexes(candidates: tuple[str, ...], women: tuple[str, ...]) -> tuple[frozenset[int], list[str]]:
    """Candidate indexes of the named women (by name, ignoring case, or by 1-based number), and unknown names."""
    by_name = {" ".join(name.split()).casefold(): index for index, name in enumerate(candidates)}
    found: set[int] = set()
    unknown: list[str] = []
    for woman in women:
        key = " ".join(woman.split()).casefold()
        if not key:
            continue
        if key in by_name:
            found.add(by_name[key])
        elif key.isdecimal() and 1 <= int(key) <= len(candidates):
            found.add(int(key) - 1)
        else:
            unknown.append(woman.strip())
    return frozenset(found), unknown
