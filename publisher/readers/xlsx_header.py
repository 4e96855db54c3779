"""A workbook table's column header, found by what its cells mean, not where they are.

The header names the year-to-date average ("Gjennomsnitt hittil i år") and the months of
the period. Workbooks write them in many ways: the average in any case, broken over lines
in its cell or over two rows; a month as "Januar", "januar 2026", "2026-01", "2026M01" or
a date cell; the year in a row of its own above or below the months. So each cell is read
for its meaning, and a header is one row that names the average and at least one month
right of it, or two rows that do so together.

Two rows are read as one header only when neither holds a number other than a year and
the second holds nothing but header words (a label column's heading may stand left of the
average), and only when it takes both: the row above a complete header (a block's own
label, say) is never swallowed by it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from publisher.readers.wording import AVERAGE_HEADER, AVERAGE_LETTERS, MONTH_NAMES, month_number

_YEAR = re.compile(r"^(?:19|20)\d\d$")
_YEAR_MONTH = re.compile(r"^(?:19|20)\d\d ?(?:-|/|\.|m) ?(?P<month>\d{1,2})$", re.IGNORECASE)
_SOFT_HYPHEN = "\u00ad"

Row = Sequence[object]


@dataclass(frozen=True, slots=True)
class Header:
    """Where a table's values are: the average's column and each month's (0-based)."""

    average: int
    months: tuple[tuple[int, int], ...]  # (column, month 1–12), left to right
    height: int = 1  # rows the header takes

    @property
    def columns(self) -> tuple[int, ...]:
        """The value columns, the average first."""
        return (self.average, *(column for column, _ in self.months))

    def names(self) -> tuple[str, ...]:
        """The value columns' names as the grammar reads them."""
        return (AVERAGE_HEADER, *(MONTH_NAMES[m - 1].capitalize() for _, m in self.months))

    def line(self) -> str:
        """The header as one line of the report grammar."""
        return " ".join(self.names())


def find_header(row: Row, following: Row | None) -> Header | None:
    """The header that starts at ``row``, if it starts there.

    Args:
        row: The cell values of a row.
        following: The cell values of the next row, if there is one.
    """
    alone = _header([row])
    if following is not None and _joinable(row, following, alone):
        both = _header([row, following])
        left_free = both.average if both is not None and alone is None else 0
        if both is not None and all(_header_word(_text(v)) for v in following[left_free:]):
            return Header(both.average, both.months, height=2)
    return alone


def _joinable(row: Row, following: Row, alone: Header | None) -> bool:
    if _holds_number(row) or _holds_number(following) or not any(map(_text, following)):
        return False
    # A second row that is a header by itself starts the header: the row above is not part.
    return alone is not None or _header([following]) is None


def _header(rows: Sequence[Row]) -> Header | None:
    width = max(len(row) for row in rows)
    texts = [" ".join(filter(None, (_text(_at(row, j)) for row in rows))) for j in range(width)]
    average = next((j for j, text in enumerate(texts) if _is_average(text)), None)
    if average is None:
        return None
    months = tuple(
        (j, month) for j in range(average + 1, width) if (month := _month(texts[j])) is not None
    )
    return Header(average, months) if months else None


def _at(row: Row, column: int) -> object:
    return row[column] if column < len(row) else None


def _text(value: object) -> str:
    """A header cell's words: a date cell names its month and year."""
    if isinstance(value, date):
        return f"{MONTH_NAMES[value.month - 1]} {value.year}"
    if isinstance(value, str):
        return " ".join(value.replace(_SOFT_HYPHEN, "").split())
    year = _year(value)
    return str(year) if year is not None else ""


def _year(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    if value != int(value) or not _YEAR.match(str(int(value))):
        return None
    return int(value)


def _holds_number(row: Row) -> bool:
    """Whether a cell holds a number that is not a year: a data row's, not a header's."""
    return any(
        _year(value) is None
        for value in row
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool)
    )


def _words(text: str) -> list[str]:
    """The text's words, years left out."""
    return [word for word in text.split() if not _YEAR.match(word)]


def _letters(words: list[str]) -> str:
    return "".join(words).lower().replace("-", "")


def _is_average(text: str) -> bool:
    return _letters(_words(text)) == AVERAGE_LETTERS


def _month(text: str) -> int | None:
    """The month a header cell names: "Januar", "januar 2026", "2026-01", "2026M01"."""
    if match := _YEAR_MONTH.match(text):
        number = int(match["month"])
        return number if 1 <= number <= 12 else None
    words = _words(text)
    return month_number(words[0]) if len(words) == 1 else None


def _header_word(text: str) -> bool:
    """Whether a cell could be part of a header: empty, years, a month, part of the average."""
    words = _words(text)
    return not words or _month(text) is not None or _letters(words) in AVERAGE_LETTERS
