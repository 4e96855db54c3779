"""Disclosure audit: can a suppressed count be worked out from what the release publishes?

Nav hides counts under 4, but totals can give them away: where a total and all but one of
its parts are printed, the hidden part is their difference. Every suppressed monthly count
is a variable between 1 and 3; every additive margin the release publishes (a total and
its children along a hierarchy: the country and its counties, a county and its
municipalities, a total and its sexes …) is an equation. Interval propagation over those
equations narrows each variable; a cell left with one possible value is exactly disclosed,
one left with two is narrowed.

The findings name cells and how many values remain possible, never a value: the audit's
output may end up in a published manifest.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from publisher.codelists import for_dimension
from publisher.cube import (
    CONF_STATUS,
    MEASURE,
    OBS_STATUS,
    PAGE,
    SOURCE,
    SUPPRESSED,
    VALUE,
    Cube,
)
from publisher.errors import Location, Notice
from publisher.mapping import MONTHLY

LEAST, MOST = 1, 3  # what a suppressed count can be
SECONDARY_LEAST, UNBOUNDED = 4, 10**9  # a cell we suppress to protect another: not small
_ROUNDS = 50
_MOST_SECONDARY_ROUNDS = 200

Key = tuple[str, ...]
SECONDARY = "D"  # SDMX CONF_STATUS: primary confidentiality … D: secondary


@dataclass(frozen=True, slots=True)
class Margin:
    """An equation the release publishes: a total is the sum of its parts."""

    total: Key
    parts: tuple[Key, ...]
    dimension: str


@dataclass(frozen=True, slots=True)
class Finding:
    """A suppressed cell that the margins pin down to fewer than its three possible values."""

    cell: Key
    possible: int  # how many values it can still take: 1 means exactly disclosed
    margin: Margin
    where: Location

    @property
    def exact(self) -> bool:
        """Whether the cell's value is fully determined."""
        return self.possible == 1


def audit(cube: Cube, additive: frozenset[str]) -> list[Finding]:
    """Every suppressed monthly count that the published margins narrow or disclose."""
    data = cube.data[cube.data[MEASURE] == MONTHLY]
    key_columns = list(cube.key)
    keys = [tuple(str(v) for v in row) for row in data[key_columns].itertuples(index=False)]
    values = dict(zip(keys, data[VALUE].tolist(), strict=True))
    hidden = {
        key for key, status in zip(keys, data[OBS_STATUS].tolist(), strict=True)
        if status == SUPPRESSED
    }  # fmt: skip
    secondary = {
        key for key, conf in zip(keys, data[CONF_STATUS].tolist(), strict=True)
        if conf == SECONDARY
    }  # fmt: skip
    margins = _margins(keys, key_columns, cube.dimensions, additive)
    bounds = _propagate(margins, values, hidden, secondary)
    places = dict(zip(keys, zip(data[SOURCE].tolist(), data[PAGE].tolist(), strict=True),
                      strict=True))  # fmt: skip
    findings = []
    for cell, (low, high, margin) in sorted(bounds.items()):
        possible = high - low + 1
        if cell not in secondary and margin is not None and possible < MOST - LEAST + 1:
            source, page = places[cell]
            where = Location(str(source), None if pd.isna(page) else int(page))
            findings.append(Finding(cell, possible, margin, where))
    return findings


def _margins(
    keys: list[Key], columns: list[str], dimensions: tuple[str, ...], additive: frozenset[str]
) -> list[Margin]:
    """Every total with its parts present, along each additive dimension's hierarchy."""
    present = set(keys)
    margins = []
    for dimension in dimensions:
        if dimension not in additive:
            continue
        position = columns.index(dimension)
        parents = {c.id: c.parent for c in for_dimension(dimension).codes if c.parent}
        families: dict[Key, list[Key]] = defaultdict(list)
        for key in keys:
            parent = parents.get(key[position])
            if parent is not None:
                total = (*key[:position], parent, *key[position + 1 :])
                if total in present:
                    families[total].append(key)
        margins += [Margin(total, tuple(parts), dimension) for total, parts in families.items()]
    return margins


Bounds = dict[Key, tuple[int, int, Margin | None]]


def _propagate(
    margins: list[Margin],
    values: dict[Key, object],
    hidden: set[Key],
    secondary: frozenset[Key] | set[Key] = frozenset(),
) -> Bounds:
    """Narrow every hidden cell's interval by its margins until nothing changes.

    A primary cell (Nav's ``*``) is 1–3; a secondary one is at least 4, and unbounded.
    """
    bounds: Bounds = {
        cell: (SECONDARY_LEAST, UNBOUNDED, None) if cell in secondary else (LEAST, MOST, None)
        for cell in hidden
    }
    for _ in range(_ROUNDS):
        changed = False
        for margin in margins:
            cells = (margin.total, *margin.parts)
            if not any(cell in hidden for cell in cells):
                continue
            for cell in cells:
                if cell in hidden and _tighten(margin, cell, values, bounds):
                    changed = True
        if not changed:
            break
    return bounds


def _interval(cell: Key, values: dict[Key, object], bounds: Bounds) -> tuple[float, float]:
    if cell in bounds:
        low, high, _ = bounds[cell]
        return float(low), float(high)
    value = float(str(values[cell]))
    return value, value


def _tighten(margin: Margin, cell: Key, values: dict[Key, object], bounds: Bounds) -> bool:
    """Narrow ``cell`` from ``total = sum(parts)``; True if its interval shrank."""
    if cell == margin.total:
        low, high = _sum(margin.parts, values, bounds)
    else:
        total_low, total_high = _interval(margin.total, values, bounds)
        others = [p for p in margin.parts if p != cell]
        others_low, others_high = _sum(others, values, bounds)
        low, high = total_low - others_high, total_high - others_low
    old_low, old_high, _ = bounds[cell]
    new_low, new_high = max(old_low, math.ceil(low)), min(old_high, math.floor(high))
    if (new_low, new_high) == (old_low, old_high) or new_low > new_high:
        return False
    bounds[cell] = (new_low, new_high, margin)
    return True


def _sum(
    cells: tuple[Key, ...] | list[Key], values: dict[Key, object], bounds: Bounds
) -> tuple[float, float]:
    intervals = [_interval(c, values, bounds) for c in cells]
    return sum(i[0] for i in intervals), sum(i[1] for i in intervals)


def notices(findings: list[Finding], key: tuple[str, ...]) -> list[Notice]:
    """The findings as warnings: the cell, how far it is narrowed, and by which margin."""
    return [Notice(_message(f, key), f.where) for f in findings]


def _message(finding: Finding, key: tuple[str, ...]) -> str:
    cell = " ".join(f"{k}={v}" for k, v in zip(key, finding.cell, strict=True) if v != "_T")
    total = dict(zip(key, finding.margin.total, strict=True))[finding.margin.dimension]
    extent = (
        "is exactly determined"
        if finding.exact
        else f"can take only {finding.possible} of its 3 possible values"
    )
    parts = len(finding.margin.parts)
    return (
        f"disclosure: suppressed cell {cell} {extent} by the {finding.margin.dimension} margin"
        f" of {total} and its {parts} part{'s' if parts != 1 else ''}"
    )


def suppress_secondary(cube: Cube, additive: frozenset[str]) -> tuple[Cube, list[Notice]]:
    """Suppress the fewest further cells, greedily, so that no ``*`` can be worked out.

    While a primary cell is exactly determined, the smallest printed cell of the margin
    that determines it (a part rather than the total, where one is printed) is suppressed
    too: value removed, OBS_STATUS Q, CONF_STATUS D, in both measures of its month (a
    one-month report's average equals its month).
    """
    data = cube.data.copy()
    protected: list[Notice] = []
    for _ in range(_MOST_SECONDARY_ROUNDS):
        current = Cube(data, cube.key, cube.revisions, cube.notices, cube.families, cube.inputs)
        exact = [f for f in audit(current, additive) if f.exact]
        if not exact:
            break
        finding = exact[0]
        cell = _cheapest(finding.margin, data, cube.key)
        if cell is None:
            break
        data = _suppress(data, cube.key, cell)
        protected.append(
            Notice(
                f"secondary suppression: {_name(cell, cube.key)} suppressed (CONF_STATUS D)"
                f" so that {_name(finding.cell, cube.key)} cannot be worked out",
                finding.where,
            )
        )
    result = Cube(data, cube.key, cube.revisions, [*cube.notices, *protected], cube.families,
                  cube.inputs)  # fmt: skip
    return result, protected


def _name(cell: Key, key: tuple[str, ...]) -> str:
    return " ".join(f"{k}={v}" for k, v in zip(key, cell, strict=True) if v != "_T")


def _cheapest(margin: Margin, data: pd.DataFrame, key: tuple[str, ...]) -> Key | None:
    """The printed cell of the margin with the smallest value, parts before the total."""
    columns = list(key)
    printed = data[(data[OBS_STATUS] != SUPPRESSED) & (data[MEASURE] == MONTHLY)]
    values = {
        tuple(str(v) for v in row[:-1]): row[-1]
        for row in printed[[*columns, VALUE]].itertuples(index=False)
    }
    candidates = [p for p in margin.parts if p in values] or (
        [margin.total] if margin.total in values else []
    )
    return min(candidates, key=lambda c: (float(str(values[c])), c), default=None)


def _suppress(data: pd.DataFrame, key: tuple[str, ...], cell: Key) -> pd.DataFrame:
    columns = [k for k in key if k != MEASURE]
    mask = pd.Series(True, index=data.index)
    for column, code in zip(key, cell, strict=True):
        if column in columns:
            mask &= data[column] == code
    data = data.copy()
    data.loc[mask, VALUE] = pd.NA
    data.loc[mask, OBS_STATUS] = SUPPRESSED
    data.loc[mask, CONF_STATUS] = SECONDARY
    return data
