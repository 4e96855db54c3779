"""Consistency checks whose findings are warnings, each with where it was seen.

- A year-to-date average must match the months it averages (Nav rounds, and a ``*``
  month is 1–3).
- Along a hierarchy (municipalities in their county, counties in the country), children
  may not add up to more than their total; a fully printed set of children must add up
  to it (Nav leaves out children with no participants); and the suppressed children, each
  1–3, must fit the gap between the total and the printed ones.

Only printed numbers are ever named: a sum of printed cells, a printed total, a count.
"""

from __future__ import annotations

import pandas as pd

from publisher.codelists import for_dimension
from publisher.cube import (
    FAMILY,
    MEASURE,
    OBS_STATUS,
    PAGE,
    SOURCE,
    SUPPRESSED,
    TIME_PERIOD,
    VALUE,
    Cube,
    number_text,
)
from publisher.errors import Location, Notice
from publisher.mapping import AVERAGE
from publisher.model import Report, Row

_LEAST, _MOST = 1, 3  # what a suppressed count can be


def check_averages(report: Report) -> list[Notice]:
    """Rows whose year-to-date average does not fit their months."""
    rows = ((t.title, r) for t in report.tables for b in t.blocks for r in (b.total, *b.rows))
    found = (_average_notice(report.source, title, row) for title, row in rows)
    return [notice for notice in found if notice is not None]


def _average_notice(source: str, title: str, row: Row) -> Notice | None:
    if row.average.value is None:
        return None
    printed = sum(float(c.value) for c in row.months if c.value is not None)
    hidden = sum(1 for c in row.months if c.value is None)
    low = (printed + _LEAST * hidden) / len(row.months)
    high = (printed + _MOST * hidden) / len(row.months)
    if low - 0.5 <= float(row.average.value) <= high + 0.5:
        return None
    return Notice(
        f"{title}: {row.label!r}: the average {row.average.value} does not fit its months"
        f" (printed sum {number_text(printed)}, {hidden} suppressed, {len(row.months)} months)",
        Location(source, row.page, row.line),
    )


def check_hierarchies(cube: Cube, additive: frozenset[str]) -> list[Notice]:
    """Totals that their children contradict, along the hierarchy of every additive dimension.

    Only dimensions whose codes split their parent are checked: one person may take part
    in two tiltak in a month, so tiltak need not add up to their group.
    """
    notices: list[Notice] = []
    for dimension in cube.dimensions:
        if dimension not in additive:
            continue
        parents = {c.id: c.parent for c in for_dimension(dimension).codes if c.parent}
        if parents:
            notices += _check_dimension(cube, dimension, parents)
    return notices


def _check_dimension(cube: Cube, dimension: str, parents: dict[str, str]) -> list[Notice]:
    data = cube.data
    others = [k for k in cube.key if k != dimension]
    children = data.assign(
        _PARENT=data[dimension].map(parents), _HIDDEN=(data[OBS_STATUS] == SUPPRESSED)
    )
    children = children[children["_PARENT"].notna()]
    if children.empty:
        return []
    sums = children.groupby([*others, "_PARENT"], dropna=False).agg(
        known=(VALUE, "sum"), hidden=("_HIDDEN", "sum"), count=(VALUE, "size")
    )
    totals = data.rename(columns={dimension: "_PARENT"}).set_index([*others, "_PARENT"])
    joined = totals.join(sums, how="inner").reset_index()
    joined = joined[joined[VALUE].notna()]
    # Averages are rounded one by one, so their sum may miss by half a unit per child.
    slack = (joined[MEASURE] == AVERAGE) * 0.5 * joined["count"]
    low = joined["known"] + _LEAST * joined["hidden"] - slack
    high = joined["known"] + _MOST * joined["hidden"] + slack
    misfits = joined[(joined[VALUE] < low) | (joined[VALUE] > high)]
    return [
        _notice({str(k): v for k, v in row.items()}, dimension)
        for row in misfits.to_dict("records")
    ]


def _notice(row: dict[str, object], dimension: str) -> Notice:
    total, known, hidden = float(str(row[VALUE])), float(str(row["known"])), row["hidden"]
    if known > total and row[MEASURE] != AVERAGE:
        problem = "its children print more than the total"
    elif hidden:
        problem = f"its {hidden} suppressed children (1–3 each) do not fit the gap"
    else:
        problem = "its children, all printed, do not add up to the total"
    page = row[PAGE]
    return Notice(
        f"{row[FAMILY]} {dimension}={row['_PARENT']} {row[MEASURE]} {row[TIME_PERIOD]}:"
        f" total {number_text(total)}, children print {number_text(known)}: {problem}",
        Location(str(row[SOURCE]), None if page is pd.NA or page is None else int(str(page))),
    )
