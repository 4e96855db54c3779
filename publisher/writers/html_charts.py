"""The landing page's charts as inline SVG: geometry only, every value escaped.

Two charts, both with a value axis from zero and ticks at round numbers: a table's
breakdown in its latest month (horizontal bars, one per category; a hidden cell is an
empty dashed box with no number) and its series over time (lines; a hidden month is a
gap with a hollow mark on the axis, a month no report covered is a shaded band, a series
break a dashed line). A suppressed month never carries a value (:class:`ChartMonth` refuses
one), so no chart can draw it. The SVG is built here because it is geometry;
``Markup.format`` escapes every value put into it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from publisher.confidentiality import BREAK, SUPPRESSED

_LINE_W, _LINE_H = 400, 230
_LEFT, _RIGHT, _TOP, _BOTTOM = 50, 8, 22, 30  # room for the labels of the time chart
_BAR_W, _BAR_LABEL, _BAR_ROW, _BAR_TOP = 380, 160, 20, 6  # the breakdown's geometry


@dataclass(frozen=True, slots=True)
class ChartMonth:
    """One month of a series; a suppressed month never carries a value."""

    period: str  # YYYY-MM
    label: str  # "Januar 2026"
    value: float | None  # None: suppressed by Nav, or not in any report
    status: str | None = None  # SUPPRESSED, BREAK or None

    def __post_init__(self) -> None:
        if self.status == SUPPRESSED and self.value is not None:
            raise ValueError(f"{self.period}: a suppressed month cannot carry a value")


@dataclass(frozen=True, slots=True)
class Series:
    """A named line of the time chart."""

    label: str
    months: tuple[ChartMonth, ...]


@dataclass(frozen=True, slots=True)
class Bar:
    """One category in the breakdown; a hidden one has no value."""

    label: str
    value: float | None
    status: str | None = None

    def __post_init__(self) -> None:
        if self.status == SUPPRESSED and self.value is not None:
            raise ValueError(f"{self.label}: a suppressed cell cannot carry a value")


def ticks(high: float) -> list[float]:
    """Round values from zero to at least ``high``: 0, step, 2·step … (3 to 6 of them)."""
    if high <= 0:
        return [0.0, 1.0]
    raw = high / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(s * power for s in (1, 2, 2.5, 5, 10) if s * power >= raw)
    count = math.ceil(high / step - 1e-9)
    return [i * step for i in range(count + 1)]


def ordinal(period: str) -> int:
    """A month as a number, for spacing months on the axis."""
    return int(period[:4]) * 12 + int(period[5:7]) - 1


def _fmt(value: float) -> str:
    text = f"{value:,.0f}" if value == round(value) else f"{value:,.1f}"
    return text.replace(",", "\u00a0").replace(".", ",")


def bar_chart(bars: Sequence[Bar], title: str, chart_id: str) -> Markup:
    """The breakdown as horizontal bars from zero, with the value after each bar."""
    shown = [b.value for b in bars if b.value is not None]
    scale = ticks(max(shown, default=0.0))
    top = scale[-1]
    width = _BAR_W - _BAR_LABEL - 44  # room for the value after the longest bar
    height = _BAR_TOP + _BAR_ROW * len(bars) + 26
    parts = [_svg_open(chart_id, title, _BAR_W, height)]
    for tick in scale:
        x = _BAR_LABEL + width * tick / top
        parts.append(Markup(
            '<line class="grid" x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}"/>'
            '<text class="tick" x="{0:.1f}" y="{3}">{4}</text>'
        ).format(x, _BAR_TOP, height - 22, height - 8, _fmt(tick)))  # fmt: skip
    for row, bar in enumerate(bars):
        parts.append(_bar(bar, _BAR_TOP + row * _BAR_ROW, width / top))
    return Markup("").join(parts) + Markup("</svg>")


def _bar(bar: Bar, y: float, per_unit: float) -> Markup:
    label = bar.label if len(bar.label) <= 18 else bar.label[:17].rstrip(" ,") + "…"
    middle = y + _BAR_ROW / 2
    out = Markup('<text class="label" x="{}" y="{:.1f}"><title>{}</title>{}</text>').format(
        _BAR_LABEL - 6, middle, bar.label, label
    )
    if bar.value is None:  # a marked gap: an empty box and a word, never a number
        word = "skjult" if bar.status == SUPPRESSED else "ingen tall"
        return out + Markup(
            '<rect class="hidden" x="{}" y="{:.1f}" width="14" height="{}"/>'
            '<text class="note" x="{}" y="{:.1f}">{}</text>'
        ).format(_BAR_LABEL, y + 4, _BAR_ROW - 8, _BAR_LABEL + 20, middle, word)  # fmt: skip
    length = max(bar.value * per_unit, 1.0)
    mark = " B" if bar.status == BREAK else ""
    return out + Markup(
        '<rect class="bar" x="{}" y="{:.1f}" width="{:.1f}" height="{}"/>'
        '<text class="value" x="{:.1f}" y="{:.1f}">{}{}</text>'
    ).format(_BAR_LABEL, y + 3, length, _BAR_ROW - 6, _BAR_LABEL + length + 4, middle,
             _fmt(bar.value), mark)  # fmt: skip


def _svg_open(chart_id: str, title: str, width: int, height: int) -> Markup:
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{}" viewBox="0 0 {} {}"'
        ' role="img" aria-label="{}"><title>{}</title>'
    ).format(chart_id, width, height, title, title)


@dataclass(frozen=True, slots=True)
class _Frame:
    first: int
    span: int
    top: float

    def x(self, period: str) -> float:
        share = (ordinal(period) - self.first) / self.span if self.span else 0.5
        return _LEFT + share * (_LINE_W - _RIGHT - _LEFT)

    def y(self, value: float) -> float:
        bottom = _LINE_H - _BOTTOM
        return bottom - (value / self.top) * (bottom - _TOP)


def line_chart(
    series: Sequence[Series], title: str, chart_id: str, uncovered: Sequence[ChartMonth] = ()
) -> Markup:
    """Series over time from a zero axis; gaps, uncovered months and breaks marked.

    ``uncovered``: months between the first and the last that no report printed.
    """
    months = [m for s in series for m in s.months]
    periods = sorted({m.period for m in (*months, *uncovered)}, key=ordinal)
    shown = [m.value for m in months if m.value is not None]
    scale = ticks(max(shown, default=0.0))
    frame = _Frame(ordinal(periods[0]), ordinal(periods[-1]) - ordinal(periods[0]), scale[-1])
    parts = [_svg_open(chart_id, title, _LINE_W, _LINE_H), _axes(frame, scale, periods)]
    parts += [_band(frame, m) for m in uncovered]
    breaks = sorted({m.period for m in months if m.status == BREAK}, key=ordinal)
    parts += [_break_line(frame, period) for period in breaks]
    for number, line in enumerate(series):
        parts.append(_line(frame, line, number))
    return Markup("").join(parts) + Markup("</svg>")


def _axes(frame: _Frame, scale: list[float], periods: list[str]) -> Markup:
    bottom, right = _LINE_H - _BOTTOM, _LINE_W - _RIGHT
    out = Markup("")
    for tick in scale:
        out += Markup(
            '<line class="grid" x1="{0}" y1="{1:.1f}" x2="{2}" y2="{1:.1f}"/>'
            '<text class="tick value" x="{3}" y="{1:.1f}">{4}</text>'
        ).format(_LEFT, frame.y(tick), right, _LEFT - 6, _fmt(tick))  # fmt: skip
    labelled = _month_ticks(periods)
    for period in labelled:
        side = "first" if period == periods[0] else "last" if period == periods[-1] else ""
        out += Markup(
            '<line class="axis" x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}"/>'
            '<text class="tick {5}" x="{0:.1f}" y="{3}">{4}</text>'
        ).format(frame.x(period), bottom, bottom + 4, _LINE_H - 8, _short(period),
                 side)  # fmt: skip
    return out + Markup('<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"/>').format(
        _LEFT, bottom, right, bottom
    )


def _month_ticks(periods: list[str]) -> list[str]:
    """The first and last month and, between them, Januaries (at most about six labels)."""
    first, last = periods[0], periods[-1]
    years = [f"{y}-01" for y in range(int(first[:4]) + 1, int(last[:4]) + 1)]
    step = max(1, math.ceil(len(years) / 4))
    inner = [p for p in years[::step] if ordinal(p) - ordinal(first) >= 3
             and ordinal(last) - ordinal(p) >= 3]  # fmt: skip
    return [first, *inner, last] if last != first else [first]


_SHORT = ("jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des")


def _short(period: str) -> str:
    return f"{_SHORT[int(period[5:7]) - 1]} {period[:4]}"


def _band(frame: _Frame, month: ChartMonth) -> Markup:
    half = (_LINE_W - _RIGHT - _LEFT) / max(frame.span, 1) / 2
    x = frame.x(month.period)
    return Markup(
        '<rect class="uncovered" x="{:.1f}" y="{}" width="{:.1f}" height="{}">'
        "<title>{}: ingen rapport</title></rect>"
    ).format(max(x - half, _LEFT), _TOP, 2 * half, _LINE_H - _BOTTOM - _TOP, month.label)


def _break_line(frame: _Frame, period: str) -> Markup:
    x = frame.x(period)
    return Markup(
        '<line class="break" x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}"/>'
        '<text class="break-label" x="{0:.1f}" y="{3}">brudd</text>'
    ).format(x, _TOP, _LINE_H - _BOTTOM, _TOP - 6)


def _line(frame: _Frame, series: Series, number: int) -> Markup:
    out = Markup("")
    for run in _runs([m for m in series.months if m.value is not None]):
        points = " ".join(f"{frame.x(m.period):.1f},{frame.y(_value(m)):.1f}" for m in run)
        if len(run) > 1:
            out += Markup('<polyline class="line s{}" points="{}"/>').format(number, points)
        else:
            out += Markup('<circle class="dot s{}" cx="{}" cy="{}" r="3"/>').format(
                number, *points.split(",")
            )
    for month in series.months:
        if month.status == SUPPRESSED:  # a hollow mark on the axis: hidden, not zero
            out += Markup(
                '<circle class="hidden s{}" cx="{:.1f}" cy="{}" r="3.5"><title>{}: skjult'
                "</title></circle>"
            ).format(number, frame.x(month.period), _LINE_H - _BOTTOM, month.label)
    return out


def _value(month: ChartMonth) -> float:
    assert month.value is not None  # noqa: S101 - only months with a value are drawn
    return month.value


def _runs(shown: list[ChartMonth]) -> list[list[ChartMonth]]:
    """Months with a value, split wherever a calendar month lies between two of them."""
    runs: list[list[ChartMonth]] = []
    for month in shown:
        if runs and ordinal(month.period) == ordinal(runs[-1][-1].period) + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    return runs
