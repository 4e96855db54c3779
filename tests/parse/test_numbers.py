"""Reading printed values, with and without their thousands separators."""

from __future__ import annotations

from decimal import Decimal

import pytest

from publisher.model import Cell
from publisher.parse.numbers import groupings, keeps_separators, to_cell


@pytest.mark.parametrize(
    ("printed", "cell"),
    [
        ("425", Cell(425)),
        ("3\u00a0567", Cell(3567)),
        ("1\u202f234\u202f567", Cell(1234567)),
        ("12\u2009345", Cell(12345)),
        ("0", Cell(0)),
        ("1\u00a0234,5", Cell(Decimal("1234.5"))),
        ("*", Cell.suppressed()),
    ],
)
def test_to_cell(printed: str, cell: Cell) -> None:
    assert to_cell(printed) == cell


def test_keeps_separators() -> None:
    assert keeps_separators("I alt 3\u00a0567 3\u00a0567")
    assert keeps_separators("x 1\u202f000")
    assert not keeps_separators("I alt 3 567 3 567")
    assert not keeps_separators("Kilde: NAV\u00a0TILT150")  # a no-break space, not between digits


@pytest.mark.parametrize(
    ("tokens", "count", "readings"),
    [
        ("3 567 3 567", 2, [("3 567", "3 567")]),
        ("425 425", 2, [("425", "425")]),
        ("* *", 2, [("*", "*")]),
        ("* 4 *", 3, [("*", "4", "*")]),
        ("12 345 678", 2, [("12", "345 678"), ("12 345", "678")]),
        ("1 005 1 000 1 010", 3, [("1 005", "1 000", "1 010")]),  # no value starts with 0
        ("1 234 567 8", 2, [("1 234 567", "8")]),
        ("1 234,5 1 234", 2, [("1 234,5", "1 234")]),
        ("425 425 425", 2, [("425", "425 425"), ("425 425", "425")]),
        ("42 42 42", 2, []),
        ("4 *", 3, []),
    ],
)
def test_groupings(tokens: str, count: int, readings: list[tuple[str, ...]]) -> None:
    assert groupings(tuple(tokens.split(" ")), count) == readings
