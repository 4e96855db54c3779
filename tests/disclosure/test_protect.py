"""Secondary suppression against brute force: every `*` keeps its whole range after it."""

from __future__ import annotations

import itertools
from dataclasses import replace
from decimal import Decimal

import pytest

from publisher.checking.consistency import check_hierarchies
from publisher.disclosure.audit import audit, examine, suppress_secondary
from publisher.disclosure.system import build, printed_decimals
from tests.disclosure.cases import THRESHOLD, brute_force, crafted
from tests.disclosure.test_brute_force import (
    DECIMALS,
    LIKE_1820,
    TOGETHER,
    Rows,
    _additive,
    _cube,
)


@pytest.mark.parametrize(
    ("rows", "months", "decimals"),
    [(LIKE_1820, 3, 0), (TOGETHER, 3, 0), (DECIMALS, 6, 1)],
    ids=["like-1820", "together", "decimals"],
)
def test_after_suppression_no_hidden_count_is_narrowed(
    rows: Rows, months: int, decimals: int
) -> None:
    reports = [crafted(rows, months, decimals)]
    cube = _cube(reports)
    places = printed_decimals(reports)
    assert audit(cube, _additive(), places)
    protected, notes = suppress_secondary(cube, _additive(), places)
    ranges = brute_force(protected, decimals)
    # Where Nav's own `*` cells narrow a count, no suppression of ours can widen it: the
    # build says so, and only that end stays narrowed.
    kept = {
        (cell, "low" if "at its low end" in n.message else "high")
        for n in notes
        for cell in ranges
        if "stays narrowed" in n.message and f"AGE={cell[0]} " in n.message
        and f"TIME_PERIOD={cell[1]} " in n.message
    }  # fmt: skip
    assert ranges
    for cell, (low, high) in ranges.items():
        assert low == 1 or (cell, "low") in kept, cell
        assert high == THRESHOLD - 1 or (cell, "high") in kept, cell
    assert len(audit(protected, _additive(), places)) == len({cell for cell, _ in kept})
    ours = protected.data[protected.data["CONF_STATUS"] == "D"]
    assert len(ours) == len([n for n in notes if "suppressed (CONF_STATUS D)" in n.message])
    assert ours["OBS_VALUE"].isna().all()


def test_nav_s_own_pattern_is_named_not_hidden() -> None:
    reports = [crafted(TOGETHER, 3)]
    _, notes = suppress_secondary(_cube(reports), _additive(), printed_decimals(reports))
    # `4 * 4` with the average `*`: the hidden month is at most 2 whatever we suppress,
    # since a cell we suppress is at least 4. By brute force over the row alone, its
    # other months printed or ours (4 and up), its average rounding under 4:
    possible = {
        hidden
        for first, hidden, last in itertools.product(range(4, 20), range(1, 4), range(4, 20))
        if Decimal(first + hidden + last) / 3 < Decimal("3.5")
    }
    assert max(possible) == 2 and min(possible) == 1
    assert [n.message for n in notes if "stays narrowed" in n.message] == [
        "secondary suppression: FAMILY=TILT150 TILTAK=AVKLARAG AGE=Y_LT20 MEASURE=PARTICIPANTS"
        " TIME_PERIOD=2025-02 stays narrowed at its high end: the cells Nav suppressed narrow"
        " it, whatever else is suppressed"
    ]


def test_the_hierarchy_check_knows_our_cells_are_at_least_the_threshold() -> None:
    reports = [crafted(LIKE_1820, 3)]
    protected, _ = suppress_secondary(_cube(reports), _additive(), printed_decimals(reports))
    assert not [n for n in check_hierarchies(protected, _additive()) if "fit" in n.message]


@pytest.mark.parametrize("decimals", [0, 1])
def test_a_merged_series_is_protected_against_every_average_of_every_report(
    decimals: int,
) -> None:
    # Three reports (February to April): each month's hidden count sits under three
    # averages, each with the months its own report printed.
    rows = {
        "19 år og under": [5, 3, 6, 4],
        "20-24 år": [6, 7, 5, 7],
        "30-39 år": [40, 41, 43, 39],
    }
    reports = [crafted(rows, months, decimals) for months in (2, 3, 4)]
    cube = _cube(reports)
    places = printed_decimals(reports)
    assert brute_force(cube, decimals) == {("Y_LT20", "2025-02"): (3, 3)}
    protected, notes = suppress_secondary(cube, _additive(), places)
    assert brute_force(protected, decimals) == {("Y_LT20", "2025-02"): (1, THRESHOLD - 1)}
    assert not audit(protected, _additive(), places)
    assert all("keeps its whole range" in n.message for n in notes)


def test_a_margin_its_printed_parts_contradict_keeps_its_cells_printed() -> None:
    # An age row the report leaves out (ten people in March) makes March's total more
    # than its printed rows: that margin is left out. Suppressing a March row would hide
    # the contradiction and let the false margin back in; the protection finds another way.
    rows = {**LIKE_1820, "60 år og over": [0, 0, 10]}
    report = crafted(rows, 3)
    ages = report.tables[1]
    block = replace(ages.blocks[0], rows=ages.blocks[0].rows[:-1])
    report = replace(report, tables=(report.tables[0], replace(ages, blocks=(block,))))
    cube = _cube([report])
    places = printed_decimals([report])
    before = examine(build(cube, _additive(), places))
    assert before.findings() and not before.contradictions
    protected, _ = suppress_secondary(cube, _additive(), places)
    ours = protected.data[protected.data["CONF_STATUS"] == "D"]
    months = ours[ours["MEASURE"] == "PARTICIPANTS"]
    assert len(months) and (months["TIME_PERIOD"] != "2025-03").all(), months
    after = examine(build(protected, _additive(), places))
    assert not after.contradictions and not after.findings()
