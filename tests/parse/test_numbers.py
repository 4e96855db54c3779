"""Reading printed values, with and without their thousands separators."""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import combinations, pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# A value as the docstring of `groupings` defines it, written out independently: `*`, a lone
# number without a leading zero, or a first group of 1-3 digits and groups of three.
_ONE_VALUE = re.compile(r"\*|0(?:,\d+)?|[1-9]\d*(?:,\d+)?|[1-9]\d{0,2}(?: \d{3})+(?:,\d+)?")
_TOKENS = st.sampled_from(["*", "0", "1", "12", "123", "234", "1,5", "234,5", "07", "1234"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_TOKENS, min_size=1, max_size=9), st.integers(1, 9))
def test_groupings_are_every_cut_that_makes_values(tokens: list[str], count: int) -> None:
    # Brute force: every way to cut the tokens into `count` runs, in the order of the cuts.
    expected = []
    for cuts in combinations(range(1, len(tokens)), count - 1):
        bounds = (0, *cuts, len(tokens))
        values = tuple(" ".join(tokens[a:b]) for a, b in pairwise(bounds))
        if all(_ONE_VALUE.fullmatch(v) for v in values):
            expected.append(values)
    assert groupings(tuple(tokens), count) == expected
