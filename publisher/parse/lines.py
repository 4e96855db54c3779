"""The kinds of line a Nav report page is made of, recognised one line at a time.

Lines are split into tokens at plain spaces and tabs only: a no-break space inside a
number (``3\u00a0567``) is a thousands separator and stays part of its token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from publisher.model import Month

MONTH_NAMES = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip

_MONTH_NUMBERS = {name: number for number, name in enumerate(MONTH_NAMES, start=1)}
_SPACES = re.compile(r"[ \t\r\f\v]+")
PAGE_HEADER = re.compile(r"^Kilde: NAV (?P<id>[A-ZÆØÅ]+\d+) (?P<title>.+)$")
SECTION = re.compile(r"^(?P<title>.+?) ?Rapport oppdatert: ?(?P<date>\d{1,2}\.\d{1,2}\.\d{4})$")
PERIOD = re.compile(r"^(?P<m1>[^\W\d]+) (?P<y1>\d{4}) ?- ?(?P<m2>[^\W\d]+) (?P<y2>\d{4})$")
FOOTER = re.compile(r"Side \d+ av \d+|^(Kilde: NAV )?Fotnote$")
_HEADER_WORDS = frozenset({"gjennom", "snitt", "gjennomsnitt", "hittil", "i", "år"})
_HEADER_START = frozenset({"gjennom", "gjennomsnitt"})
_HEADER_WORD = "|".join(sorted(_HEADER_WORDS.union(MONTH_NAMES), key=len, reverse=True))
_HEADER_LINE = re.compile(rf"(?i)(?:{_HEADER_WORD})(?: (?:{_HEADER_WORD}))*")


def normalise(raw: str) -> str:
    """The line with runs of plain spaces and tabs made one space; no-break spaces stay."""
    if "  " in raw or "\t" in raw or "\r" in raw:
        return _SPACES.sub(" ", raw).strip(" ")
    return raw.strip(" ")


def parse_date(text: str) -> date:
    """A date printed as ``DD.MM.YYYY``."""
    day, month, year = (int(part) for part in text.split("."))
    return date(year, month, day)


def month_number(name: str) -> int | None:
    """1–12 for a Norwegian month name in any case, None for any other word."""
    return _MONTH_NUMBERS.get(name.lower())


def period_months(text: str) -> tuple[Month, Month] | None:
    """First and last month of a period line ``Januar 2026 - Mars 2026``, if it is one."""
    if not text[-4:].isdigit() or "-" not in text:
        return None
    match = PERIOD.match(text)
    if not match:
        return None
    first, last = month_number(match["m1"]), month_number(match["m2"])
    if first is None or last is None:
        return None
    return Month(int(match["y1"]), first), Month(int(match["y2"]), last)


@dataclass(frozen=True, slots=True)
class HeaderPart:
    """A line of the column header: whether it starts a new header, and its month columns."""

    starts: bool
    months: tuple[int, ...]


def header_part(text: str) -> HeaderPart | None:
    """The line as part of the column header ("Gjennomsnitt hittil i år", months), if it is."""
    if not _HEADER_LINE.fullmatch(text):
        return None
    words = text.lower().split(" ")
    if all(w == "i" for w in words):
        return None
    months = tuple(_MONTH_NUMBERS[w] for w in words if w in _MONTH_NUMBERS)
    return HeaderPart(starts=bool(_HEADER_START.intersection(words)), months=months)
