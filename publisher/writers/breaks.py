"""Series breaks in words, the same in every format that carries a note.

A break is a fact about the series (see :mod:`publisher.merging.cube`); each writer marks its
month in its own way (JSON-stat status ``B``, SDMX ``OBS_STATUS`` B, a PX ``CELLNOTE``,
a mark on the page) and says what broke in the table's languages with these texts, which
name the month and the categories from the codelists.
"""

from __future__ import annotations

from publisher.mapping.codelists import for_dimension
from publisher.mapping.observations import SeriesBreak
from publisher.parse.lines import MONTH_NAMES
from publisher.writers.tables import latest

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")  # fmt: skip


def month_name(month: str, lang: str) -> str:
    """``2025-04`` as ``april 2025`` (nb) or ``April 2025`` (en)."""
    number = int(month[5:]) - 1
    name = MONTH_NAMES[number].lower() if lang == "nb" else MONTHS_EN[number]
    return f"{name} {month[:4]}"


def categories(brk: SeriesBreak, lang: str) -> str:
    """The categories whose series break, by their names in ``lang``."""
    cl = for_dimension(brk.dimension)
    names = [latest(cl, code).names.get(lang) or latest(cl, code).names["nb"] for code in brk.codes]
    joined = ", ".join(names[:-1]) + (" og " if lang == "nb" else " and ") + names[-1]
    return joined if len(names) > 1 else names[0]


def note(brk: SeriesBreak, lang: str) -> str:
    """One sentence: which series break, from which month, and how the month is marked."""
    if lang == "nb":
        return (f"Brudd i tidsserien fra {month_name(brk.month, 'nb')} for"
                f" {categories(brk, 'nb').lower()}: tallene fra og med den måneden er ikke"
                " sammenlignbare med tallene før. Måneden er merket «B».")  # fmt: skip
    return (f"Break in the time series from {month_name(brk.month, 'en')} for"
            f" {categories(brk, 'en').lower()}: figures from that month on are not comparable"
            " with those before. The month is marked 'B'.")  # fmt: skip
