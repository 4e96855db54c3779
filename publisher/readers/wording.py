"""The words of a Nav report's column header, recognised however a renderer wraps them.

A table's column header is "Gjennomsnitt hittil i år" (the year-to-date average) and one
month name per month column. Programs wrap the average's narrow cell wherever its width and
font make them: Nav's PDFs print "Gjennom" / "snitt hittil" / "i år", LibreOffice breaks
inside words ("Gjen" / "nomsnitt …", "Gjennoms" / "nitt hittil" / "i år") and a wide column
holds it on one line. So the header is recognised by its letters, not its line breaks: a
line is part of it when each word is a month name (possibly with its year) or a piece of the
average's text, and the pieces of consecutive lines spell that text out in order.

Readers and the report grammar both ask this module; it imports nothing of either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MONTH_NAMES = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip

AVERAGE_HEADER = "Gjennomsnitt hittil i år"
# The average's letters, lower case, without spaces: what its wrapped pieces spell.
AVERAGE_LETTERS = AVERAGE_HEADER.lower().replace(" ", "")
SOFT_HYPHEN = "\u00ad"

# Every page of a report starts with it. Nav wrote "NAV" until 2022 and "Nav" since.
PAGE_HEADER = re.compile(r"^Kilde: (?i:nav) (?P<id>[A-ZÆØÅ]+\d+) (?P<title>.+)$")
# The line under it that names the section (the table) and the report's update date.
SECTION = re.compile(r"^(?P<title>.+?) ?Rapport oppdatert: ?(?P<date>\d{1,2}\.\d{1,2}\.\d{4})$")

_MONTH_NUMBERS = {name: number for number, name in enumerate(MONTH_NAMES, start=1)}
_YEAR = re.compile(r"^(?:19|20)\d\d$")


# How the grammar reads a number: U+00A0 between thousands (the one separator that cannot
# be taken for the space between columns), a decimal comma; the separators programs print.
THOUSANDS = "\u00a0"
DECIMAL = ","
GROUP_SEPARATORS = "\u00a0\u202f\u2009"


def group_thousands(digits: str) -> str:
    """Digits with a no-break space between thousands: ``4216`` → ``4\u00a0216``."""
    head = len(digits) % 3 or 3
    groups = [digits[:head], *(digits[i : i + 3] for i in range(head, len(digits), 3))]
    return THOUSANDS.join(groups)


def month_number(name: str) -> int | None:
    """1–12 for a Norwegian month name in any case, None for any other word."""
    return _MONTH_NUMBERS.get(name.lower())


@dataclass(frozen=True, slots=True)
class HeaderWords:
    """What a line of the column header holds.

    ``letters`` is the part of the average's text it prints (lower case, no spaces, soft
    hyphens or line-end hyphen), ``months`` the month numbers it names, left to right.
    """

    letters: str
    months: tuple[int, ...]

    @property
    def starts(self) -> bool:
        """Whether this line can open a header: the average's first letters, or months only.

        No label of a Nav table starts as "Gjennomsnitt" does, so even "G" may open one.
        """
        if not self.letters:
            return bool(self.months)
        return AVERAGE_LETTERS.startswith(self.letters)

    def continues(self, letters: str) -> str | None:
        """The average's letters read so far with this line's, if they still spell it."""
        joined = letters + self.letters
        return joined if AVERAGE_LETTERS.startswith(joined) else None


def header_words(text: str) -> HeaderWords | None:
    """The line as part of the column header, if every word of it can be.

    A year may stand beside the words ("Januar 2026", or "år 2026" where a year wrapped
    under its month); every other word must be a piece of "Gjennomsnitt hittil i år", and
    the pieces together one stretch of it.
    """
    text = text.replace(SOFT_HYPHEN, "")
    first = text.split(None, 1)
    if first and _header_word(first[0]) is None:
        return None  # most lines: a table row's label or value; its first word tells
    letters: list[str] = []
    months: list[int] = []
    for word in text.split():
        kind = _header_word(word)
        if kind is None:
            return None  # a row's label or value further on; a period's dash
        if isinstance(kind, int):
            months.append(kind)
        elif kind:
            letters.append(kind)
    joined = "".join(letters)
    if not months and not joined:
        return None
    if joined and joined not in AVERAGE_LETTERS:
        return None
    return HeaderWords(joined, tuple(months))


@lru_cache(maxsize=4096)
def _header_word(word: str) -> int | str | None:
    """What one word of a header line is, None for a word no header line holds.

    A month's number, ``""`` for a year (it adds no letters), or the word's piece of the
    average's letters. Cached: a report repeats its labels and month names on every page.
    """
    month = month_number(word)
    if month is not None:
        return month
    if _YEAR.match(word):
        return ""
    piece = word.lower().rstrip("-")
    return piece if piece and piece in AVERAGE_LETTERS else None
