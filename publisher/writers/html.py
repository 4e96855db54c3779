"""The release's landing page: what the data is, each table's national series, its files.

The page is one jinja2 template shipped in the package (``publisher/_templates``), rendered
with autoescaping and ``StrictUndefined`` so a misspelt field fails the build instead of
printing nothing. Labels come from the JSON-stat datasets, so the page names everything
as the data files do. Links are relative and made only to files the release holds.

Confidentiality is absolute: a month whose national total Nav suppressed reaches the chart
as "no value" whatever the cube holds for it, and is drawn as a gap. The chart's SVG is
built here because it is geometry; ``Markup.format`` escapes every value put into it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files as package_files
from typing import Any
from urllib.parse import quote

import pandas as pd
from jinja2 import Environment, FunctionLoader, StrictUndefined
from markupsafe import Markup

from publisher.cube import MEASURE, OBS_STATUS, SUPPRESSED, TIME_PERIOD, VALUE
from publisher.mapping import BREAK, MONTHLY
from publisher.parse.lines import MONTH_NAMES
from publisher.spec import TOTAL, spec_for
from publisher.tables import Table
from publisher.writers.jsonstat import dataset, time_id

TEMPLATE = "index.html.j2"
_WIDTH, _HEIGHT = 480, 160
_LEFT, _RIGHT, _TOP, _BOTTOM = 64, 16, 16, 28  # room for the axis labels
Place = Callable[["Month"], str]  # a month's x or y in the SVG


@dataclass(frozen=True, slots=True)
class Month:
    """One month of a series; a suppressed month never carries a value."""

    period: str  # YYYY-MM
    label: str  # "Januar 2026"
    value: float | None  # None: suppressed by Nav, or not in any report
    status: str | None = None  # SUPPRESSED, BREAK or None

    def __post_init__(self) -> None:
        if self.status == SUPPRESSED and self.value is not None:
            raise ValueError(f"{self.period}: a suppressed month cannot carry a value")


@dataclass(frozen=True, slots=True)
class Chart:
    """A series drawn as an SVG line, with the facts a reader needs as text."""

    svg: Markup
    title: str
    low: Month | None  # None when no month has a value
    high: Month | None
    hidden: tuple[Month, ...]  # the suppressed months


@dataclass(frozen=True, slots=True)
class Link:
    """A download: what it is, and its path relative to the page."""

    label: str
    label_en: str
    href: str


@cache
def environment() -> Environment:
    """The one jinja2 environment: package templates, autoescaping, strict undefined."""
    env = Environment(
        loader=FunctionLoader(_template_source),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["number"] = number
    env.filters["long_date"] = long_date
    return env


def _template_source(name: str) -> str | None:
    # importlib.resources reads the template wherever the package is installed (even a zip).
    resource = package_files("publisher") / "_templates" / name
    return resource.read_text(encoding="utf-8") if resource.is_file() else None


def landing_page(tables: list[Table], files: Iterable[str]) -> str:
    """The release's ``index.html``.

    Args:
        tables: The published tables, in the order the page shows them.
        files: Every file of the release, relative to its folder (``px/TILT150_fylke.px``);
            the page links only to these.

    Returns:
        The page as HTML5 text.
    """
    present = frozenset(str(f).replace("\\", "/") for f in files)
    shown = [_table_view(t, present) for t in tables]
    labels = {p: label for view in shown for p, label in view["periods"].items()}
    periods = sorted(labels)
    context = {
        "families": _families(tables),
        "first": labels[periods[0]] if periods else None,
        "last": labels[periods[-1]] if periods else None,
        "updated": max((t.updated for t in tables), default=None),
        "release_links": _release_links(present),
        "tables": shown,
    }
    return environment().get_template(TEMPLATE).render(context)


def _families(tables: list[Table]) -> list[dict[str, str]]:
    titles = {t.family: (t.report_title, t.report_title_en) for t in tables}
    return [{"id": f, "title": nb, "title_en": en} for f, (nb, en) in titles.items()]


def _table_view(table: Table, present: frozenset[str]) -> dict[str, Any]:
    nb, en = dataset(table, "nb"), dataset(table, "en")
    months = national_series(table, nb)
    label = _series_label(table, nb)
    return {
        "id": table.id,
        "family": table.family,
        "title": table.section.title,
        "title_en": table.section.title_en,
        "updated": table.updated,
        "periods": {p: _month_labels(nb)[time_id(p)] for p in _periods(table)},
        "dimensions": [
            {
                "id": d.id,
                "label": nb["dimension"][d.id]["label"],
                "label_en": en["dimension"][d.id]["label"],
                "size": len(d.codes),
            }
            for d in table.dimensions
        ],
        "months": months or [],
        "chart": line_chart(months, label, f"{table.id}-kurve") if months and label else None,
        "links": _table_links(table, present),
    }


def national_key(table: Table) -> dict[str, str] | None:
    """The category of each stub dimension that makes the table's national total.

    That is ``_T``; for the family's scope dimension (TILTAK), which tables print without
    ``_T``, its first category: the report's own group where printed (a group precedes its
    members in the codelist), else the single measure the table shows. None when another
    dimension has no ``_T`` (the blocks of labour-market status): the table then has no
    national series, and summing its categories is no substitute, as suppressed cells
    would make the sum an estimate.
    """
    spec = spec_for(table.family)
    scope = spec.scope_dimension if spec else None
    key = {}
    for dimension in table.dimensions:
        if dimension.id in (MEASURE, TIME_PERIOD):
            continue
        if TOTAL in dimension.codes:
            key[dimension.id] = TOTAL
        elif dimension.id == scope and dimension.codes:
            key[dimension.id] = dimension.codes[0]
        else:
            return None
    return key


def national_series(table: Table, nb: dict[str, Any] | None = None) -> list[Month] | None:
    """The table's national total of participants, one month per month of the table.

    ``nb`` is the table's Norwegian JSON-stat dataset, for the month labels. A month whose
    status is suppressed has no value, whatever number the data holds for it.
    """
    key = national_key(table)
    if key is None:
        return None
    labels = _month_labels(nb or dataset(table, "nb"))
    rows = table.data[table.data[MEASURE] == MONTHLY]
    for dimension, code in key.items():
        rows = rows[rows[dimension] == code]
    found = {r[TIME_PERIOD]: (r[VALUE], r[OBS_STATUS]) for _, r in rows.iterrows()}
    months = []
    for period in _periods(table):
        value, status = found.get(period, (None, None))
        shown = None if status == SUPPRESSED or pd.isna(value) else float(value)
        marked = status if status in (SUPPRESSED, BREAK) else None
        months.append(Month(period, labels[time_id(period)], shown, marked))
    return months


def _periods(table: Table) -> tuple[str, ...]:
    return next(d.codes for d in table.dimensions if d.id == TIME_PERIOD)


def _month_labels(nb: dict[str, Any]) -> dict[str, str]:
    """``2026M01`` -> ``Januar 2026``, as the dataset names its months."""
    labels: dict[str, str] = nb["dimension"][TIME_PERIOD]["category"]["label"]
    return labels


def _series_label(table: Table, nb: dict[str, Any]) -> str | None:
    key = national_key(table)
    if key is None:
        return None
    names = [nb["dimension"][d]["category"]["label"][code] for d, code in key.items()]
    measure = nb["dimension"][MEASURE]["category"]["label"][MONTHLY]
    return ", ".join([measure, *names])


def line_chart(months: Sequence[Month], label: str, chart_id: str = "chart") -> Chart:
    """The months as an SVG line chart; a month without a value is a gap in the line.

    The x axis runs over calendar months from the first to the last, so a month no report
    printed is a gap too. A run of one month is drawn as a dot.
    """
    if not months:
        raise ValueError("a chart needs at least one month")
    shown = [m for m in months if m.value is not None]
    low = min(shown, key=_value) if shown else None
    high = max(shown, key=_value) if shown else None
    hidden = tuple(m for m in months if m.status == SUPPRESSED)
    title = _chart_title(label, months, low, high, hidden)
    x, y = _scales(months, low, high)
    lines = [" ".join(f"{x(m)},{y(m)}" for m in run) for run in _runs(shown) if len(run) > 1]
    parts = [Markup('<polyline class="line" points="{}"/>').format(p) for p in lines]
    parts += [
        Markup('<circle class="dot" cx="{}" cy="{}" r="3"/>').format(x(m), y(m)) for m in shown
    ]
    svg = _frame(chart_id, title, months, low, high, y) + Markup("").join(parts)
    return Chart(svg + Markup("</svg>"), title, low, high, hidden)


def _value(month: Month) -> float:
    assert month.value is not None  # noqa: S101 - only months with a value are ranked
    return month.value


def _ordinal(period: str) -> int:
    return int(period[:4]) * 12 + int(period[5:7]) - 1


def _runs(shown: list[Month]) -> list[list[Month]]:
    """Months with a value, split wherever a calendar month lies between two of them."""
    runs: list[list[Month]] = []
    for month in shown:
        if runs and _ordinal(month.period) == _ordinal(runs[-1][-1].period) + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    return runs


def _scales(months: Sequence[Month], low: Month | None, high: Month | None) -> tuple[Place, Place]:
    """Functions from a month to its x and y in the SVG, as text with one decimal."""
    first = _ordinal(months[0].period)
    span = _ordinal(months[-1].period) - first
    bottom, right = _HEIGHT - _BOTTOM, _WIDTH - _RIGHT
    lo = _value(low) if low else 0.0
    hi = _value(high) if high else 0.0

    def x(month: Month) -> str:
        share = (_ordinal(month.period) - first) / span if span else 0.5
        return f"{_LEFT + share * (right - _LEFT):.1f}"

    def y(month: Month) -> str:
        share = (_value(month) - lo) / (hi - lo) if hi > lo else 0.5
        return f"{bottom - share * (bottom - _TOP):.1f}"

    return x, y


def _frame(
    chart_id: str,
    title: str,
    months: Sequence[Month],
    low: Month | None,
    high: Month | None,
    y: Place,
) -> Markup:
    """The SVG's opening, title, axes and labels: the highest and lowest value, the months."""
    bottom = _HEIGHT - _BOTTOM
    frame = Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{}" viewBox="0 0 {} {}"'
        ' role="img" aria-label="{}"><title>{}</title>'
        '<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"/>'
        '<text class="month" x="{}" y="{}">{}</text>'
    ).format(chart_id, _WIDTH, _HEIGHT, title, title, _LEFT, bottom, _WIDTH - _RIGHT, bottom,
             _LEFT, _HEIGHT - 8, months[0].label)  # fmt: skip
    if len(months) > 1:
        frame += Markup('<text class="month end" x="{}" y="{}">{}</text>').format(
            _WIDTH - _RIGHT, _HEIGHT - 8, months[-1].label
        )
    for extreme in dict.fromkeys(m for m in (high, low) if m is not None):
        frame += Markup('<text class="value" x="{}" y="{}">{}</text>').format(
            _LEFT - 8, y(extreme), number(_value(extreme))
        )
    return frame


def _chart_title(
    label: str,
    months: Sequence[Month],
    low: Month | None,
    high: Month | None,
    hidden: tuple[Month, ...],
) -> str:
    single = len(months) == 1
    span = months[0].label if single else f"{months[0].label}–{months[-1].label}"
    parts = []
    if low is None or high is None:
        parts.append("ingen måned har et tall som kan vises")
    elif low is high:
        parts.append(number(_value(low)) if single else f"{number(_value(low))} ({low.label})")
    else:
        parts.append(f"lavest {number(_value(low))} ({low.label})")
        parts.append(f"høyest {number(_value(high))} ({high.label})")
    if hidden:
        parts.append("skjult (under 4): " + ", ".join(m.label for m in hidden))
    return f"{label}, {span}: " + "; ".join(parts)


def _table_links(table: Table, present: frozenset[str]) -> list[Link]:
    flow = f"DF_{table.family}"
    candidates = [
        Link("JSON-stat, bokmål", "JSON-stat, Norwegian", f"jsonstat/{table.id}.json"),
        Link("JSON-stat, engelsk", "JSON-stat, English", f"jsonstat/en/{table.id}.json"),
        Link("PX (PxWeb)", "PX (PxWeb)", f"px/{table.id}.px"),
        Link("SDMX-CSV, hele rapportfamilien", "SDMX-CSV, whole family", f"sdmx/{flow}.csv"),
        Link("SDMX-ML, hele rapportfamilien", "SDMX-ML, whole family", f"sdmx/{flow}.xml"),
        Link("SDMX-struktur", "SDMX structure", "sdmx/structure.xml"),
        Link("DCAT-katalog", "DCAT catalogue", "catalog.ttl"),
    ]
    return _present(candidates, present)


def _release_links(present: frozenset[str]) -> list[Link]:
    candidates = [
        Link("JSON-stat-samling, bokmål", "JSON-stat collection, Norwegian",
             "jsonstat/collection.json"),
        Link("JSON-stat-samling, engelsk", "JSON-stat collection, English",
             "jsonstat/en/collection.json"),
        Link("SDMX-struktur", "SDMX structure", "sdmx/structure.xml"),
        Link("DCAT-katalog", "DCAT catalogue", "catalog.ttl"),
    ]  # fmt: skip
    return _present(candidates, present)


def _present(candidates: list[Link], present: frozenset[str]) -> list[Link]:
    # The path is a file name, but quoting keeps the href valid whatever a table id holds.
    return [Link(c.label, c.label_en, quote(c.href)) for c in candidates if c.href in present]


def number(value: float) -> str:
    """A count as Norwegian prints it: ``3 567``, with a no-break space between thousands."""
    text = f"{value:,.0f}" if value == round(value) else f"{value:,.1f}"
    return text.replace(",", "\u00a0").replace(".", ",")


def long_date(day: date) -> str:
    """A date as Norwegian writes it in running text: ``2. februar 2026``."""
    return f"{day.day}. {MONTH_NAMES[day.month - 1]} {day.year}"
