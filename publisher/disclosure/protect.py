"""Secondary suppression: free the fewest printed cells so that no ``*`` is narrowed.

Design: the goal is τ-ARGUS's protection level at its widest. For every count Nav printed
as ``*`` an attacker must be able to complete the release with that count at each end of
its range (1 and threshold-1), all published relations holding, unless no suppression of
ours can give that back because Nav's own ``*`` cells already narrow it. Counts are taken
in key order, each end in turn; for an end not yet reachable, an integer program (HiGHS)
over the count's neighbourhood of relations chooses the fewest printed cells to suppress
(a month or an average, each one cell) such that a completion reaching that end exists.
A suppressed cell is, to the attacker as to the audit, at least the threshold: Nav
printed it. The neighbourhood grows until a choice exists or every cell that could help
is in it; cells outside it stay as printed, so any choice found is a real completion.
Each completion found is kept as proof of the values it shows, so an end is solved for
only where none shows it yet. After each round the release is read and audited again
(exactly); the rounds end with one that suppresses nothing more (at most five).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from publisher.confidentiality import SECONDARY as SECONDARY_CONF
from publisher.confidentiality import SUPPRESSED
from publisher.disclosure.bounds import solve_all
from publisher.disclosure.neighbourhood import neighbourhood
from publisher.disclosure.program import Choice, cheapest
from publisher.disclosure.system import Kind, System
from publisher.errors import Location, Notice
from publisher.merging.cube import CONF_STATUS, OBS_STATUS, VALUE, Cube, Revision

_DEPTHS = (1, 2, 4, 8, 16)
_ROUNDS = 5


@dataclass(frozen=True, slots=True)
class Protection:
    """The cells secondary suppression chose, for which count, and what it could not do."""

    suppressed: dict[int, int]  # cell -> the count it was suppressed to protect
    unreachable: list[tuple[int, str]]  # a count and the end Nav's own `*` cells deny it


def protect(cube: Cube, build: Callable[[Cube], System]) -> tuple[Cube, list[Notice]]:
    """Suppress further cells of ``cube`` until every ``*`` keeps its whole range.

    Returns the cube with the cells suppressed (value removed, OBS_STATUS Q, CONF_STATUS D,
    values withheld from the revision log too) and a notice for each cell and for each
    count left narrowed because Nav's own ``*`` cells narrow it. The release is read
    again after each round: a relation whose printed cells contradicted it, or a count
    whose relations did, may be one an attacker can use once cells around it are hidden.
    """
    notes: list[Notice] = []
    unreachable: list[Notice] = []
    for _ in range(_ROUNDS):
        system = build(cube)
        done = choose(system)
        notes += _suppressed_notices(system, done)
        unreachable = _unreachable_notices(system, done)
        if not done.suppressed:
            break
        cube = _applied(cube, system, sorted(done.suppressed))
    notes += unreachable
    result = Cube(cube.data, cube.key, cube.revisions, [*cube.notices, *notes], cube.families,
                  cube.inputs)  # fmt: skip
    return result, notes


def _applied(cube: Cube, system: System, rows: list[int]) -> Cube:
    """The cube with the cells at ``rows`` suppressed by us, in the revision log too."""
    data = cube.data.copy()
    for column, value in ((VALUE, pd.NA), (OBS_STATUS, SUPPRESSED), (CONF_STATUS, SECONDARY_CONF)):
        data[column] = data[column].mask(data.index.isin(data.index[rows]), value)
    hidden = {system.cells[r].key for r in rows}
    revisions = [_withheld(r) if tuple(v for _, v in r.key) in hidden else r
                 for r in cube.revisions]  # fmt: skip
    return Cube(data, cube.key, revisions, cube.notices, cube.families, cube.inputs)


def choose(system: System) -> Protection:
    """Suppress cells in ``system`` (it is changed) until every ``*`` keeps its range.

    What is known reachable is kept as (count, value) pairs: the ends of each range the
    audit found, and every value a chosen completion gives a count. Suppressing more only
    widens what the release allows, so a pair once reached stays reached, and an end is
    solved for only where no completion so far shows it.
    """
    touching = system.touching()
    suppressed: dict[int, int] = {}
    unreachable: list[tuple[int, str]] = []
    ranges, _ = solve_all(system)  # suppressing more never narrows: the rest stay protected
    reached = {(cell, end) for cell, found in ranges.items() for end in (found.low, found.high)}
    narrowed = sorted((system.cells[cell].key, cell) for cell, found in ranges.items()
                      if (found.low, found.high) != system.cells[cell].bounds)  # fmt: skip
    for _, cell in narrowed:
        low, high = system.cells[cell].bounds
        for end, goal in (("low", int(low)), ("high", int(high))):
            if (cell, goal) in reached:
                continue
            choice = _choice(system, touching, cell, goal)
            if choice is None:
                unreachable.append((cell, end))
                continue
            for other in choice.cells:
                _suppress(system, touching, other)
                suppressed[other] = cell
            reached.update(choice.values.items())
    return Protection(suppressed, unreachable)


def _choice(system: System, touching: list[list[int]], cell: int, goal: int) -> Choice | None:
    """The cheapest cells to suppress so that ``cell`` can be ``goal``; None if none can."""
    around = neighbourhood(system, touching, cell, _DEPTHS[0])
    for depth in _DEPTHS[1:]:
        chosen = cheapest(system, around, cell, goal)
        if chosen is not None:
            return chosen
        wider = neighbourhood(system, touching, cell, depth)
        if wider.size == around.size:
            break  # it stopped growing: every cell that could help is in it
        around = wider
    return cheapest(system, around, cell, goal, wide=True)


def _suppress(system: System, touching: list[list[int]], cell: int) -> None:
    info = system.cells[cell]
    system.cells[cell] = dataclasses.replace(info, kind=Kind.SECONDARY, value=None)
    for number in touching[cell]:
        relation = system.relations[number]
        if relation.average is not None and relation.average.cell == cell:
            low, high = relation.average.window(system.cells[cell])
            system.relations[number] = dataclasses.replace(relation, low=low, high=high)


def _withheld(revision: Revision) -> Revision:
    return dataclasses.replace(revision, old_value=None, new_value=None, new_status=SUPPRESSED)


def _suppressed_notices(system: System, done: Protection) -> list[Notice]:
    from publisher.disclosure.audit import name

    key = system.key
    return [
        Notice(
            f"secondary suppression: {name(system.cells[cell].key, key)} suppressed"
            f" (CONF_STATUS D) so that {name(system.cells[count].key, key)} keeps its whole"
            " range",
            system.places[cell] or Location(""),
        )
        for cell, count in sorted(done.suppressed.items(), key=lambda i: system.cells[i[0]].key)
    ]


def _unreachable_notices(system: System, done: Protection) -> list[Notice]:
    from publisher.disclosure.audit import name

    return [
        Notice(
            f"secondary suppression: {name(system.cells[count].key, system.key)} stays narrowed"
            f" at its {end} end: the cells Nav suppressed narrow it, whatever else is suppressed",
            system.places[count] or Location(""),
        )
        for count, end in done.unreachable
    ]
