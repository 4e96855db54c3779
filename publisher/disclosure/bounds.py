"""The least and greatest value each hidden count can take, given everything published.

Design: hidden cells tied together by a relation form a component, and each component is
solved on its own. Interval propagation runs first: it is exact for a component of one
cell, it remembers which relation narrowed a cell last (for the message), and its bounds
make the integer programs small. Where a component ties several cells, HiGHS (through
``scipy.optimize.milp``) finds the exact least and greatest integer value of each count
the audit reports on. Two programs (the least and the greatest sum of them) usually show
most counts at the ends of their range at once; a count a solution does not show there
gets programs of its own. The components of several cells share their programs: one
program holds them all as blocks that do not touch, which on the archive is 2-3 times
quicker than a set of programs per component (``bench/audit.py``), whose calls cost more
than their solving.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from publisher.disclosure.system import INFINITY, Relation, System

_ROUNDS = 50
_TOLERANCE = 1e-6
# The optimum itself: the default relative gap lets a sum over many components stop short.
_EXACT = {"mip_rel_gap": 0.0}


@dataclass(frozen=True, slots=True)
class Range:
    """The values a hidden count can take: ``low`` to ``high``.

    ``relation`` is the relation that alone narrows it this far, where one does.
    """

    low: int
    high: int
    relation: int | None


@dataclass(frozen=True, slots=True)
class Component:
    """Hidden cells that the relations tie together, and those relations."""

    cells: tuple[int, ...]
    relations: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Folded:
    """A relation over hidden cells only: printed cells moved into its bounds."""

    terms: tuple[tuple[int, int], ...]
    low: float
    high: float


def components(system: System) -> list[Component]:
    """Every component of hidden cells, in the order of their first cell."""
    parent = list(range(len(system.cells)))

    def root(cell: int) -> int:
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    hidden = [[c for c, _ in r.terms if system.cells[c].variable] for r in system.relations]
    for cells in hidden:
        for other in cells[1:]:
            parent[root(other)] = root(cells[0])
    members: dict[int, list[int]] = {}
    for cell, info in enumerate(system.cells):
        if info.variable:
            members.setdefault(root(cell), []).append(cell)
    relations: dict[int, list[int]] = {}
    for number, cells in enumerate(hidden):
        if cells:
            relations.setdefault(root(cells[0]), []).append(number)
    return [Component(tuple(cells), tuple(relations.get(r, ()))) for r, cells in members.items()]


def solve_all(system: System) -> tuple[dict[int, Range], list[int]]:
    """The range of every audited count, and a cell of each component that contradicts.

    Components of several cells are solved together, as one program whose blocks do not
    touch: the optimum of a sum of their objectives is the sum of their optima, so each
    program answers for every component at once, and there are as many programs as the
    component that needs the most, not one set per component.
    """
    ranges: dict[int, Range] = {}
    contradictions = []
    together: list[_Propagated] = []
    for component in components(system):
        propagated = _propagated(system, component)
        if propagated is None:
            contradictions.append(component.cells[0])
        elif len(component.cells) == 1 or not propagated.audited:
            ranges.update(propagated.ranges(propagated.box()))
        else:
            together.append(propagated)
    found = _exact(together)
    if found is None:  # some component contradicts: find which, one by one
        for propagated in together:
            alone = _exact([propagated])
            if alone is None:
                contradictions.append(propagated.component.cells[0])
            else:
                ranges.update(propagated.ranges(alone))
    else:
        for propagated in together:
            ranges.update(propagated.ranges(found))
    return ranges, sorted(contradictions)


def fold(system: System, relation: Relation) -> Folded:
    """The relation with its printed cells' values moved into its bounds."""
    constant = 0.0
    terms = []
    for cell, coefficient in relation.terms:
        info = system.cells[cell]
        if info.variable:
            terms.append((cell, coefficient))
        else:
            constant += coefficient * info.bounds[0]
    return Folded(tuple(terms), relation.low - constant, relation.high - constant)


def solve(system: System, component: Component) -> dict[int, Range] | None:
    """The range of every audited count of a component; None if its relations contradict."""
    propagated = _propagated(system, component)
    if propagated is None:
        return None
    if len(component.cells) == 1 or not propagated.audited:
        return propagated.ranges(propagated.box())
    found = _exact([propagated])
    return None if found is None else propagated.ranges(found)


Box = dict[int, tuple[float, float]]
Exact = dict[int, tuple[int, int]]


@dataclass(frozen=True, slots=True)
class _Propagated:
    """A component, its relations folded, and the bounds interval propagation leaves."""

    component: Component
    relations: list[Folded]
    bounds: Box
    last: dict[int, int]  # cell -> the relation (of the component's) that narrowed it last
    audited: list[int]

    def box(self) -> Exact:
        """The propagated bounds of the audited cells: exact for a component of one cell."""
        return {c: (int(self.bounds[c][0]), int(self.bounds[c][1])) for c in self.audited}

    def ranges(self, exact: Exact) -> dict[int, Range]:
        """The ranges of the audited cells, with the relation that alone narrows each."""
        return {
            cell: Range(*exact[cell], _named(self.last.get(cell), self.bounds[cell],
                                             exact[cell], self.component))
            for cell in self.audited
        }  # fmt: skip


def _propagated(system: System, component: Component) -> _Propagated | None:
    """Interval propagation over a component; None if its relations contradict."""
    folded = [fold(system, system.relations[r]) for r in component.relations]
    box = {cell: system.cells[cell].bounds for cell in component.cells}
    narrowed = _propagate(folded, box)
    if narrowed is None:
        return None
    audited = [c for c in component.cells if system.cells[c].audited]
    return _Propagated(component, folded, *narrowed, audited)


def _named(
    last: int | None, propagated: tuple[float, float], exact: tuple[int, int], c: Component
) -> int | None:
    """The relation propagation named, if propagation alone got as far as the solver."""
    if last is None or propagated != (float(exact[0]), float(exact[1])):
        return None
    return c.relations[last]


def _propagate(relations: Sequence[Folded], box: Box) -> tuple[Box, dict[int, int]] | None:
    """Narrow every cell by each relation in turn until nothing changes; None if empty."""
    bounds = dict(box)
    last: dict[int, int] = {}
    for _ in range(_ROUNDS):
        changed = False
        for number, relation in enumerate(relations):
            for cell, coefficient in relation.terms:
                low, high = _implied(relation, cell, coefficient, bounds)
                old_low, old_high = bounds[cell]
                new = (max(old_low, _ceil(low)), min(old_high, _floor(high)))
                if new[0] > new[1]:
                    return None
                if new != (old_low, old_high):
                    bounds[cell], last[cell], changed = new, number, True
        if not changed:
            break
    return bounds, last


def _ceil(value: float) -> float:
    return value if math.isinf(value) else float(math.ceil(value - _TOLERANCE))


def _floor(value: float) -> float:
    return value if math.isinf(value) else float(math.floor(value + _TOLERANCE))


def _implied(relation: Folded, cell: int, coefficient: int, bounds: Box) -> tuple[float, float]:
    """What ``relation`` allows ``cell`` given the other cells' bounds."""
    least = most = 0.0
    for other, c in relation.terms:
        if other == cell:
            continue
        low, high = bounds[other]
        least += c * (low if c > 0 else high)
        most += c * (high if c > 0 else low)
    low, high = relation.low - most, relation.high - least
    if coefficient > 0:
        return low / coefficient, high / coefficient
    return high / coefficient, low / coefficient


def _exact(together: Sequence[_Propagated]) -> Exact | None:
    """Least and greatest integer value of each audited cell, by HiGHS; None if infeasible.

    First the least and the greatest sum of all of them, then, while a cell's end is not
    shown by a solution, one cell of each component at a time.
    """
    if not together:
        return {}
    group = {c: n for n, p in enumerate(together) for c in p.component.cells}
    bounds = {c: b for p in together for c, b in p.bounds.items()}
    audited = [c for p in together for c in p.audited]
    program = _Program([r for p in together for r in p.relations], list(group), bounds)
    low: dict[int, int] = {}
    high: dict[int, int] = {}
    for direction in (1, -1):
        found = program.optimum({c: direction for c in audited})
        if found is None:
            return None
        program.witness(found, audited, low, high)
    while picked := _unknown(audited, group, low, high):
        found = program.optimum({cell: direction for cell, direction, _ in picked})
        if found is None:
            return None
        for cell, _, known in picked:
            known[cell] = round(float(found[program.column[cell]]))
        program.witness(found, audited, low, high)
    return {cell: (low[cell], high[cell]) for cell in audited}


def _unknown(
    audited: Sequence[int], group: dict[int, int], low: dict[int, int], high: dict[int, int]
) -> list[tuple[int, int, dict[int, int]]]:
    """An end not yet known of at most one cell per component: cell, direction, where known."""
    picked: dict[int, tuple[int, int, dict[int, int]]] = {}
    for cell in audited:
        for direction, known in ((1, low), (-1, high)):
            if cell not in known and group[cell] not in picked:
                picked[group[cell]] = (cell, direction, known)
    return list(picked.values())


class _Program:
    """One component as an integer program whose objective can be changed."""

    def __init__(self, relations: Sequence[Folded], cells: Sequence[int], bounds: Box) -> None:
        # SciPy loads in a second: only a build whose audit needs a program pays for it.
        from scipy.optimize import Bounds, LinearConstraint  # type: ignore[import-untyped]
        from scipy.sparse import csr_array  # type: ignore[import-untyped]

        self.column = {cell: i for i, cell in enumerate(cells)}
        self.bounds = bounds
        self.cells = list(cells)
        rows, columns, values = [], [], []
        for row, relation in enumerate(relations):
            for cell, coefficient in relation.terms:
                rows.append(row)
                columns.append(self.column[cell])
                values.append(coefficient)
        matrix = csr_array((values, (rows, columns)), shape=(len(relations), len(cells)))
        self.constraints = LinearConstraint(
            matrix, [r.low for r in relations], [r.high for r in relations]
        )
        self.box = Bounds([bounds[c][0] for c in cells], [bounds[c][1] for c in cells])
        self.integrality = np.ones(len(cells))

    def optimum(self, objective: dict[int, int]) -> np.ndarray | None:
        """A solution minimising ``sum(coefficient * cell)``; None if there is none."""
        from scipy.optimize import milp

        costs = np.zeros(len(self.cells))
        for cell, coefficient in objective.items():
            costs[self.column[cell]] = coefficient
        result = milp(costs, integrality=self.integrality, bounds=self.box,
                      constraints=self.constraints, options=dict(_EXACT))  # fmt: skip
        if result.x is None:
            return None
        return np.asarray(result.x)

    def witness(
        self, x: np.ndarray, cells: Iterable[int], low: dict[int, int], high: dict[int, int]
    ) -> None:
        """Cells a solution shows at an end of their bounds: that end is their least/greatest."""
        for cell in cells:
            value = round(float(x[self.column[cell]]))
            floor, ceiling = self.bounds[cell]
            if value == floor:
                low.setdefault(cell, value)
            if value == ceiling:
                high.setdefault(cell, value)


__all__ = [
    "INFINITY",
    "Component",
    "Range",
    "components",
    "fold",
    "solve",
    "solve_all",
]
