"""Rows read more than one way are settled by their block's `I alt` row, or refused."""

from __future__ import annotations

import pytest

from publisher.errors import InputError, Location
from publisher.family.spec import SectionSpec, spec_for
from publisher.model import Table
from publisher.parse.numbers import to_cell
from publisher.parse.resolve import build_table
from publisher.parse.rows import RawRow, RawTable, Rule

HERE = Location("t.txt", 1, 1)
SPEC = spec_for("TILT150")
assert SPEC is not None
SEX = SPEC.section("Tiltak og kjønn")
MEASURE = SPEC.section("Tiltak")
assert SEX is not None and SEX.additive and MEASURE is not None and not MEASURE.additive
COLUMNS = ("Gjennomsnitt hittil i år", "Januar 2026")


def _row(label: str, *candidates: tuple[str, ...]) -> RawRow:
    readings = [tuple(map(to_cell, c)) for c in candidates]
    return RawRow(label, None, readings, " ".join(candidates[0]), HERE)


def _table(*rows: RawRow, section: SectionSpec = SEX) -> RawTable:
    table = RawTable(section, HERE)
    for row in rows:
        table.add(row)
    return table


def _build(raw: RawTable) -> Table:
    return build_table(raw, Rule(SPEC.threshold, COLUMNS))


def test_the_reading_that_adds_up_to_the_total_wins() -> None:
    table = _build(
        _table(
            _row("I alt avklaring", ("2 400", "1 400")),
            _row("Kvinner", ("1 678", "678"), ("1", "678 678")),  # neither fits its average
            _row("Menn", ("722", "722")),
        )
    )
    (block,) = table.blocks
    assert [(r.label, r.average.value, r.months[0].value) for r in block.rows] == [
        ("Kvinner", 1678, 678),
        ("Menn", 722, 722),
    ]


def test_suppressed_cells_count_as_one_to_three() -> None:
    table = _build(
        _table(
            _row("I alt avklaring", ("1 680", "680")),
            _row("Kvinner", ("1", "678 678"), ("1 678", "678")),
            _row("Menn", ("*", "*")),
        )
    )
    assert table.blocks[0].rows[0].average.value == 1678


def test_a_block_that_adds_up_more_than_one_way_is_refused() -> None:
    raw = _table(
        _row("I alt avklaring", ("*", "*")),  # a suppressed total settles nothing
        _row("Kvinner", ("12", "345 678"), ("12 345", "678")),
    )
    with pytest.raises(InputError) as caught:
        _build(raw)
    message = str(caught.value)
    assert "thousands separators are lost" in message
    assert "'Kvinner' reads 12 | 345678 or 12345 | 678" in message
    assert "more than one reading" in message


def test_a_block_that_adds_up_no_way_is_refused() -> None:
    raw = _table(
        _row("I alt avklaring", ("5", "5")),
        _row("Kvinner", ("12", "345 678"), ("12 345", "678")),
    )
    with pytest.raises(InputError, match="no reading of the block adds up"):
        _build(raw)


def test_a_section_whose_rows_need_not_add_up_cannot_settle_a_reading() -> None:
    raw = _table(
        _row("I alt", ("2 400", "1 400")),
        _row("Avklaring", ("1 678", "678"), ("1", "678 678")),
        section=MEASURE,
    )
    with pytest.raises(InputError, match="need not add up"):
        _build(raw)


def test_a_block_short_of_its_total_is_refused_naming_only_printed_numbers() -> None:
    raw = _table(
        _row("I alt avklaring", ("1 400", "1 400")),
        _row("Kvinner", ("700", "700")),
        _row("Menn", ("*", "*")),
    )
    with pytest.raises(InputError) as caught:
        _build(raw)
    assert str(caught.value) == (
        "t.txt, page 1, line 1: rows do not add up to their 'I alt' row: in 'Gjennomsnitt"
        " hittil i år' the 2 rows under 'I alt avklaring' print 700 plus 1 suppressed cells"
        " (0–3 each), the 'I alt' row prints 1400: a page or row is missing or misread"
    )


def test_rows_that_need_not_add_up_are_not_checked() -> None:
    table = _build(
        _table(_row("I alt", ("100", "100")), _row("Avklaring", ("70", "70")), section=MEASURE)
    )
    assert table.blocks[0].rows[0].months[0].value == 70
