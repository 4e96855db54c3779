"""The cells and relations around a hidden count that secondary suppression may change.

Design: a neighbourhood is closed, so that what is chosen inside it holds outside too.
Every hidden cell in it brings its whole component (all the relations it takes part in),
and a printed cell may be freed only if every relation it takes part in is inside; the
printed cells at its edge stay as printed. Depth counts how many times the printed cells
of the relations inside pull in their other relations.
"""

from __future__ import annotations

from dataclasses import dataclass

from publisher.disclosure.system import Kind, System


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    """Hidden cells, printed cells that may be freed, and the relations among them."""

    hidden: tuple[int, ...]
    months: tuple[int, ...]  # printed counts that may be suppressed
    averages: tuple[int, ...]  # printed averages that may be suppressed
    relations: tuple[int, ...]

    @property
    def size(self) -> tuple[int, int]:
        """How many relations it holds, and how many cells may be freed."""
        return len(self.relations), len(self.months) + len(self.averages)


def _take(
    system: System, touching: list[list[int]], cell: int, hidden: set[int], relations: set[int]
) -> None:
    """Add the component of hidden cell ``cell`` and all its relations."""
    todo = [cell]
    hidden.add(cell)
    while todo:
        for number in touching[todo.pop()]:
            if number in relations:
                continue
            relations.add(number)
            for other, _ in system.relations[number].terms:
                if system.cells[other].variable and other not in hidden:
                    hidden.add(other)
                    todo.append(other)


def neighbourhood(
    system: System, touching: list[list[int]], cell: int, depth: int
) -> Neighbourhood:
    """The closed neighbourhood of hidden count ``cell`` up to ``depth``."""
    hidden: set[int] = set()
    relations: set[int] = set()
    _take(system, touching, cell, hidden, relations)
    expanded: set[int] = set()
    for _ in range(depth):
        edge = {c for r in relations for c, _ in system.relations[r].terms
                if _freeable(system, c) and c not in expanded}  # fmt: skip
        if not edge:
            break
        expanded |= edge
        for printed in sorted(edge):
            _pull(system, touching, printed, hidden, relations)
    months = [c for c in expanded if all(r in relations for r in touching[c])]
    averages = [
        average.cell
        for average in (system.relations[r].average for r in relations)
        if average is not None and system.cells[average.cell].kind is Kind.PRINTED
    ]
    return Neighbourhood(tuple(sorted(hidden)), tuple(sorted(months)), tuple(sorted(averages)),
                         tuple(sorted(relations)))  # fmt: skip


def _freeable(system: System, cell: int) -> bool:
    info = system.cells[cell]
    return info.kind is Kind.PRINTED and not info.average and not info.earlier


def _pull(
    system: System, touching: list[list[int]], printed: int, hidden: set[int], relations: set[int]
) -> None:
    """Add the relations of a printed cell, and the components of their hidden cells."""
    for number in touching[printed]:
        if number in relations:
            continue
        relations.add(number)
        for other, _ in system.relations[number].terms:
            if system.cells[other].variable and other not in hidden:
                _take(system, touching, other, hidden, relations)
