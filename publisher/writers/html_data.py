"""What the landing page shows of a table: its breakdown in the latest month, its series.

A table's main dimension is the one its rows break down (for the labour-market status
table, whose rows are the programme, the status its blocks name); every other dimension
is held at its total (``_T``, or the report's own programme group). The breakdown is the
main dimension's categories in the latest month; the series over time is the table's
national total or, where the table has no total (labour-market status), one line per
category. A cell Nav suppressed reaches the page as "no value", whatever number the data
holds for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from publisher.confidentiality import BREAK, SUPPRESSED
from publisher.family.spec import TOTAL, spec_for, spec_of
from publisher.merging.cube import MEASURE, OBS_STATUS, TIME_PERIOD, VALUE
from publisher.parse.lines import MONTH_NAMES
from publisher.writers import jsonstat
from publisher.writers.html_charts import Bar, ChartMonth, Series, ordinal
from publisher.writers.jsonstat import time_id
from publisher.writers.tables import Table

MOST_BARS = 15  # a breakdown with more categories shows the largest this many


@dataclass(frozen=True, slots=True)
class Breakdown:
    """The main dimension's categories in the latest month."""

    dimension: str  # its label
    month: str  # the month's label
    total: Bar | None
    bars: tuple[Bar, ...]
    left_out: int  # categories not shown (the smaller ones of a long list)
    left_out_hidden: int  # of which suppressed


def main_dimension(table: Table) -> str:
    """The dimension the page breaks the table down by."""
    spec = spec_for(table.family)
    scope = spec.scope_dimension if spec else None
    own = table.section.dimensions
    rows = own[-1]
    if rows == scope and len(own) > 1:
        return own[0]
    return rows


def held(table: Table, main: str) -> dict[str, str]:
    """The code every other stub dimension is held at: its total, or its first code."""
    codes = {}
    for dimension in table.dimensions:
        if dimension.id not in (main, MEASURE, TIME_PERIOD):
            codes[dimension.id] = TOTAL if TOTAL in dimension.codes else dimension.codes[0]
    return codes


def cells(table: Table, fixed: dict[str, str]) -> dict[tuple[str, str], tuple[Any, str]]:
    """The monthly counts at ``fixed``, by (main dimension's code, month)."""
    main = main_dimension(table)
    rows = table.data[table.data[MEASURE] == spec_of(table.family).measures.monthly]
    for dimension, code in fixed.items():
        rows = rows[rows[dimension] == code]
    return {
        (str(code), str(period)): (value, str(status))
        for code, period, value, status in zip(
            rows[main], rows[TIME_PERIOD], rows[VALUE], rows[OBS_STATUS], strict=True
        )
    }


def shown(value: Any, status: str | None) -> float | None:
    """The value a reader may see: none for a suppressed cell, whatever the data holds."""
    return None if status == SUPPRESSED or value is None or pd.isna(value) else float(value)


def month_label(period: str) -> str:
    """``2025-07`` as ``Juli 2025``."""
    return f"{MONTH_NAMES[int(period[5:]) - 1].capitalize()} {period[:4]}"


def periods(table: Table) -> tuple[str, ...]:
    """The table's months."""
    return next(d.codes for d in table.dimensions if d.id == TIME_PERIOD)


@dataclass(frozen=True, slots=True)
class Labels:
    """A table's labels in one language, named as its JSON-stat dataset names them."""

    dimensions: dict[str, str]  # by dimension id
    categories: dict[str, dict[str, str]]  # by dimension id, then category (2026M01 for months)


def labels(table: Table, lang: str) -> Labels:
    """The table's labels in ``lang``, from the JSON-stat writer's own rules."""
    return Labels(
        {d.id: jsonstat.dimension_label(d, lang) for d in table.dimensions},
        {d.id: jsonstat.labels(d, lang) for d in table.dimensions},
    )


def breakdown(table: Table, nb: Labels) -> Breakdown:
    """The main dimension's categories in the table's latest month."""
    main = main_dimension(table)
    found = cells(table, held(table, main))
    latest = periods(table)[-1]
    names = nb.categories[main]
    codes = next(d.codes for d in table.dimensions if d.id == main)
    total_code = _total(table, main, codes)
    bars = []
    for code in codes:
        value, status = found.get((code, latest), (None, None))
        marked = status if status in (SUPPRESSED, BREAK) else None
        bars.append((code, Bar(names[code], shown(value, status), marked)))
    total = next((b for c, b in bars if c == total_code), None)
    parts = [b for c, b in bars if c != total_code]
    chosen = _largest(parts)
    left = [b for b in parts if b not in chosen]
    return Breakdown(
        nb.dimensions[main],
        month_label(latest),
        total,
        tuple(chosen),
        len(left),
        sum(b.status == SUPPRESSED for b in left),
    )


def _total(table: Table, main: str, codes: tuple[str, ...]) -> str | None:
    if TOTAL in codes:
        return TOTAL
    spec = spec_for(table.family)
    if spec and main == spec.scope_dimension and len(codes) > 1:
        return codes[0]  # the report's programme group precedes its programmes
    return None


def _largest(bars: list[Bar]) -> list[Bar]:
    """All bars, or the largest :data:`MOST_BARS` of a long list in their own order."""
    if len(bars) <= MOST_BARS + 3:
        return bars
    ranked = sorted(bars, key=lambda b: -1.0 if b.value is None else b.value, reverse=True)
    keep = {id(b) for b in ranked[:MOST_BARS]}
    return [b for b in bars if id(b) in keep]


def over_time(table: Table, nb: Labels) -> list[Series]:
    """The national total over the months, or one series per category without a total."""
    main = main_dimension(table)
    codes = next(d.codes for d in table.dimensions if d.id == main)
    total = _total(table, main, codes)
    names = nb.categories[main]
    found = cells(table, held(table, main))
    wanted = [total] if total is not None else list(codes)
    return [
        Series(names[code], tuple(_month(found, code, p, nb) for p in periods(table)))
        for code in wanted
    ]


def _month(
    found: dict[tuple[str, str], tuple[Any, str]], code: str, period: str, nb: Labels
) -> ChartMonth:
    value, status = found.get((code, period), (None, None))
    label = nb.categories[TIME_PERIOD][time_id(period)]
    marked = status if status in (SUPPRESSED, BREAK) else None
    return ChartMonth(period, label, shown(value, status), marked)


def uncovered(table: Table) -> list[ChartMonth]:
    """The calendar months between the table's first and last that no report printed."""
    have = periods(table)
    first, last = ordinal(have[0]), ordinal(have[-1])
    months = (f"{n // 12:04d}-{n % 12 + 1:02d}" for n in range(first, last + 1))
    return [ChartMonth(p, month_label(p), None) for p in months if p not in have]
