"""Server-rendered progress bars: the geometry of one condition's bar, with its threshold marked.

Pure arithmetic on the rules' figures; the SVG itself is in templates/public/_macros.html. The bar is
decoration beside its text ("18 of 22 MPs"), which carries the same meaning in words.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

#: Where the threshold sits on the bar when nobody has passed it by much: needed is 80% of the scale.
HEADROOM = Fraction(5, 4)


@dataclass(frozen=True)
class Bar:
    """One condition drawn as a bar: the share of the scale that was had, and where the threshold is."""

    label: str  # what is measured: "MPs", "CLPs", "unions", "membership"
    text: str  # the rules' words: "18 of 22 MPs"
    have: Fraction
    needed: Fraction
    met: bool
    have_percent: float  # 0..100 of the drawn width
    threshold_percent: float

    @property
    def short(self) -> str:
        """The figures without the noun, for narrow screens: "18/22"."""
        if self.label == "membership":
            return self.text.replace(" membership", "")
        return f"{_plain(self.have)}/{_plain(self.needed)}"


def _plain(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):.1f}"


def scale_for(needed: Fraction, haves: list[Fraction]) -> Fraction:
    """One scale for a condition across every candidate, so that bars compare: the larger of the
    threshold with headroom and the best figure."""
    return max([needed * HEADROOM, *haves]) or Fraction(1)


def bar(label: str, text: str, have, needed, met: bool, scale: Fraction) -> Bar:
    """A bar on a shared scale."""
    have, needed = Fraction(have), Fraction(needed)
    return Bar(
        label=label,
        text=text,
        have=have,
        needed=needed,
        met=met,
        have_percent=round(float(min(have, scale) / scale * 100), 2),
        threshold_percent=round(float(needed / scale * 100), 2),
    )
