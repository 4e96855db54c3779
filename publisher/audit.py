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
from publisher.cube import MEASURE, OBS_STATUS, PAGE, SOURCE, SUPPRESSED, VALUE, Cube
from publisher.errors import Location, Notice
from publisher.mapping import MONTHLY

LEAST, MOST = 1, 3  # what a suppressed count can be
_ROUNDS = 50

Key = tuple[str, ...]


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
    margins = _margins(keys, key_columns, cube.dimensions, additive)
    bounds = _propagate(margins, values, hidden)
    places = dict(zip(keys, zip(data[SOURCE].tolist(), data[PAGE].tolist(), strict=True),
                      strict=True))  # fmt: skip
    findings = []
    for cell, (low, high, margin) in sorted(bounds.items()):
        possible = high - low + 1
        if margin is not None and possible < MOST - LEAST + 1:
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


def _propagate(margins: list[Margin], values: dict[Key, object], hidden: set[Key]) -> Bounds:
    """Narrow every hidden cell's interval by its margins until nothing changes."""
    bounds: Bounds = {cell: (LEAST, MOST, None) for cell in hidden}
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
