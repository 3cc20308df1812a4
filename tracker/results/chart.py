"""A server-rendered SVG line chart of each candidate's votes by round (declared results and counts).

Pure: standard library only; returns SVG text with every name escaped. Colour is never the only
carrier: each line also has its own marker shape and dash pattern, the legend repeats both beside the
name and says who was elected or excluded, and the SVG's title and description state the figures.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

__all__ = ["Series", "votes_chart"]

#: Okabe–Ito colours that read on white (yellow left out), then a dark grey.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
#: Marker shapes; 6 shapes and 7 colours repeat together only every 42 lines.
MARKERS = ("circle", "square", "triangle", "diamond", "plus", "cross")
DASHES = ("", "7 4", "2 3", "9 3 2 3")

WIDTH = 720
PLOT_TOP = 20
PLOT_HEIGHT = 260
LEFT = 78
RIGHT = 56
LEGEND_ROW = 22


@dataclass(frozen=True)
class Series:
    """One candidate's line: a figure per round (None once out of the count), and the rounds that decided."""

    name: str
    values: Sequence[Decimal | None]
    elected_round: int | None = None
    excluded_round: int | None = None

    def outcome(self, label: str = "round") -> str:
        """Who was elected or excluded, in words: "elected in round 3"."""
        if self.elected_round is not None:
            return f"elected in {label} {self.elected_round}"
        if self.excluded_round is not None:
            return f"excluded in {label} {self.excluded_round}"
        return ""


def _style(number: int) -> tuple[str, str, str]:
    """The colour, marker and dash of the n-th line (no two alike within the first 84)."""
    return COLOURS[number % len(COLOURS)], MARKERS[number % len(MARKERS)], DASHES[number % len(DASHES)]


def _figure(value: Decimal) -> str:
    value = Decimal(value)
    return f"{int(value):,}" if value == value.to_integral_value() else f"{value:,f}"


def _nice_ceiling(value: Decimal) -> tuple[Decimal, Decimal]:
    """A round top for the axis at or above `value`, and the tick step (1, 2 or 5 × a power of ten)."""
    if value <= 0:
        return Decimal(1), Decimal("0.2")
    raw = value / 5
    power = Decimal(10) ** (raw.adjusted())
    for multiple in (1, 2, 5, 10):
        step = power * multiple
        if step >= raw:
            break
    top = (value / step).to_integral_value(rounding="ROUND_CEILING") * step
    return top, step


def _marker(shape: str, x: float, y: float, colour: str, label: str) -> str:
    title = f"<title>{escape(label)}</title>"
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}">{title}</circle>'
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}">{title}</rect>'
    if shape == "triangle":
        points = f"{x:.1f},{y - 5.5:.1f} {x - 5:.1f},{y + 4:.1f} {x + 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{points}" fill="{colour}">{title}</polygon>'
    if shape == "diamond":
        points = f"{x:.1f},{y - 5.5:.1f} {x + 5.5:.1f},{y:.1f} {x:.1f},{y + 5.5:.1f} {x - 5.5:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{colour}">{title}</polygon>'
    if shape == "plus":
        path = f"M{x - 5:.1f},{y:.1f}H{x + 5:.1f}M{x:.1f},{y - 5:.1f}V{y + 5:.1f}"
    else:
        path = f"M{x - 4:.1f},{y - 4:.1f}L{x + 4:.1f},{y + 4:.1f}M{x - 4:.1f},{y + 4:.1f}L{x + 4:.1f},{y - 4:.1f}"
    return f'<path d="{path}" stroke="{colour}" stroke-width="2.5" fill="none">{title}</path>'


def votes_chart(series: Sequence[Series], rounds: int, *, title: str, chart_id: str = "chart",
                quota: Decimal | None = None, round_label: str = "Round",
                fmt: Callable[[Decimal], str] | None = None) -> str:
    """An accessible SVG line chart: rounds across, votes up, one styled line per candidate, with a legend.

    `fmt` writes a figure in the description and tooltips as the table beside the chart does.
    """
    fmt = fmt or _figure
    ident = escape(chart_id)
    values = [v for s in series for v in s.values if v is not None]
    top, step = _nice_ceiling(max(values + ([quota] if quota is not None else []), default=Decimal(0)))
    plot_width = WIDTH - LEFT - RIGHT
    legend_top = PLOT_TOP + PLOT_HEIGHT + 48
    height = legend_top + LEGEND_ROW * len(series) + 8

    def x_at(index: int) -> float:
        return LEFT + plot_width / 2 if rounds <= 1 else LEFT + plot_width * index / (rounds - 1)

    def y_at(value: Decimal) -> float:
        return PLOT_TOP + PLOT_HEIGHT - float(Decimal(PLOT_HEIGHT) * value / top)

    described = "; ".join(
        f"{s.name}: " + ", ".join(f"{fmt(v)} in {round_label.lower()} {i + 1}"
                                  for i, v in enumerate(s.values) if v is not None)
        + (f" ({s.outcome(round_label.lower())})" if s.outcome() else "")
        for s in series
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="votes-chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="system-ui, sans-serif" font-size="13">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">Votes by {round_label.lower()} for each candidate. {escape(described)}.'
        + (f" Quota: {fmt(quota)}." if quota is not None else "") + "</desc>",
    ]
    # axes and grid
    tick = Decimal(0)
    while tick <= top:
        y = y_at(tick)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" fill="#333">{_figure(tick)}</text>')
        tick += step
    parts.append(f'<line x1="{LEFT}" y1="{PLOT_TOP}" x2="{LEFT}" y2="{PLOT_TOP + PLOT_HEIGHT}" stroke="#333"/>')
    parts.append(f'<line x1="{LEFT}" y1="{PLOT_TOP + PLOT_HEIGHT}" x2="{WIDTH - RIGHT}" '
                 f'y2="{PLOT_TOP + PLOT_HEIGHT}" stroke="#333"/>')
    for index in range(rounds):
        parts.append(f'<text x="{x_at(index):.1f}" y="{PLOT_TOP + PLOT_HEIGHT + 20}" text-anchor="middle" '
                     f'fill="#333">{escape(round_label)} {index + 1}</text>')
    parts.append(f'<text x="{LEFT - 60}" y="{PLOT_TOP + PLOT_HEIGHT / 2:.1f}" fill="#333" text-anchor="middle" '
                 f'transform="rotate(-90 {LEFT - 60} {PLOT_TOP + PLOT_HEIGHT / 2:.1f})">Votes</text>')
    if quota is not None:
        y = y_at(quota)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#333" '
                     f'stroke-width="1.5" stroke-dasharray="12 4 2 4"/>')
        parts.append(f'<text x="{LEFT + 6}" y="{y - 6:.1f}" fill="#1a1a1a" stroke="#fff" stroke-width="4" '
                     f'paint-order="stroke">Quota {_figure(quota)}</text>')
    # one line per candidate
    for number, s in enumerate(series):
        colour, shape, dash = _style(number)
        points = [(i, v) for i, v in enumerate(s.values) if v is not None]
        name = escape(s.name)
        parts.append(f'<g class="series"><title>{name}</title>')
        if len(points) > 1:
            path = " ".join(f"{x_at(i):.1f},{y_at(v):.1f}" for i, v in points)
            dashing = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dashing}/>')
        for i, v in points:
            label = f"{s.name}, {round_label.lower()} {i + 1}: {fmt(v)}"
            if s.elected_round == i + 1:
                label += " (elected)"
            elif s.excluded_round == i + 1:
                label += " (excluded)"
            parts.append(_marker(shape, x_at(i), y_at(v), colour, label))
            if s.elected_round == i + 1:
                parts.append(f'<circle cx="{x_at(i):.1f}" cy="{y_at(v):.1f}" r="9" fill="none" stroke="{colour}" '
                             f'stroke-width="2"/>')
        parts.append("</g>")
    # the legend: marker, dash sample and name, with the outcome in words
    for number, s in enumerate(series):
        colour, shape, dash = _style(number)
        y = legend_top + LEGEND_ROW * number
        dashing = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<line x1="{LEFT}" y1="{y}" x2="{LEFT + 36}" y2="{y}" stroke="{colour}" stroke-width="2.5"'
                     f'{dashing}/>')
        parts.append(_marker(shape, LEFT + 18, y, colour, s.name))
        outcome = f" — {s.outcome(round_label.lower())}" if s.outcome() else ""
        parts.append(f'<text x="{LEFT + 46}" y="{y + 4}" fill="#1a1a1a">{escape(s.name)}{escape(outcome)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
