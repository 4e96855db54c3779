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

from publisher.confidentiality import (
    LEAST_HIDDEN,
    SECONDARY,
    SUPPRESSED,
    average_fits,
    family_threshold,
    hidden_range,
    rounding_slack,
)
from publisher.errors import Location, Notice
from publisher.family.spec import average_measures
from publisher.mapping.codelists import for_dimension
from publisher.merging.cube import (
    CONF_STATUS,
    FAMILY,
    MEASURE,
    OBS_STATUS,
    PAGE,
    SOURCE,
    TIME_PERIOD,
    VALUE,
    Cube,
    number_text,
)
from publisher.model import Report, Row


def check_averages(report: Report) -> list[Notice]:
    """Rows whose year-to-date average does not fit their months."""
    rows = ((t.title, r) for t in report.tables for b in t.blocks for r in (b.total, *b.rows))
    threshold = family_threshold(report.family)
    found = (_average_notice(report.source, title, row, threshold) for title, row in rows)
    return [notice for notice in found if notice is not None]


def _average_notice(source: str, title: str, row: Row, threshold: int) -> Notice | None:
    if row.average.value is None:
        return None
    printed = sum(float(c.value) for c in row.months if c.value is not None)
    hidden = sum(1 for c in row.months if c.value is None)
    bounds = hidden_range(threshold)
    if average_fits(float(row.average.value), printed, hidden, len(row.months), bounds):
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
    ours = hidden & (data[CONF_STATUS] == SECONDARY)
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
    families = joined[FAMILY].astype(str)  # the cube's key is categorical
    threshold = families.map({f: family_threshold(f) for f in families.unique()})
    # Averages are rounded one by one, so their sum may miss by half a unit per child.
    slack = joined[MEASURE].isin(average_measures()) * joined["count"].map(rounding_slack)
    low = joined["known"] + LEAST_HIDDEN * joined["hidden"] + threshold * joined["ours"] - slack
    most = threshold.map(lambda t: hidden_range(t)[1])
    high = joined["known"] + most * joined["hidden"] + slack
    unbounded = joined["ours"] > 0  # a cell we suppressed has no upper bound
    misfits = joined[(joined[VALUE] < low) | ((joined[VALUE] > high) & ~unbounded)]
    return [
        _notice({str(k): v for k, v in row.items()}, dimension)
        for row in misfits.to_dict("records")
    ]


def _notice(row: dict[str, object], dimension: str) -> Notice:
    total, known = float(str(row[VALUE])), float(str(row["known"]))
    hidden, ours = int(str(row["hidden"])), int(str(row["ours"]))
    if known > total and row[MEASURE] not in average_measures():
        problem = "its children print more than the total"
    elif hidden or ours:
        threshold = family_threshold(str(row[FAMILY]))
        problem = f"its {_suppressed(hidden, ours, threshold)} do not fit the gap"
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
    nav = "{}–{} each".format(*hidden_range(threshold))
    if not ours:
        return f"{hidden} suppressed children ({nav})"
    mine = f"{ours} by us, at least {threshold} each"
    if not hidden:
        return f"{ours} suppressed children ({mine})"
    return f"{hidden + ours} suppressed children ({hidden} by Nav, {nav}; {mine})"
