"""What a workbook cell shows, written the way the report grammar reads a printed value.

A value cell is read as the sheet shows it: a number through its number format
(:mod:`publisher.readers.numfmt`), so a count kept as 2 under ``[<4]"*";#,##0`` reads as
``*`` and an average kept unrounded reads as rounded. The shown text is then written as
Nav's PDFs print numbers: a no-break space between thousands, a decimal comma, ``*`` for a
hidden count. A number stored as text is read as Nav prints numbers too (``4216``,
``4 216``); ``4,216`` is refused, since an English thousands comma and a Norwegian decimal
comma cannot be told apart there.

Messages say what the cell shows, never what it keeps: a cell that shows ``*`` keeps a
count that must not leave the file.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from publisher.readers.numfmt import display_number, display_text
from publisher.readers.wording import DECIMAL, GROUP_SEPARATORS, THOUSANDS, group_thousands

SUPPRESSED = "*"
EXPECTED = "expected a count, a decimal with a comma, or '*'"

# As this reader's formatter shows a number: grouped by no-break spaces, decimal comma.
_SHOWN = re.compile(rf"^(?P<whole>\d*(?:{THOUSANDS}\d{{3}})*){DECIMAL}?(?P<places>\d*)$")
# As a person types a number: grouped by any kind of space, or not at all.
_TYPED = re.compile(
    rf"^(?P<whole>\d{{1,3}}(?:[ {GROUP_SEPARATORS}]\d{{3}})+|\d+)(?:,(?P<places>\d+))?$"
)
_THOUSANDS_OR_DECIMALS = re.compile(r"^\d{1,3},\d{3}$")
_SPACES = " " + GROUP_SEPARATORS


class CellError(ValueError):
    """A value cell that does not show a number or ``*``; the message says what it shows."""


Value = int | float | Decimal | str | bool | datetime | date | time | timedelta | None


def value_text(value: Value, number_format: str) -> str:
    """The value cell as the grammar reads it: ``*``, or the shown number, grouped.

    Raises:
        CellError: The cell is empty, or shows something else than a number or ``*``.
        FormatError: The cell's number format is one :mod:`numfmt` does not apply.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise CellError(f"is empty; {EXPECTED}")
    if isinstance(value, bool | datetime | date | time | timedelta):
        raise CellError(f"holds a {type(value).__name__}; {EXPECTED}")
    if isinstance(value, str):
        return _typed(display_text(value, number_format))
    shown = display_number(value, number_format).strip(" ")
    if shown == SUPPRESSED:
        return SUPPRESSED
    if value < 0:
        raise CellError(f"holds a negative number, shown as {_quoted(shown)}; {EXPECTED}")
    match = _SHOWN.match(shown)
    if match is None or not (match["whole"] or match["places"]):
        raise CellError(f"shows {_quoted(shown)}; {EXPECTED}")
    return _canonical(match["whole"], match["places"])


def plain_text(value: Value, number_format: str) -> str:
    """Any other cell as the sheet shows it; a date as ``DD.MM.YYYY``.

    Raises:
        FormatError: A number's format is one :mod:`numfmt` does not apply.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return display_text(value, number_format).strip()
    if isinstance(value, datetime) and value.time() == time():
        value = value.date()
    if isinstance(value, date):
        # The grammar's dates ("Rapport oppdatert: 02.02.2026"), whatever the cell's format.
        return f"{value:%d.%m.%Y}"
    if isinstance(value, bool | datetime | time | timedelta):
        return str(value)
    return display_number(value, number_format).strip(" ")


def _typed(text: str) -> str:
    text = text.strip(_SPACES + "\t\r\n")
    if text == SUPPRESSED:
        return SUPPRESSED
    if _THOUSANDS_OR_DECIMALS.match(text):
        raise CellError(
            f"shows {_quoted(text)} as text: its comma may separate thousands or decimals;"
            " write the count without a comma (4216 or 4 216), or keep it as a number"
        )
    match = _TYPED.match(text)
    if match is None:
        raise CellError(f"shows {_quoted(text)}; {EXPECTED}")
    return _canonical(match["whole"], match["places"] or "")


def _canonical(whole: str, places: str) -> str:
    digits = str(int(re.sub(r"\D", "", whole) or "0"))
    return group_thousands(digits) + (DECIMAL + places if places else "")


def _quoted(text: str) -> str:
    """The text quoted for a message, its no-break spaces as the spaces they look like."""
    return repr(" ".join(text.split()))
