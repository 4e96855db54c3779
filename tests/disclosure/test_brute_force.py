"""The audit's range of every hidden count against brute force over every completion."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from publisher.disclosure.audit import audit, examine
from publisher.disclosure.system import build, printed_decimals
from publisher.family.spec import spec_for
from publisher.mapping.observations import map_report
from publisher.merging.cube import Cube, merge
from publisher.model import Report
from tests.disclosure.cases import brute_force, crafted

Rows = Mapping[str, Sequence[int]]


def _additive() -> frozenset[str]:
    spec = spec_for("TILT150")
    assert spec is not None
    return spec.additive_dimensions


def _cube(reports: list[Report]) -> Cube:
    return merge([map_report(report) for report in reports])


def _ranges(cube: Cube, reports: list[Report]) -> dict[tuple[str, str], tuple[int, int]]:
    """The audit's ranges of the age table's hidden counts, by AGE code and month."""
    system = build(cube, _additive(), printed_decimals(reports))
    result = examine(system)
    at = {name: system.key.index(name) for name in ("AGE", "TIME_PERIOD")}
    return {
        (system.cells[c].key[at["AGE"]], system.cells[c].key[at["TIME_PERIOD"]]): (r.low, r.high)
        for c, r in result.ranges.items()
    }


# Rows like 1820's: `4 * 4` with the average 4 next to a second hidden February, so
# the month's total leaves both open and only the average gives the first away.
LIKE_1820 = {
    "19 år og under": [4, 3, 4],
    "20-24 år": [6, 2, 6],
    "30-39 år": [40, 41, 43],
    "50-59 år": [30, 29, 33],
}
# A total whose parts and averages pin cells only together: the first row's `*`
# average caps its February at 2, the second's average floors its own at 3, and the
# month's total leaves 4 for the two.
TOGETHER = {
    "19 år og under": [4, 1, 4],
    "20-24 år": [4, 3, 4],
    "30-39 år": [40, 41, 43],
}
# Six months printed with one decimal: the window is under one count wide.
DECIMALS = {
    "19 år og under": [5, 5, 3, 5, 5, 5],
    "20-24 år": [6, 7, 2, 6, 7, 6],
    "30-39 år": [40, 41, 43, 40, 41, 42],
}
# Two hidden months of one row and a hidden month elsewhere: nothing given away.
SAFE = {
    "19 år og under": [5, 2, 2, 6],
    "20-24 år": [6, 6, 2, 6],
    "25-29 år": [5, 5, 5, 5],
    "30-39 år": [40, 41, 43, 40],
}


@pytest.mark.parametrize(
    ("rows", "months", "decimals"),
    [(LIKE_1820, 3, 0), (TOGETHER, 3, 0), (DECIMALS, 6, 1), (SAFE, 4, 0), (LIKE_1820, 3, 1)],
    ids=["like-1820", "together", "decimals", "safe", "like-1820-decimals"],
)
def test_the_audit_finds_what_brute_force_finds(rows: Rows, months: int, decimals: int) -> None:
    reports = [crafted(rows, months, decimals)]
    cube = _cube(reports)
    assert _ranges(cube, reports) == brute_force(cube, decimals)


@pytest.mark.parametrize("decimals", [0, 1])
def test_a_merged_series_models_each_average_with_its_own_months(decimals: int) -> None:
    rows = {
        "19 år og under": [5, 3, 6, 4],
        "20-24 år": [6, 2, 5, 7],
        "30-39 år": [40, 41, 43, 39],
    }
    reports = [crafted(rows, months, decimals) for months in (2, 3, 4)]
    cube = _cube(reports)
    assert _ranges(cube, reports) == brute_force(cube, decimals)


def test_like_1820_the_average_gives_the_month_away_where_the_total_does_not() -> None:
    reports = [crafted(LIKE_1820, 3)]
    cube = _cube(reports)
    ranges = _ranges(cube, reports)
    assert ranges[("Y_LT20", "2025-02")] == (3, 3) and ranges[("Y20T24", "2025-02")] == (2, 2)
    findings = audit(cube, _additive(), printed_decimals(reports))
    by = {f.cell[cube.key.index("AGE")]: f for f in findings}
    assert sorted(by) == ["Y20T24", "Y_LT20"] and all(f.exact for f in findings)
    # The relation that narrowed it last is named: the average, then the month's total.
    assert by["Y_LT20"].relation == "year-to-date average of 2025-01 to 2025-03"
    assert by["Y20T24"].relation == "AGE margin of _T and its 4 parts"


def test_every_hidden_month_next_to_a_one_decimal_average_is_given_away() -> None:
    rows = {label: [*values[:2], 2, *values[3:]] for label, values in DECIMALS.items()}
    rows["30-39 år"] = [40, 41, 45, 40, 41, 42]  # February's total: one row absorbs it
    reports = [crafted(rows, 6, 1)]
    cube = _cube(reports)
    ranges = _ranges(cube, reports)
    assert ranges and all(low == high for low, high in ranges.values())
    assert ranges == brute_force(cube, 1)


def test_an_average_relates_to_the_months_its_own_report_printed() -> None:
    # February's report prints January as 5; March's revises it to 6. February's average
    # (4: a sum of 8) covers the 5, so February's hidden 3 is given away; with the
    # revised 6 it would seem to be 2, and March's average (4: 11 to 13) allows 1 to 3.
    rows = {"19 år og under": [5, 3, 4], "30-39 år": [40, 41, 43], "20-24 år": [6, 2, 6]}
    february = crafted(rows, 2)
    march = crafted({**rows, "19 år og under": [6, 3, 4]}, 3)
    cube = _cube([february, march])
    assert any(r.old_value == 5 and r.new_value == 6 for r in cube.revisions)
    ranges = _ranges(cube, [february, march])
    assert ranges[("Y_LT20", "2025-02")] == (3, 3)
