"""Words and figures for the rules' sentences: counts of bodies and percentages (times are tracker.times')."""
from __future__ import annotations

import math
from fractions import Fraction

from tracker.vocabulary import BodyKind

#: Singular and plural nouns for each kind of nominating body (and for unions).
NOUNS = {**{kind.value: (kind.singular, kind.plural) for kind in BodyKind}, "union": ("union", "unions")}


def noun(kind: str, number: int) -> str:
    """The noun for `number` bodies of a kind: "1 CLP" but "0 CLPs", "33 CLPs"."""
    singular, plural = NOUNS.get(kind, (kind, kind + "s"))
    return singular if number == 1 else plural


def pooled_noun(words: list[tuple[str, str]], number: int) -> str:
    """The noun for `number` bodies of one kind or several pooled: "1 MP", "2 MPs", "51 MPs and MEPs", "1 MP or MEP"."""
    if len(words) == 1:
        singular, plural = words[0]
        return singular if number == 1 else plural
    if number == 1:
        return " or ".join([", ".join(s for s, _ in words[:-1]), words[-1][0]])
    return " and ".join([", ".join(p for _, p in words[:-1]), words[-1][1]])


def count_text(have: int, needed: int, kind: str) -> str:
    """What was had against what was needed: "31 of 33 CLPs"."""
    return f"{have} of {needed} {noun(kind, needed)}"


def share_text(share: Fraction) -> str:
    """A required share as a percentage, whole when it is whole: "5%", "12.5%"."""
    percent = share * 100
    return f"{percent.numerator}%" if percent.denominator == 1 else measured_text(share)


def measured_text(share: Fraction) -> str:
    """A measured share to one decimal place, truncated so it never shows more than was had: "4.9%"."""
    tenths = math.floor(share * 1000)
    return f"{tenths // 10}.{tenths % 10}%"
