"""Excel number formats shown as Excel shows them, with Norwegian separators; the rest refused.

The expected texts are what Excel shows (with a no-break space for its thousands separator
and a comma for its decimal point, as a Norwegian Excel does).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from publisher.readers.numfmt import FormatError, display_number, display_text
from publisher.readers.wording import group_thousands as group

NB = "\u00a0"

SHOWN = [
    # Nav's way of hiding small counts, and the way the generator writes its numbers.
    ('[<4]"*";#,##0', 0, "*"),
    ('[<4]"*";#,##0', 3, "*"),
    ('[<4]"*";#,##0', 3.99, "*"),
    ('[<4]"*";#,##0', 4, "4"),
    ('[<4]"*";#,##0', 4216, f"4{NB}216"),
    ('[<=3]"*";#,##0', 3, "*"),
    ('[Red][<4]"*";#,##0', 1, "*"),
    ('[$-414][<4]"*";#,##0.0', 2.5, "*"),
    ('[$-414][<4]"*";#,##0.0', 3545.66, f"3{NB}545,7"),
    ("[>=1000]#,##0;0", 12345, f"12{NB}345"),
    ("[>=1000]#,##0;0", 999, "999"),
    ('[<4]"*";[<10]"few";#,##0', 5, "few"),
    ('[<4]"*";[<10]"few";#,##0', 10, "10"),
    ("[$-414]#,##0", 4216, f"4{NB}216"),
    ("[$-414]#,##0.0", 322, "322,0"),
    ("[$kr-414] #,##0.00", 1234567.891, f"kr 1{NB}234{NB}567,89"),
    # Rounding: half away from zero, on the 15 digits Excel keeps.
    ("#,##0", 3545.666666666667, f"3{NB}546"),
    ("#,##0", 2.5, "3"),
    ("0", 3.5, "4"),
    ("0.0", 3.25, "3,3"),
    ("0.00", 2.675, "2,68"),
    ("#,##0.00", 1234.5, f"1{NB}234,50"),
    ("0.0#", 3.25, "3,25"),
    ("0.0#", 3, "3,0"),
    ("#.##", 3, "3,"),
    ("#,###", 0, ""),
    ("000", 7, "007"),
    ("#,##0", Decimal("1234567"), f"1{NB}234{NB}567"),
    # General: at most ten significant digits, as in a column of standard width.
    ("General", 4216, "4216"),
    ("General", 322.0, "322"),
    ("General", 3545.666666666667, "3545,666667"),
    ("General", 0.1 + 0.2, "0,3"),
    ("general", 0.000125, "0,000125"),
    ('General" stk"', 7, "7 stk"),
    # Sections: positive; negative (its own sign); zero; text.
    ('#,##0;-#,##0;"-"', 0, "-"),
    ("#,##0;[Red]-#,##0", -1234, f"-1{NB}234"),
    ("#,##0;(#,##0)", -5, "(5)"),
    ("#,##0", -5, "-5"),
    ('"*"', -5, "-*"),
    ("0;;", -5, ""),
    ('_-* #,##0_-;-* #,##0_-;_-* "-"_-;_-@_-', 4216, f" 4{NB}216 "),
    # Literal text.
    ('0\\ "stk"', 7, "7 stk"),
    ('"n="0', 5, "n=5"),
    ("@", 7, "7"),
]


@pytest.mark.parametrize(("code", "value", "shown"), SHOWN)
def test_a_number_shows_as_excel_shows_it(code: str, value: float, shown: str) -> None:
    assert display_number(value, code) == shown


@pytest.mark.parametrize(
    ("code", "text", "shown"),
    [
        ("General", "abc", "abc"),
        ('[<4]"*";#,##0', "2", "2"),  # a text cell is not a number: numeric sections pass
        ('0;0;0;"["@"]"', "abc", "[abc]"),
        (';;;"*"', "2", "*"),
        ('#,##0;"x";@" stk"', "7", "7 stk"),
    ],
)
def test_text_shows_through_the_text_section(code: str, text: str, shown: str) -> None:
    assert display_text(text, code) == shown


REFUSED = [
    ("0.00E+00", 2, "scientific"),
    ('[<4]"*";0.0E+00', 2, "scientific"),  # refused even where "*" would be shown
    ("# ?/?", 2.5, "'?'"),
    ("0 ??", 3, "'?'"),
    ("dd.mm.yyyy", 2, "date"),
    ("mmm yy", 2, "date"),
    ("h:mm AM/PM", 0.5, "date"),
    ("[h]:mm", 1, "elapsed time"),
    ("0%", 0.5, "percentage"),
    ("#,##0,", 5000, "scales"),
    ('0" "000', 1234, "between its digit placeholders"),
    ("*-0", 5, "fills"),
    ('[<4]"*"', 50, "does not meet"),
    ('[<4]"*";[<10]"few"', 50, "neither"),
    ('#,##0;[<4]"*"', 3, "the first has none"),
    ('[<4]"*";#,##0;"zero"', 3, "only the first"),
    ("0;0;0;0;0", 3, "four sections"),
    ("@;0;0;0", 3, "'@'"),
    ("0@", 3, "text section"),
    ("General", 123456789012, "scientific"),
    ("General", 0.00001, "scientific"),
    ("#,##0", 1e15, "15 digits"),
]


@pytest.mark.parametrize(("code", "value", "why"), REFUSED)
def test_a_format_outside_the_subset_is_refused(code: str, value: float, why: str) -> None:
    with pytest.raises(FormatError, match=why) as caught:
        display_number(value, code)
    assert str(value) not in str(caught.value)  # the message never shows the number


def test_a_text_section_with_digits_is_refused() -> None:
    with pytest.raises(FormatError, match="text section"):
        display_text("x", "0;0;0;0")


@pytest.mark.parametrize(
    ("digits", "grouped"),
    [("", ""), ("7", "7"), ("216", "216"), ("4216", f"4{NB}216"), ("1234567", f"1{NB}234{NB}567")],
)
def test_group(digits: str, grouped: str) -> None:
    assert group(digits) == grouped
