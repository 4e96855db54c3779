"""Nav's fixed wording: page header, section and period lines, month names, number format.

Every renderer (PDF, text, workbook) takes these strings from here, so they cannot drift
apart between formats.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from publisher.model import Cell, Period, Report, Status

NBSP = "\xa0"
MONTH_NAMES = (
    "Januar",
    "Februar",
    "Mars",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Desember",
)
AVERAGE_HEADER = "Gjennomsnitt hittil i år"
NOTES_TITLE = "Om statistikken"
FOOTER = "Side 1 av 1Kilde: NAV Fotnote"
SUPPRESSED = "*"


def source_line(report: Report) -> str:
    """The first line of every page, e.g. ``Kilde: NAV TILT150 Tiltaksdeltakere …``."""
    return f"Kilde: NAV {report.family} {report.title}"


def section_line(section: str, updated: date) -> str:
    """The second line of every page, e.g. ``Tiltak Rapport oppdatert: 02.02.2026``."""
    return f"{section} Rapport oppdatert: {updated:%d.%m.%Y}"


def period_line(period: Period) -> str:
    """The period of the report, e.g. ``Januar 2026 - Juni 2026``."""
    first, last = period.first, period.last
    return (
        f"{MONTH_NAMES[first.month - 1]} {first.year} - {MONTH_NAMES[last.month - 1]} {last.year}"
    )


def month_headers(period: Period) -> tuple[str, ...]:
    """One column heading per month of the period: ``Januar``, ``Februar``, …."""
    return tuple(MONTH_NAMES[month.month - 1] for month in period.months)


def format_cell(cell: Cell, group_sep: str = NBSP, decimal_sep: str = ",") -> str:
    """A cell as Nav prints it: ``3 567`` with the given thousands separator, or ``*``.

    Args:
        cell: The cell to print.
        group_sep: Between groups of three digits (Nav: U+00A0 NO-BREAK SPACE).
        decimal_sep: Before the decimals of a :class:`~decimal.Decimal` (Nav: a comma).

    Returns:
        The printed text.
    """
    if cell.status is Status.SUPPRESSED or cell.value is None:
        return SUPPRESSED
    value = cell.value
    sign = "-" if value < 0 else ""
    digits = f"{abs(value):f}" if isinstance(value, Decimal) else str(abs(value))
    whole, _, decimals = digits.partition(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = sign + group_sep.join(groups)
    return f"{text}{decimal_sep}{decimals}" if decimals else text
