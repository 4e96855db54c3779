"""The release as the audit sees it: cells, printed or hidden, and the relations between them.

Design: one flat list of cells and one of relations, each ``low <= sum(coefficient * cell)
<= high`` over cell indices. Printed cells stay cells of the relations (they are not folded
into constants here) so that secondary suppression can free them; the solver folds them.
What a hidden count can be comes from its family's confidentiality threshold ``t`` (its
spec): a count Nav printed as ``*`` is 1 to t-1, one we suppressed (CONF_STATUS D) was
printed by Nav, so at least t. Averages are cells too, but never variables: a year-to-date
average only sets the window of its relation, the sum of the months it covers.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from fractions import Fraction

import pandas as pd

from publisher.confidentiality import SECONDARY, SUPPRESSED, family_threshold, hidden_range
from publisher.disclosure.revised import History
from publisher.errors import Location
from publisher.family.spec import average_measures, monthly_measures, spec_of
from publisher.mapping.codelists import for_dimension
from publisher.merging.cube import (
    CONF_STATUS,
    FAMILY,
    MEASURE,
    OBS_STATUS,
    PAGE,
    SOURCE,
    TIME_PERIOD,
    UPDATED,
    VALUE,
    Cube,
)
from publisher.model import Report

Key = tuple[str, ...]
INFINITY = math.inf


class Kind(Enum):
    """What the release says of a cell's value."""

    PRINTED = "printed"
    PRIMARY = "primary"  # Nav's `*`: 1 to t-1
    SECONDARY = "secondary"  # suppressed by us, or an earlier value withheld: at least t


@dataclass(frozen=True, slots=True)
class Variable:
    """A cell of the release, or a month as an earlier report printed it: a variable."""

    key: Key
    kind: Kind
    value: Fraction | None
    threshold: int
    average: bool = False
    earlier: bool = False  # not in the release: a revised month as an average's report had it

    @property
    def variable(self) -> bool:
        """Whether the solver must find the value: a hidden count."""
        return self.kind is not Kind.PRINTED and not self.average

    @property
    def audited(self) -> bool:
        """Whether the audit reports on it: a count of the release that Nav hid."""
        return self.kind is Kind.PRIMARY and not self.average and not self.earlier

    @property
    def bounds(self) -> tuple[float, float]:
        """The values the cell can take before any relation is used."""
        if self.kind is Kind.PRINTED:
            value = float(self.value or 0)
            return value, value
        if self.kind is Kind.PRIMARY:
            least, most = hidden_range(self.threshold)
            return float(least), float(most)
        return float(self.threshold), INFINITY  # printed by Nav: at least the threshold


@dataclass(frozen=True, slots=True)
class Average:
    """How a year-to-date average was printed: how many months, to how many decimals."""

    cell: int
    months: int
    decimals: int

    def window(self, cell: Variable, kind: Kind | None = None) -> tuple[float, float]:
        """The integer sums of the months that print as this average.

        Printed: the mean rounded half up to the report's decimals. Nav's ``*``: a mean
        that rounds to under the threshold (the rule for counts applied to the printed
        average). Ours (D): Nav printed it, so it rounded to at least the threshold.
        """
        kind = kind or cell.kind
        half = Fraction(1, 2 * 10**self.decimals)
        months, threshold = self.months, cell.threshold
        if kind is Kind.PRINTED:
            value = cell.value or Fraction(0)
            return math.ceil(months * (value - half)), math.ceil(months * (value + half)) - 1
        if kind is Kind.PRIMARY:
            return -INFINITY, math.ceil(months * (threshold - half)) - 1
        return math.ceil(months * (threshold - half)), INFINITY


@dataclass(frozen=True, slots=True)
class Relation:
    """``low <= sum(coefficient * cell) <= high``: something the release publishes."""

    terms: tuple[tuple[int, int], ...]
    low: float
    high: float
    label: str
    average: Average | None = None


@dataclass(slots=True)
class System:
    """Every cell of the release and every relation it publishes between them."""

    key: tuple[str, ...]
    cells: list[Variable]
    places: list[Location | None]
    relations: list[Relation]
    index: dict[Key, int] = field(default_factory=dict)
    # Cells of a relation its printed cells contradict (so left out): suppressing one hides
    # the contradiction and makes a false relation look usable, to the audit and anyone.
    contradicted: frozenset[int] = frozenset()

    def touching(self) -> list[list[int]]:
        """For each cell, the relations it takes part in (as cell or as average)."""
        found: list[list[int]] = [[] for _ in self.cells]
        for number, relation in enumerate(self.relations):
            for cell, _ in relation.terms:
                found[cell].append(number)
            if relation.average is not None:
                found[relation.average.cell].append(number)
        return found


def printed_decimals(reports: Iterable[Report]) -> dict[str, int]:
    """How many decimals each report (by source) prints its averages with: the most any shows.

    A number format applies to the whole column, so ``4,0`` beside ``4,3`` is one decimal.
    """
    found = {}
    for report in reports:
        rows = (r for t in report.tables for b in t.blocks for r in (b.total, *b.rows))
        found[report.source] = max((_decimals(r.average.value) for r in rows), default=0)
    return found


def _decimals(value: object) -> int:
    if not isinstance(value, Decimal):
        return 0
    return max(0, -int(value.as_tuple().exponent))


def build(
    cube: Cube, additive: frozenset[str], decimals: Mapping[str, int] | None = None
) -> System:
    """The cells and relations of a cube.

    Args:
        cube: The merged cube as it would be published.
        additive: The dimensions whose codes split their parent.
        decimals: How many decimals each report (by source) printed its averages with;
            where a report is missing, the most its printed averages show in the cube.
    """
    data = cube.data
    key = cube.key
    keys: list[Key] = list(zip(*([str(v) for v in data[c].tolist()] for c in key), strict=True))
    cells = _cells(data, keys, key)
    places = [_place(source, page) for source, page in zip(data[SOURCE], data[PAGE], strict=True)]
    system = System(key, cells, places, [], {k: i for i, k in enumerate(keys)})
    system.relations += _margins(system, keys, cube.dimensions, additive)
    periods = {str(i["path"]): i["period"] for i in cube.inputs if isinstance(i["period"], dict)}
    sources = [str(s) for s in data[SOURCE]]
    found = dict(decimals or {})
    for source, places_ in _printed_decimals(data, sources).items():
        found.setdefault(source, places_)
    history = History(cube.revisions)
    updated = data[UPDATED].tolist()
    monthly = {f: spec_of(f).measures.monthly for f in data[FAMILY].unique()}
    for number in (i for i, c in enumerate(cells) if c.average):
        relation = _average(system, number, sources[number], updated[number],
                            periods, found, history, monthly)  # fmt: skip
        if relation is not None:
            system.relations.append(relation)
    possible = [_possible(system, r) for r in system.relations]
    system.contradicted = frozenset(
        cell
        for relation, ok in zip(system.relations, possible, strict=True)
        if not ok
        for cell, _ in relation.terms
    )
    system.relations = [r for r, ok in zip(system.relations, possible, strict=True) if ok]
    return system


def _possible(system: System, relation: Relation) -> bool:
    """Whether any values of its hidden cells satisfy the relation.

    One that none do is not what the release publishes (its printed cells contradict it,
    and the hierarchy check says so): neither the audit nor an attacker can use it.
    """
    least = most = 0.0
    for cell, coefficient in relation.terms:
        low, high = system.cells[cell].bounds
        least += coefficient * (low if coefficient > 0 else high)
        most += coefficient * (high if coefficient > 0 else low)
    return least <= relation.high and most >= relation.low


def _cells(data: pd.DataFrame, keys: list[Key], key: tuple[str, ...]) -> list[Variable]:
    thresholds = {family: family_threshold(family) for family in data[FAMILY].unique()}
    measure = key.index(MEASURE)
    averages = average_measures()
    cells = []
    columns = (data[c].tolist() for c in (FAMILY, VALUE, OBS_STATUS, CONF_STATUS))
    for k, family, value, obs, conf in zip(keys, *columns, strict=True):
        if obs != SUPPRESSED:
            kind, number = Kind.PRINTED, _fraction(value)
        else:
            kind, number = (Kind.SECONDARY if conf == SECONDARY else Kind.PRIMARY), None
        cells.append(Variable(k, kind, number, thresholds[family], k[measure] in averages))
    return cells


def _fraction(value: object) -> Fraction:
    return Fraction(Decimal(str(float(str(value)))))


def _place(source: object, page: object) -> Location | None:
    return Location(str(source), None if page is None or page is pd.NA else int(str(page)))


def _margins(
    system: System, keys: list[Key], dimensions: tuple[str, ...], additive: frozenset[str]
) -> list[Relation]:
    """Every total with its parts present, along each additive dimension's hierarchy."""
    measure = system.key.index(MEASURE)
    counts = monthly_measures()
    monthly = [k for k in keys if k[measure] in counts]
    relations = []
    for dimension in dimensions:
        if dimension not in additive:
            continue
        position = system.key.index(dimension)
        parents = {c.id: c.parent for c in for_dimension(dimension).codes if c.parent}
        families: dict[Key, list[Key]] = defaultdict(list)
        for k in monthly:
            parent = parents.get(k[position])
            if parent is not None:
                total = (*k[:position], parent, *k[position + 1 :])
                if total in system.index:
                    families[total].append(k)
        for total, parts in families.items():
            terms = ((system.index[total], 1), *((system.index[p], -1) for p in parts))
            s = "s" if len(parts) != 1 else ""
            label = f"{dimension} margin of {total[position]} and its {len(parts)} part{s}"
            relations.append(Relation(terms, 0.0, 0.0, label))
    return relations


def _printed_decimals(data: pd.DataFrame, sources: list[str]) -> dict[str, int]:
    """The most decimals any printed average of each report shows in the cube."""
    found: dict[str, int] = {}
    averages = data[MEASURE].isin(average_measures()) & (data[OBS_STATUS] != SUPPRESSED)
    values = data[VALUE].tolist()
    for at in averages.to_numpy().nonzero()[0]:
        exponent = Decimal(str(float(str(values[at])))).normalize().as_tuple().exponent
        places = max(0, -int(exponent))
        found[sources[at]] = max(found.get(sources[at], 0), places)
    return found


def _average(
    system: System,
    number: int,
    source: str,
    updated: object,
    periods: Mapping[str, object],
    decimals: Mapping[str, int],
    history: History,
    counts: Mapping[str, str],
) -> Relation | None:
    """The window an average sets on the sum of the months it covers, as its report had them.

    ``counts`` names each family's monthly count measure, the one its averages average.
    """
    cell = system.cells[number]
    time, measure = system.key.index(TIME_PERIOD), system.key.index(MEASURE)
    monthly = counts[cell.key[system.key.index(FAMILY)]]
    months = _covered(cell.key[time], periods.get(source))
    terms = []
    parts = list(cell.key)
    parts[measure] = monthly
    for month in months:
        parts[time] = month
        month_key = tuple(parts)
        if month_key not in system.index:
            return None  # a month the release does not hold: no relation to model
        at = system.index[month_key]
        earlier = history.as_printed(month_key, source, updated)
        if earlier is not None:
            at = _earlier_cell(system, system.cells[at], *earlier)
        terms.append((at, 1))
    average = Average(number, len(months), decimals.get(source, 0))
    low, high = average.window(cell)
    label = f"year-to-date average of {months[0]} to {months[-1]}"
    return Relation(tuple(terms), float(low), float(high), label, average)


def _covered(time: str, period: object) -> list[str]:
    """The months an average at ``time`` covers: its report's months of that year."""
    year, last = int(time[:4]), int(time[5:7])
    first = 1
    if isinstance(period, dict) and str(period.get("last")) == time:
        start = str(period.get("first"))
        if start[:4] == time[:4]:
            first = int(start[5:7])
    return [f"{year:04d}-{month:02d}" for month in range(first, last + 1)]


def _earlier_cell(system: System, now: Variable, status: str, value: float | None) -> int:
    """A new cell for a month as an earlier report printed it, before a revision."""
    if status == SUPPRESSED:
        kind, number = Kind.PRIMARY, None
    elif value is None:
        kind, number = Kind.SECONDARY, None  # printed then, withheld now: at least t
    else:
        kind, number = Kind.PRINTED, _fraction(value)
    system.cells.append(Variable(now.key, kind, number, now.threshold, earlier=True))
    system.places.append(None)
    return len(system.cells) - 1
