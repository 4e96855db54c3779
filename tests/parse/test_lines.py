"""Kinds of line: the furniture a program prints around a page."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.parse.lines import FOOTER, is_furniture


@settings(max_examples=500, deadline=None)
@given(st.from_regex(FOOTER))
def test_every_line_the_footer_pattern_finds_is_furniture(text: str) -> None:
    # is_furniture tests a few substrings before the pattern; none may turn a match away.
    assert is_furniture(text)


def test_table_rows_are_not_furniture() -> None:
    assert not is_furniture("0301 Oslo 1\u00a0234 1\u00a0200 *")
    assert not is_furniture("I alt avklaring 4\u00a0167 3\u00a0758")
    assert is_furniture("Side 1 av 2Kilde: NAV Fotnote")
    assert is_furniture("1.12.2026, 10:15")
    assert is_furniture("https://nav.no/statistikk 2/3")
