"""Page furniture: what a printing program adds around a report page, found by place and form.

A Nav page starts with its header ``Kilde: NAV <report> <title>`` (``Kilde: Nav`` since
2022). Whatever a program prints above it is its own: LibreOffice's sheet name, Chromium's
date and document title. At the foot of the page, programs print page numbers (``Side 1``,
``Page 1 of 2``, ``1/3``), the file's URL and a date-time stamp; such lines are dropped
from the bottom up while they are nothing but that. Nothing else is dropped, so a line that
only looks like furniture in the middle of a table is still read, and refused if it is wrong.
"""

from __future__ import annotations

import re

from publisher.readers.pdf.lines import Line
from publisher.readers.wording import PAGE_HEADER

_PAGE_NUMBER = r"(?:(?:Side|Page|Seite|Sida)\s+\d+(?:\s+(?:av|of|von|/)\s+\d+)?|\d+\s?/\s?\d+)"
_URL = r"(?:(?:https?|file)://\S+|www\.\S+)"
_DATE = r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4},?"
_TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?"
_FOOTER = re.compile(rf"^(?:(?:{_PAGE_NUMBER}|{_URL}|{_DATE}|{_TIME})(?:\s+|$))+$")


def drop_furniture(lines: list[Line]) -> list[Line]:
    """The page's lines without what the printing program put around the report."""
    start = next((i for i, line in enumerate(lines) if PAGE_HEADER.match(line.text)), 0)
    end = len(lines)
    while end > start + 1 and _FOOTER.match(lines[end - 1].text):
        end -= 1
    return lines[start:end]
