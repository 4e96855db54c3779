"""The release's landing page: what the data is, each table's breakdown and series, its files.

The page is one jinja2 template shipped in the package (``publisher/_templates``), rendered
with autoescaping and ``StrictUndefined`` so a misspelt field fails the build instead of
printing nothing. Labels are the JSON-stat writer's (:func:`~publisher.writers.html_data.
labels`), so the page names everything as the data files do. Links are relative, made
from the release's layout, and only to files the release holds.

Per table: its own breakdown in the latest month (a bar chart and a small table), and
its series over time where there is more than one month (:mod:`publisher.writers.
html_data` chooses what, :mod:`publisher.writers.html_charts` draws it). Confidentiality
is absolute: a cell Nav suppressed reaches the page as "no value" whatever the cube holds,
and is drawn as a marked gap, never a number.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files as package_files
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from jinja2 import Environment, FunctionLoader, StrictUndefined
from markupsafe import Markup

from publisher.confidentiality import BREAK, SUPPRESSED
from publisher.family.spec import joined, spec_of
from publisher.family.toml_keys import Words
from publisher.merging.cube import TIME_PERIOD
from publisher.parse.lines import MONTH_NAMES
from publisher.writers import breaks, layout
from publisher.writers.html_charts import Bar, ChartMonth, Series, bar_chart, line_chart, ordinal
from publisher.writers.html_data import (
    Breakdown,
    Labels,
    breakdown,
    labels,
    over_time,
    periods,
    uncovered,
)
from publisher.writers.jsonstat import dimension_label, time_id
from publisher.writers.tables import Table

if TYPE_CHECKING:
    from publisher.writers.layout import File
    from publisher.writers.registry import Edition

__all__ = ["Bar", "ChartMonth", "Series", "landing_page", "long_date", "number", "table_view"]

TEMPLATE = "index.html.j2"


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
    shown = [table_view(t, present) for t in tables]
    labels = {p: label for view in shown for p, label in view["periods"].items()}
    ordered = sorted(labels)
    wordings = [spec_of(t.family).wording for t in tables]
    context = {
        "title": joined(w.page_title for w in wordings),
        "about": [_about(about) for about in dict.fromkeys(w.about for w in wordings)],
        "families": _families(tables),
        "first": labels[ordered[0]] if ordered else None,
        "last": labels[ordered[-1]] if ordered else None,
        "updated": max((t.updated for t in tables), default=None),
        "release_links": _release_links(present),
        "tables": shown,
    }
    return environment().get_template(TEMPLATE).render(context)


def page_file(edition: Edition, file: File) -> bytes:
    """The release's page, as the layout's writer of it: links to the edition's files."""
    return landing_page(list(edition.tables), (f.path for f in edition.files)).encode("utf-8")


def _about(about: Words) -> dict[str, list[str]]:
    """A family's paragraph on the page in nb and en, as lines wrapped as the template's are."""
    return {lang: _lines(head, about(lang)) for lang, head in _PARAGRAPH_HEADS.items()}


_PARAGRAPH_HEADS = {"nb": "  <p>", "en": '  <p class="en" lang="en">'}  # as the template has


def _lines(head: str, text: str) -> list[str]:
    """The text's lines after ``head``, wrapped at 90 columns with an indent of 4."""
    lines = textwrap.wrap(text, width=90, initial_indent=head, subsequent_indent="    ")
    return [lines[0].removeprefix(head), *(line.removeprefix("    ") for line in lines[1:])]


def _families(tables: list[Table]) -> list[dict[str, str]]:
    titles = {t.family: (t.report_title, t.report_title_en) for t in tables}
    return [{"id": f, "title": nb, "title_en": en} for f, (nb, en) in titles.items()]


def table_view(table: Table, present: frozenset[str] = frozenset()) -> dict[str, Any]:
    """What the template shows of one table."""
    nb = labels(table, "nb")
    months = nb.categories[TIME_PERIOD]
    split = breakdown(table, nb)
    counted = spec_of(table.family).wording.counted.nb
    return {
        "id": table.id,
        "family": table.family,
        "title": table.section.title,
        "title_en": table.section.title_en,
        "updated": table.updated,
        "periods": {p: months[time_id(p)] for p in periods(table)},
        "dimensions": [
            {
                "id": d.id,
                "code": Markup("_<wbr>").join(d.id.split("_")),  # breaks only at "_"
                "label": nb.dimensions[d.id],
                "label_en": dimension_label(d, "en"),
                "size": len(d.codes),
            }
            for d in table.dimensions
        ],
        "breakdown": split,
        "breakdown_svg": bar_chart(
            list(split.bars or (split.total,) if split.total else split.bars),
            _breakdown_title(split, counted),
            f"{table.id}-fordeling",
        ),
        "breakdown_title": _breakdown_title(split, counted),
        "counted": counted,
        "time": _time_view(table, nb) if len(periods(table)) > 1 else None,
        "breaks": [{"nb": breaks.note(b, "nb"), "en": breaks.note(b, "en")} for b in table.breaks],
        "links": _table_links(table, present),
    }


def _breakdown_title(split: Breakdown, counted: str) -> str:
    parts = [f"{counted} etter {split.dimension.lower()}, {split.month}"]
    if split.total is not None and split.total.value is not None and split.bars:
        parts.append(f"{split.total.label} i alt {number(split.total.value)}")
    hidden = [b.label for b in (split.total, *split.bars) if b and b.status == SUPPRESSED]
    if hidden:
        parts.append("skjult (under 4): " + ", ".join(hidden))
    broken = [b.label for b in (split.total, *split.bars) if b and b.status == BREAK]
    if broken:
        parts.append("brudd i serien (B): " + ", ".join(broken))
    if split.left_out:
        parts.append(f"{split.left_out} mindre kategorier er ikke vist"
                     + (f", {split.left_out_hidden} av dem skjult" if split.left_out_hidden
                        else ""))  # fmt: skip
    return "; ".join(parts)


def _time_view(table: Table, nb: Labels) -> dict[str, Any]:
    series = over_time(table, nb)
    gaps = uncovered(table)
    title = _time_title(series, gaps)
    return {
        "svg": line_chart(series, title, f"{table.id}-kurve", gaps),
        "title": title,
        "series": series,
        "legend": len(series) > 1,
    }


def _time_title(series: list[Series], gaps: list[ChartMonth]) -> str:
    months = series[0].months
    span = f"{months[0].label}–{months[-1].label}"
    parts = []
    for line in series:
        values = [m for m in line.months if m.value is not None]
        if values:
            low = min(values, key=lambda m: m.value or 0.0)
            high = max(values, key=lambda m: m.value or 0.0)
            parts.append(f"{line.label}: lavest {number(low.value or 0.0)} ({low.label}),"
                         f" høyest {number(high.value or 0.0)} ({high.label})")  # fmt: skip
        else:
            parts.append(f"{line.label}: ingen måned har et tall som kan vises")
        hidden = [m.label for m in line.months if m.status == SUPPRESSED]
        if hidden:
            parts.append(f"{line.label} skjult (under 4): " + ", ".join(hidden))
    broken = sorted({m.label for s in series for m in s.months if m.status == BREAK})
    if broken:
        parts.append("brudd i serien fra " + ", ".join(broken))
    if gaps:
        parts.append("ingen rapport dekker " + ", ".join(spans(gaps)))
    return f"{span}: " + "; ".join(parts)


def spans(months: list[ChartMonth]) -> list[str]:
    """Months as runs: ``Juli–Desember 2025``, ``Mars 2025``."""
    runs: list[list[ChartMonth]] = []
    for month in months:
        if runs and ordinal(month.period) == ordinal(runs[-1][-1].period) + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    return [run[0].label if len(run) == 1 else _span(run[0], run[-1]) for run in runs]


def _span(first: ChartMonth, last: ChartMonth) -> str:
    if first.period[:4] == last.period[:4]:
        return f"{first.label.rsplit(' ', 1)[0]}–{last.label}"
    return f"{first.label}–{last.label}"


def _table_links(table: Table, present: frozenset[str]) -> list[Link]:
    candidates = [
        Link("JSON-stat, bokmål", "JSON-stat, Norwegian", layout.JSONSTAT.path(table.id)),
        Link("JSON-stat, engelsk", "JSON-stat, English", layout.JSONSTAT_EN.path(table.id)),
        Link("PX (PxWeb)", "PX (PxWeb)", layout.PX.path(table.id)),
        Link("SDMX-CSV, hele rapportfamilien", "SDMX-CSV, whole family",
             layout.SDMX_CSV_FILE.path(table.family)),
        Link("SDMX-ML, hele rapportfamilien", "SDMX-ML, whole family",
             layout.SDMX_ML_FILE.path(table.family)),
        *_DESCRIPTIONS,
    ]  # fmt: skip
    return _present(candidates, present)


def _release_links(present: frozenset[str]) -> list[Link]:
    collections = [
        Link("JSON-stat-samling, bokmål", "JSON-stat collection, Norwegian",
             layout.COLLECTION.path()),
        Link("JSON-stat-samling, engelsk", "JSON-stat collection, English",
             layout.COLLECTION_EN.path()),
    ]  # fmt: skip
    return _present([*collections, *_DESCRIPTIONS], present)


# What describes every table: the SDMX structures and the catalogue.
_DESCRIPTIONS = (
    Link("SDMX-struktur", "SDMX structure", layout.STRUCTURE.path()),
    Link("DCAT-katalog", "DCAT catalogue", layout.CATALOGUE.path()),
)


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
