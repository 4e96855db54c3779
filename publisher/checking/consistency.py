"""Consistency checks whose findings are warnings, each with where it was seen.

- A year-to-date average must match the months it averages (Nav rounds, and a ``*``
  month is 1 to the family's threshold less one).
- Along a hierarchy (municipalities in their county, counties in the country), children
  may not add up to more than their total; a fully printed set of children must add up
  to it (Nav leaves out children with no participants); and the suppressed children must
  fit the gap between the total and the printed ones: each ``*`` of Nav's is 1 to the
  threshold less one, each cell we suppressed (CONF_STATUS D) was printed by Nav, so at
  least the threshold, with no upper bound.

Only printed numbers are ever named: a sum of printed cells, a printed total, a count.
"""

from __future__ import annotations

import pandas as pd

from publisher.errors import Location, Notice
from publisher.family.spec import spec_for
from publisher.mapping.codelists import for_dimension
from publisher.mapping.observations import AVERAGE
from publisher.merging.cube import (
    CONF_STATUS,
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
from publisher.model import Report, Row

_LEAST = 1  # the least a suppressed count can be; the most is the threshold less one
_SECONDARY = "D"  # CONF_STATUS of a cell we suppressed


def _threshold(family: str) -> int:
    spec = spec_for(family)
    if spec is None:
        raise ValueError(f"no report spec for {family}: its confidentiality rule is unknown")
    return spec.threshold


def check_averages(report: Report) -> list[Notice]:
    """Rows whose year-to-date average does not fit their months."""
    rows = ((t.title, r) for t in report.tables for b in t.blocks for r in (b.total, *b.rows))
    most = _threshold(report.family) - 1
    found = (_average_notice(report.source, title, row, most) for title, row in rows)
    return [notice for notice in found if notice is not None]


def _average_notice(source: str, title: str, row: Row, most: int) -> Notice | None:
    if row.average.value is None:
        return None
    printed = sum(float(c.value) for c in row.months if c.value is not None)
    hidden = sum(1 for c in row.months if c.value is None)
    low = (printed + _LEAST * hidden) / len(row.months)
    high = (printed + most * hidden) / len(row.months)
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
    hidden = data[OBS_STATUS] == SUPPRESSED
    ours = hidden & (data[CONF_STATUS] == _SECONDARY)
    children = data.assign(_PARENT=data[dimension].map(parents), _HIDDEN=hidden & ~ours, _OURS=ours)
    children = children[children["_PARENT"].notna()]
    if children.empty:
        return []
    sums = children.groupby([*others, "_PARENT"], dropna=False).agg(
        known=(VALUE, "sum"), hidden=("_HIDDEN", "sum"), ours=("_OURS", "sum"),
        count=(VALUE, "size"),
    )  # fmt: skip
    totals = data.rename(columns={dimension: "_PARENT"}).set_index([*others, "_PARENT"])
    joined = totals.join(sums, how="inner").reset_index()
    joined = joined[joined[VALUE].notna()]
    threshold = joined[FAMILY].map({f: _threshold(str(f)) for f in joined[FAMILY].unique()})
    # Averages are rounded one by one, so their sum may miss by half a unit per child.
    slack = (joined[MEASURE] == AVERAGE) * 0.5 * joined["count"]
    low = joined["known"] + _LEAST * joined["hidden"] + threshold * joined["ours"] - slack
    high = joined["known"] + (threshold - 1) * joined["hidden"] + slack
    unbounded = joined["ours"] > 0  # a cell we suppressed has no upper bound
    misfits = joined[(joined[VALUE] < low) | ((joined[VALUE] > high) & ~unbounded)]
    return [
        _notice({str(k): v for k, v in row.items()}, dimension)
        for row in misfits.to_dict("records")
    ]


def _notice(row: dict[str, object], dimension: str) -> Notice:
    total, known = float(str(row[VALUE])), float(str(row["known"]))
    hidden, ours = int(str(row["hidden"])), int(str(row["ours"]))
    if known > total and row[MEASURE] != AVERAGE:
        problem = "its children print more than the total"
    elif hidden or ours:
        problem = (
            f"its {_suppressed(hidden, ours, _threshold(str(row[FAMILY])))} do not fit the gap"
        )
    else:
        problem = "its children, all printed, do not add up to the total"
    page = row[PAGE]
    return Notice(
        f"{row[FAMILY]} {dimension}={row['_PARENT']} {row[MEASURE]} {row[TIME_PERIOD]}:"
        f" total {number_text(total)}, children print {number_text(known)}: {problem}",
        Location(str(row[SOURCE]), None if page is pd.NA or page is None else int(str(page))),
    )


def _suppressed(hidden: int, ours: int, threshold: int) -> str:
    """``2 suppressed children (1–3 each)``, with ours (at least the threshold) told apart."""
    nav = f"1–{threshold - 1} each"
    if not ours:
        return f"{hidden} suppressed children ({nav})"
    mine = f"{ours} by us, at least {threshold} each"
    if not hidden:
        return f"{ours} suppressed children ({mine})"
    return f"{hidden + ours} suppressed children ({hidden} by Nav, {nav}; {mine})"
