"""The kinds of line a Nav report page is made of, recognised one line at a time.

Lines are split into tokens at plain spaces and tabs only: a no-break space inside a
number (``3\u00a0567``) is a thousands separator and stays part of its token.
"""

from __future__ import annotations

import re
from datetime import date

from publisher.model import Month
from publisher.readers.wording import (
    GROUP_SEPARATORS,
    MONTH_NAMES,
    PAGE_HEADER,
    SECTION,
    month_number,
)

__all__ = [
    "FOOTER",
    "MONTH_NAMES",
    "PAGE_HEADER",
    "SECTION",
    "is_furniture",
    "is_note",
    "month_number",
    "normalise",
    "parse_date",
    "period_months",
]

_SPACES = re.compile(r"[ \t\r\f\v]+")
# Ends of a line that print nothing: plain, no-break, narrow and thin spaces.
_BLANK = " " + GROUP_SEPARATORS
PERIOD = re.compile(
    r"^(?P<m1>[^\W\d]+) (?P<y1>\d{4}) ?[-\u2010-\u2015\u2212] ?(?P<m2>[^\W\d]+) (?P<y2>\d{4})$"
)
# Nav's own footer ("Side 1 av 2Kilde: NAV Fotnote"), and what other programs print around
# a page: LibreOffice's "Side 1" / "Page 1", Chromium's "1/3", a URL and a date-time stamp.
FOOTER = re.compile(
    r"Side \d+ av \d+|^(Kilde: NAV )?Fotnote$|^(?:Side|Page) \d+(?: (?:av|of) \d+)?$"
    r"|^\d+ ?/ ?\d+$|^(?:file|https?)://\S+(?: \d+ ?/ ?\d+)?$"
    r"|^\d{1,2}[./]\d{1,2}[./]\d{2,4},? \d{1,2}[.:]\d{2}(?: ?[AP]M)?\b"
)
# Lines under a table that explain it rather than count: the source, the suppression rule,
# any sentence. A dangling label (no numbers follow) that is all such lines is dropped.
NOTE = re.compile(
    r"^(?:(?:Kilde|Merk|Note|Fotnote)\b|Tall mindre enn |\* )|^(?:\S+ ){3,}.*\S\.$", re.IGNORECASE
)


def normalise(raw: str) -> str:
    """The line with runs of plain spaces and tabs made one space; no-break spaces stay."""
    if "  " in raw or "\t" in raw or "\r" in raw:
        return _SPACES.sub(" ", raw).strip(_BLANK)
    return raw.strip(_BLANK)


def parse_date(text: str) -> date:
    """A date printed as ``DD.MM.YYYY``."""
    day, month, year = (int(part) for part in text.split("."))
    return date(year, month, day)


def period_months(text: str) -> tuple[Month, Month] | None:
    """First and last month of a period line ``Januar 2026 - Mars 2026``, if it is one."""
    if not text[-4:].isdigit():
        return None
    match = PERIOD.match(text)
    if not match:
        return None
    first, last = month_number(match["m1"]), month_number(match["m2"])
    if first is None or last is None:
        return None
    return Month(int(match["y1"]), first), Month(int(match["y2"]), last)


def is_furniture(text: str) -> bool:
    """Whether the line is what a program prints around a page: page numbers, stamps."""
    return _may_be_furniture(text) and FOOTER.search(text) is not None


def _may_be_furniture(text: str) -> bool:
    """What every line :data:`FOOTER` matches shows, tested before the pattern is.

    Nearly every line is a table row, which shows none of it; the pattern, tried at every
    position of the line for its "Side 1 av 2", costs ten times these tests.
    """
    return (
        "/" in text  # "1/3", a URL, a date "1/12/26"
        or "." in text[1:3]  # a date "1.12.26"
        or "Side " in text
        or text.startswith("Page ")
        or text.endswith("Fotnote")
    )


def is_note(text: str) -> bool:
    """Whether the line explains a table (a source, the suppression rule, a sentence)."""
    return NOTE.match(text) is not None
