"""A table's value columns, found by the text of its column header however it wraps.

The header names the year-to-date average, "Gjennomsnitt hittil i år", and one month per
column. Programs wrap the average's narrow cell anywhere ("Gjen" / "nomsnitt …",
"Gjennoms" / "nitt hittil" / "i år"), set it in capitals, and align the cells at the top,
middle or bottom, so the month names may sit on any line of it. The header band is
therefore the run of consecutive lines whose words are month names (with a year, perhaps
wrapped onto a line of its own) or pieces of the average's text, and whose pieces spell
that text out in order (:mod:`publisher.readers.wording` decides what a line holds).

Each column's extent on the page is where its heading is printed: the average's is the span
of every piece of its text, a month's the span of its name and year. The reader places
numbers by these extents, never by their order in the content stream.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from publisher.readers.pdf.lines import SOFT_HYPHEN, Line, words
from publisher.readers.wording import (
    AVERAGE_HEADER,
    AVERAGE_LETTERS,
    HeaderWords,
    header_words,
    month_number,
)

# A header holds the average's text on at most four lines; a year may wrap below a month.
_MAX_BAND = 6
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# The letters a header line can start with: the average's, or a month's first.
_OPENING = frozenset("GgJjFfMmAaSsOoNnDd")
_YEARS_ONLY = HeaderWords("", ())
_MARKS_ONLY = re.compile(r"(?:^|\s)[^\w\s]+(?:\s|$)")  # a word without letters or digits


@dataclass(frozen=True, slots=True)
class Column:
    """A value column: its month (None for the average), heading and extent on the page."""

    month: int | None
    heading: str
    x0: float
    x1: float


@dataclass(frozen=True, slots=True)
class Columns:
    """A table's value columns, left to right as printed."""

    columns: tuple[Column, ...]
    pitches: tuple[float, ...] = ()  # between the header's lines: its cell's line pitch
    # Read by every row, so worked out once: each column's extent, where the average's
    # heading starts (label text ends before it), the columns in the grammar's order.
    boxes: tuple[tuple[float, float], ...] = field(init=False)
    left: float = field(init=False)
    average_end: float = field(init=False)  # where the average's heading ends
    order: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        averages = [i for i, c in enumerate(self.columns) if c.month is None]
        if len(averages) != 1 or len(self.columns) < 2:
            raise ValueError("a table has one average column and at least one month")
        months = (i for i, c in enumerate(self.columns) if c.month is not None)
        object.__setattr__(self, "boxes", tuple((c.x0, c.x1) for c in self.columns))
        object.__setattr__(self, "left", self.columns[averages[0]].x0)
        object.__setattr__(self, "average_end", self.columns[averages[0]].x1)
        object.__setattr__(self, "order", (averages[0], *months))

    @property
    def header(self) -> str:
        """The column header as the grammar reads it, on one line."""
        months = (c.heading for c in self.columns if c.month is not None)
        return " ".join((AVERAGE_HEADER, *months))


@dataclass(frozen=True, slots=True)
class Band:
    """A column header: its first and last line (indexes into the page's lines), columns."""

    first: int
    last: int
    columns: Columns


def find_bands(lines: list[Line]) -> list[Band]:
    """Every column header on the page, top to bottom."""
    bands: list[Band] = []
    index = 0
    while index < len(lines):
        band = _band_at(lines, index)
        if band is None:
            index += 1
        else:
            bands.append(band)
            index = band.last + 1
    return bands


def _band_at(lines: list[Line], first: int) -> Band | None:
    """The column header that starts at ``lines[first]``, if one does."""
    if not _may_open(lines[first].runs[0].text):
        return None  # most lines: decided by their first word
    opening = _heading_words(lines[first].text)
    if opening is None or not opening.starts:
        return None
    letters, months = "", 0
    for last in range(first, min(first + _MAX_BAND, len(lines))):
        found = _heading_words(lines[last].text)
        joined = found.continues(letters) if found is not None else None
        if found is None or joined is None:
            return None
        letters, months = joined, months + len(found.months)
        if letters == AVERAGE_LETTERS and months:
            last = _trailing_headings(lines, last)
            columns = _columns(lines[first : last + 1])
            return None if columns is None else Band(first, last, columns)
    return None


def _may_open(text: str) -> bool:
    """Whether a line starting with this text can open a header (a cheap first test)."""
    if text[0] not in _OPENING:
        return False
    word = text.split(" ", 1)[0].replace(SOFT_HYPHEN, "").rstrip("-").lower()
    return AVERAGE_LETTERS.startswith(word) or month_number(word) is not None


def _heading_words(text: str) -> HeaderWords | None:
    """What a line of the header holds, if it can be one.

    A year may stand anywhere (wrapped under its month, beside the average's last piece);
    a dash alone is no part of a heading ("Januar 2026 - Mars 2026" is the period line).
    """
    if _MARKS_ONLY.search(text):
        return None
    words = [word for word in text.split() if not _YEAR.match(word)]
    return header_words(" ".join(words)) if words else _YEARS_ONLY


def _trailing_headings(lines: list[Line], last: int) -> int:
    """The band's last line, taking in the lines below it that hold only months or years.

    No label of a table is a month name or a year, so such a line is a heading that wrapped
    or was aligned lower than the average's last line.
    """
    while last + 1 < len(lines):
        found = _heading_words(lines[last + 1].text)
        if found is None or found.letters:
            break
        last += 1
    return last


@dataclass(slots=True)
class _Heading:
    """A heading as the band is read: grows as the words of its column are found."""

    month: int | None
    text: str
    x0: float
    x1: float

    def add(self, text: str, x0: float, x1: float) -> None:
        self.text = f"{self.text} {text}" if self.text else text
        self.x0, self.x1 = min(self.x0, x0), max(self.x1, x1)

    def overlap(self, x0: float, x1: float) -> float:
        return min(self.x1, x1) - max(self.x0, x0)


def _columns(band: list[Line]) -> Columns | None:
    """The columns a header band names, each spanning its heading's words."""
    average = _Heading(None, "", float("inf"), float("-inf"))
    months: list[_Heading] = []  # left to right on each line
    for line in band:
        after_month = False
        for run in line.runs:
            for word in words(run):
                text = word.text.replace(SOFT_HYPHEN, "")
                month = month_number(text)
                if month is not None:
                    months.append(_Heading(month, text, word.x0, word.x1))
                elif _YEAR.match(text) and months:
                    # A year follows its month on the line, or wraps below it.
                    heading = months[-1] if after_month else _above(months, word.x0, word.x1)
                    heading.add(text, word.x0, word.x1)
                else:
                    average.add("", word.x0, word.x1)
                after_month = month is not None
    if average.x0 > average.x1 or not months:
        return None
    found = [Column(None, AVERAGE_HEADER, average.x0, average.x1)]
    found += [Column(h.month, h.text, h.x0, h.x1) for h in months]
    pitches = tuple(b.y - a.y for a, b in pairwise(band))
    try:
        return Columns(tuple(sorted(found, key=lambda column: column.x0)), pitches)
    except ValueError:
        return None


def _above(months: list[_Heading], x0: float, x1: float) -> _Heading:
    """The month heading a wrapped year sits under: the one it overlaps most."""
    return max(months, key=lambda heading: heading.overlap(x0, x1))
