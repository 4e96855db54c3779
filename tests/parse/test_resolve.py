"""Rows read more than one way are settled by their block's `I alt` row, or refused."""

from __future__ import annotations

import pytest

from publisher.errors import InputError, Location
from publisher.parse.resolve import build_table
from publisher.parse.rows import RawRow, RawTable

HERE = Location("t.txt", 1, 1)


def _row(label: str, *candidates: tuple[str, ...]) -> RawRow:
    return RawRow(label, None, list(candidates), " ".join(candidates[0]), HERE)


def _table(*rows: RawRow) -> RawTable:
    table = RawTable("Tiltak og kjønn", HERE)
    for row in rows:
        table.add(row)
    return table


def test_the_reading_that_adds_up_to_the_total_wins() -> None:
    table = build_table(
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
    table = build_table(
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
        build_table(raw)
    message = str(caught.value)
    assert "thousands separators are lost" in message
    assert "'Kvinner' reads 12 | 345 678 or 12 345 | 678" in message
    assert "more than one reading" in message


def test_a_block_that_adds_up_no_way_is_refused() -> None:
    raw = _table(
        _row("I alt avklaring", ("5", "5")),
        _row("Kvinner", ("12", "345 678"), ("12 345", "678")),
    )
    with pytest.raises(InputError, match="no reading of the block adds up"):
        build_table(raw)
