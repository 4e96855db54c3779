"""Values are written the same way in every file, never in exponent form."""

from __future__ import annotations

import pytest

from publisher.merging.cube import number_text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (3567.0, "3567"),
        (0.0, "0"),
        (1_234_567.0, "1234567"),
        (1_234_567.5, "1234567.5"),
        (12.25, "12.25"),
        (0.1, "0.1"),
    ],
)
def test_number_text(value: float, text: str) -> None:
    assert number_text(value) == text
