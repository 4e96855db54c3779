"""The integer program that picks the fewest printed cells to suppress for one count.

Design: one completion of the neighbourhood, integer-valued, in which the count stands at
the end of its range it must be able to reach, every relation holds, and a printed cell
keeps its printed value unless it is chosen (a binary costing one cell: whole costs let
HiGHS prove a choice the fewest at once, where a tie-break by value made it search for
seconds). A chosen count is free from the threshold up, a chosen average only says the
mean rounded to at least the threshold; big-M constraints switch a cell between the
two. Solved by HiGHS through ``scipy.optimize.milp`` to within 10 % of the fewest (exactly
the fewest below ten cells, the count being whole), which takes a hard case from minutes
to a second, and at most 10 branch-and-bound nodes: a node limit rather than a time
limit, so that the same release makes the same choice on any machine; where it stops
short, the best choice found is taken (the build stays protected, with a few cells more
than the fewest). On programs sampled from the archive with one-decimal averages, 10
nodes instead of 50 and no strong branching took a fifth of the time for 1 % more cells.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from publisher.disclosure.neighbourhood import Neighbourhood
from publisher.disclosure.system import INFINITY, Kind, Relation, System

# HiGHS: 10 nodes, 10 % off the fewest, and branching on pseudocosts from the start (its
# strong branching spent most of the time of a large program for no fewer cells).
_OPTIONS = {"node_limit": 10, "mip_rel_gap": 0.1, "mip_pscost_minreliable": 0}
_SHIFT = 3  # how many thresholds a freed cell may stray, unless wide
# What a cell of a relation its printed cells contradict costs: suppressed, it would hide
# the contradiction and the relation would join the others, false (a last resort).
_CONTRADICTED = 10


class _Builder:
    """Rows, columns and bounds of the program, as they are added."""

    def __init__(self) -> None:
        self.entries: list[tuple[int, int, float]] = []
        self.low: list[float] = []
        self.high: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.costs: list[float] = []

    def column(self, low: float, high: float, cost: float = 0.0) -> int:
        """A new integer column."""
        self.lower.append(low)
        self.upper.append(high)
        self.costs.append(cost)
        return len(self.lower) - 1

    def row(self, terms: list[tuple[int, float]], low: float, high: float) -> None:
        number = len(self.low)
        self.entries += [(number, column, value) for column, value in terms]
        self.low.append(low)
        self.high.append(high)

    def solve(self) -> np.ndarray | None:
        # SciPy loads in a second: imported only when a cell is to be protected.
        from scipy.optimize import Bounds, LinearConstraint, milp  # type: ignore[import-untyped]
        from scipy.sparse import coo_array  # type: ignore[import-untyped]

        rows, columns, values = zip(*self.entries, strict=True) if self.entries else ((), (), ())
        matrix = coo_array((values, (rows, columns)), shape=(len(self.low), len(self.lower)))
        with warnings.catch_warnings():  # SciPy warns that it passes an option on verbatim
            warnings.filterwarnings("ignore", "Unrecognized options", RuntimeWarning)
            result = milp(
                np.array(self.costs),
                integrality=np.ones(len(self.lower)),
                bounds=Bounds(self.lower, self.upper),
                constraints=LinearConstraint(matrix.tocsr(), self.low, self.high),
                options=dict(_OPTIONS),  # milp pops node_limit from the dict it is given
            )
        return None if result.x is None else np.asarray(result.x)


@dataclass(frozen=True, slots=True)
class Choice:
    """Cells to suppress, and the completion that shows the count at its goal with them.

    ``values`` holds every hidden count of the neighbourhood: suppressing more cells later
    only widens what the release allows, so each stays a value its count can take.
    """

    cells: list[int]
    values: dict[int, int]


def cheapest(
    system: System, around: Neighbourhood, count: int, goal: int, *, wide: bool = False
) -> Choice | None:
    """The fewest cells of ``around`` to suppress so that ``count`` can be ``goal``.

    None if no choice in ``around`` allows it. A freed cell strays from its printed value
    by at most three times the threshold (moving the count to the end of its range moves
    the cells that make up for it by about as much), which keeps the program tight and
    quick; with ``wide``, by up to ten times the largest value, for the last word on
    whether any choice exists. (At the threshold less one, the programs were tighter but
    more often found nothing, and the wider neighbourhoods tried next made the archive's
    protection three times slower.)
    """
    big = _big(system, around) if wide else _SHIFT * _threshold(system, around)
    builder = _Builder()
    column: dict[int, int] = {}
    for cell in around.hidden:
        low, high = system.cells[cell].bounds
        column[cell] = builder.column(goal, goal) if cell == count else builder.column(low, high)
    switch: dict[int, int] = {}
    for cell in around.months:
        value, threshold = system.cells[cell].bounds[0], system.cells[cell].threshold
        column[cell] = builder.column(min(value, threshold), value + big)
        switch[cell] = builder.column(0, 1, _CONTRADICTED if cell in system.contradicted else 1)
        builder.row([(column[cell], 1), (switch[cell], -big)], -INFINITY, value)
        builder.row([(column[cell], 1), (switch[cell], big)], value, INFINITY)
    for cell in around.averages:
        switch[cell] = builder.column(0, 1, 1)
    for number in around.relations:
        _relation(builder, system, system.relations[number], column, switch, big)
    found = builder.solve()
    if found is None:
        return None
    cells = sorted(cell for cell, at in switch.items() if found[at] > 0.5)
    values = {cell: round(float(found[column[cell]])) for cell in around.hidden}
    return Choice(cells, values)


def _relation(
    builder: _Builder,
    system: System,
    relation: Relation,
    column: dict[int, int],
    switch: dict[int, int],
    big: float,
) -> None:
    constant = 0.0
    terms: list[tuple[int, float]] = []
    for cell, coefficient in relation.terms:
        if cell in column:
            terms.append((column[cell], coefficient))
        else:
            constant += coefficient * system.cells[cell].bounds[0]
    low, high = relation.low - constant, relation.high - constant
    average = relation.average
    if average is None or average.cell not in switch:
        builder.row(terms, low, high)
        return
    loose, _ = average.window(system.cells[average.cell], Kind.SECONDARY)
    wide = big * average.months
    builder.row(terms, loose - constant, INFINITY)
    builder.row([*terms, (switch[average.cell], -wide)], -INFINITY, high)
    builder.row([*terms, (switch[average.cell], wide)], low, INFINITY)


def _threshold(system: System, around: Neighbourhood) -> int:
    return max((system.cells[c].threshold for c in around.hidden), default=1)


def _big(system: System, around: Neighbourhood) -> float:
    """How far a freed count may stray from its printed value: far enough for any completion."""
    values = [system.cells[c].bounds[0] for c in around.months]
    return 10.0 * max(values, default=0.0) + 10.0 * _threshold(system, around) + 10.0
