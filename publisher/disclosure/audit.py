"""Disclosure audit: can a suppressed count be worked out from what the release publishes?

Nav hides counts under its threshold (4 for TILT), but what it prints beside them can
give them away: where a total and all but one of its parts are printed, the hidden part
is their difference; where a row prints its year-to-date average and all but one of its
months, the average times the months pins their sum to a few integers, and with it the
hidden month. The audit reads the whole merged release as one system of integer
relations (``publisher.disclosure``) and finds, for every suppressed count, the least and
greatest value it can still take: exactly determined (one), narrowed (fewer than the
range the ``*`` itself leaves) or protected.

The findings name cells and how many values remain possible, never a value: the audit's
output goes into a published manifest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from publisher.disclosure.bounds import Range, solve_all
from publisher.disclosure.protect import protect
from publisher.disclosure.system import System, Variable, build
from publisher.errors import Location, Notice
from publisher.merging.cube import Cube

Key = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """A suppressed count that the published relations narrow below its whole range."""

    cell: Key
    possible: int  # how many values its range still spans: 1 means exactly disclosed
    of: int  # how many the `*` alone leaves (the threshold less one)
    relation: str | None  # the relation that alone narrows it so far; None: several together
    where: Location

    @property
    def exact(self) -> bool:
        """Whether the cell's value is fully determined."""
        return self.possible == 1


@dataclass(frozen=True, slots=True)
class Result:
    """The audit of a release: the ranges of its hidden counts and what could not be solved."""

    system: System
    ranges: dict[int, Range]
    contradictions: list[int]  # a cell of each component whose relations contradict

    def findings(self) -> list[Finding]:
        """Every count narrowed below its whole range, in key order."""
        found = []
        for cell, found_range in self.ranges.items():
            info = self.system.cells[cell]
            possible = found_range.high - found_range.low + 1
            if possible < info.threshold - 1:
                found.append(self._finding(cell, info, possible, found_range.relation))
        return sorted(found, key=lambda f: f.cell)

    def _finding(self, cell: int, info: Variable, possible: int, relation: int | None) -> Finding:
        label = None if relation is None else self.system.relations[relation].label
        where = self.system.places[cell] or Location("")
        return Finding(info.key, possible, info.threshold - 1, label, where)


def examine(system: System) -> Result:
    """Solve every component of hidden counts of a system."""
    ranges, contradictions = solve_all(system)
    return Result(system, ranges, contradictions)


def audit(
    cube: Cube, additive: frozenset[str], decimals: Mapping[str, int] | None = None
) -> list[Finding]:
    """Every suppressed monthly count that the published relations narrow or disclose.

    Args:
        cube: The cube as it would be published.
        additive: The dimensions whose codes split their parent.
        decimals: The decimals each report (by source) printed its averages with.
    """
    return examine(build(cube, additive, decimals)).findings()


def warnings(
    cube: Cube, additive: frozenset[str], decimals: Mapping[str, int] | None = None
) -> list[Notice]:
    """The audit's warnings for a build: every finding, and relations that contradict."""
    result = examine(build(cube, additive, decimals))
    return [*notices(result.findings(), cube.key), *contradiction_notices(result)]


def notices(findings: list[Finding], key: tuple[str, ...]) -> list[Notice]:
    """The findings as warnings: the cell, how far it is narrowed, and by what."""
    return [Notice(_message(f, key), f.where) for f in findings]


def contradiction_notices(result: Result) -> list[Notice]:
    """A warning for each component whose published relations admit no values at all."""
    key = result.system.key
    return [
        Notice(
            f"disclosure: the published relations around suppressed cell"
            f" {name(result.system.cells[cell].key, key)} contradict each other; not audited",
            result.system.places[cell] or Location(""),
        )
        for cell in result.contradictions
    ]


def name(cell: Key, key: tuple[str, ...]) -> str:
    """A cell by its codes, totals left out."""
    return " ".join(f"{k}={v}" for k, v in zip(key, cell, strict=True) if v != "_T")


def _message(finding: Finding, key: tuple[str, ...]) -> str:
    extent = (
        "is exactly determined"
        if finding.exact
        else f"can take only {finding.possible} of its {finding.of} possible values"
    )
    by = (
        f"the {finding.relation}"
        if finding.relation is not None
        else "the margins and year-to-date averages it takes part in, together"
    )
    return f"disclosure: suppressed cell {name(finding.cell, key)} {extent} by {by}"


def suppress_secondary(
    cube: Cube, additive: frozenset[str], decimals: Mapping[str, int] | None = None
) -> tuple[Cube, list[Notice]]:
    """Suppress the fewest further cells so that every ``*`` keeps its whole range.

    Each cell suppressed (value removed, OBS_STATUS Q, CONF_STATUS D) comes with a notice
    that names it and the count it protects; see :func:`publisher.disclosure.protect.protect`.
    """
    return protect(cube, lambda current: build(current, additive, decimals))
