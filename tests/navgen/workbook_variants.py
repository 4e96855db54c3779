"""Nav-style workbooks rewritten the ways other people's workbooks differ, showing the same report.

Each variant takes a workbook :func:`tests.navgen.xlsx.write_workbook` wrote and rewrites it
with openpyxl so that the sheets *show* the same report while keeping it differently:

- ``hidden_small_counts``: every ``*`` kept as a count 0–3 (a hidden average as 0–3.5)
  under ``[<4]"*";#,##0``, the way Excel users hide small counts;
- ``unrounded_averages``: averages kept unrounded (3545.666…), shown rounded by the format;
- ``numbers_as_text``: every number kept as text, ``4216``, ``4 216`` or ``4\u00a0216``;
- ``month_dates``: the month headings as date cells;
- ``month_texts``: the month headings as "Januar 2026", "januar 2026", "2026-01", "2026M01";
- ``two_row_header``: the header over two rows: the year above the months, the average's
  words split between the rows, or a row of years under a complete header;
- ``column_b``: every sheet moved one column right, column A empty;
- ``label_elsewhere``: a row number in column A, the label in B, an empty column before
  the average (meant for a report with a decimal average);
- ``sheet_names_as_titles``: the front page without its page header and section line, and
  every table sheet but the first without its section line: the sheet names stand in.

Only what a variant names changes; the cell positions follow the generator's layout.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from .wording import AVERAGE_HEADER, MONTH_NAMES, SUPPRESSED

HIDE_SMALL = '[<4]"*";'
_PERIOD_YEAR = re.compile(r"(\d{4})$")
_SEPARATORS = ("", " ", "\u00a0")

Variant = Callable[[Workbook, random.Random], None]


def rewrite(source: Path, target: Path, variant: str, *, seed: int = 0) -> Path:
    """Rewrite the workbook at ``source`` as ``variant`` into ``target``.

    Returns:
        ``target``.
    """
    workbook = openpyxl.load_workbook(source)
    VARIANTS[variant](workbook, random.Random(seed))
    workbook.save(target)
    return target


def value_cells(sheet: Worksheet) -> Iterator[Cell]:
    """The cells of the average and the months in every table row of a generated sheet."""
    for row in sheet.iter_rows(min_row=2):
        label, first = row[0].value, row[1].value
        if isinstance(label, str) and first is not None and first != AVERAGE_HEADER:
            yield from (cell for cell in row[1:] if cell.value is not None)


def header_rows(sheet: Worksheet) -> list[int]:
    """The rows of a generated sheet that hold the column header."""
    return [row[1].row for row in sheet.iter_rows() if row[1].value == AVERAGE_HEADER]


def _tables(workbook: Workbook) -> list[Worksheet]:
    return workbook.worksheets[1:]


def _year(sheet: Worksheet) -> int:
    """The year of the period line ("Januar 2026 - Mars 2026")."""
    match = _PERIOD_YEAR.search(str(sheet["A3"].value))
    assert match, "a generated table sheet has its period line in A3"
    return int(match[1])


# -- values --------------------------------------------------------------------------------


def hidden_small_counts(workbook: Workbook, rng: random.Random) -> None:
    for sheet in _tables(workbook):
        for cell in value_cells(sheet):
            decimals = cell.column == 2 and cell.number_format.endswith(".0")
            number = "#,##0.0" if decimals else "#,##0"
            if cell.value == SUPPRESSED:
                cell.value = rng.randint(0, 3) + (rng.choice((0, 0.5)) if decimals else 0)
            # The locale tag first, as the generator's own format: LibreOffice groups with it.
            cell.number_format = f"[$-414]{HIDE_SMALL}{number}"


def unrounded_averages(workbook: Workbook, rng: random.Random) -> None:
    for sheet in _tables(workbook):
        for cell in value_cells(sheet):
            if cell.column != 2 or cell.value == SUPPRESSED:
                continue
            places = 1 if cell.number_format.endswith(".0") else 0
            step = 10.0**-places
            cell.value = float(cell.value) + rng.choice((-1, 1)) * step / 3
            cell.number_format = "#,##0" + (".0" if places else "")


def numbers_as_text(workbook: Workbook, rng: random.Random) -> None:
    for sheet in _tables(workbook):
        for cell in value_cells(sheet):
            if isinstance(cell.value, int | float | Decimal):
                cell.value = _typed(Decimal(str(cell.value)), rng.choice(_SEPARATORS))
                cell.number_format = rng.choice(("General", "@"))


def _typed(value: Decimal, separator: str) -> str:
    whole, _, places = f"{value:f}".partition(".")
    groups = [whole[max(i - 3, 0) : i] for i in range(len(whole), 0, -3)][::-1]
    return separator.join(groups) + ("," + places if places else "")


# -- headers -------------------------------------------------------------------------------


def _month_cells(sheet: Worksheet, row: int) -> list[Cell]:
    return [c for c in sheet[row][2:] if c.value is not None]


def month_dates(workbook: Workbook, rng: random.Random) -> None:
    for sheet in _tables(workbook):
        year = _year(sheet)
        for row in header_rows(sheet):
            for cell in _month_cells(sheet, row):
                cell.value = datetime(year, _month(cell.value), 1)
                cell.number_format = rng.choice(("mmm yy", "mmmm yyyy", "yyyy-mm"))


def month_texts(workbook: Workbook, rng: random.Random) -> None:
    forms = (
        lambda name, year, month: f"{name} {year}",
        lambda name, year, month: f"{name.lower()} {year}",
        lambda name, year, month: f"{year}-{month:02d}",
        lambda name, year, month: f"{year}M{month:02d}",
    )
    for number, sheet in enumerate(_tables(workbook)):
        year, form = _year(sheet), forms[number % len(forms)]
        for row in header_rows(sheet):
            for cell in _month_cells(sheet, row):
                cell.value = form(cell.value, year, _month(cell.value))


def two_row_header(workbook: Workbook, rng: random.Random) -> None:
    styles = (_year_above, _average_split, _years_below)
    for number, sheet in enumerate(_tables(workbook)):
        year = _year(sheet)
        for row in reversed(header_rows(sheet)):
            sheet.insert_rows(row + 1)
            styles[number % len(styles)](sheet, row, year)


def _year_above(sheet: Worksheet, row: int, year: int) -> None:
    """The average as "Gjennomsnitt" over "hittil i år", the year over the months."""
    sheet.cell(row, 2).value, sheet.cell(row + 1, 2).value = "Gjennomsnitt", "hittil i år"
    for cell in _month_cells(sheet, row):
        sheet.cell(row + 1, cell.column).value = cell.value
        cell.value = year


def _average_split(sheet: Worksheet, row: int, year: int) -> None:
    """The average as "Gjennomsnitt hittil" over "i år", the months over their year."""
    sheet.cell(row, 2).value, sheet.cell(row + 1, 2).value = "Gjennomsnitt\nhittil", "i år"
    for cell in _month_cells(sheet, row):
        sheet.cell(row + 1, cell.column).value = year


def _years_below(sheet: Worksheet, row: int, year: int) -> None:
    """A complete header, and a row of years under it."""
    for cell in _month_cells(sheet, row):
        sheet.cell(row + 1, cell.column).value = str(year)


def _month(name: object) -> int:
    return MONTH_NAMES.index(str(name)) + 1


# -- where the table is --------------------------------------------------------------------


def column_b(workbook: Workbook, rng: random.Random) -> None:
    for sheet in workbook.worksheets:
        sheet.insert_cols(1)


def label_elsewhere(workbook: Workbook, rng: random.Random) -> None:
    for sheet in _tables(workbook):
        rows = [cell.row for cell in value_cells(sheet) if cell.column == 2]
        sheet.insert_cols(2)  # an empty column between the labels and the average
        sheet.insert_cols(1)
        for number, row in enumerate(rows, start=1):
            sheet.cell(row, 1).value = number


def sheet_names_as_titles(workbook: Workbook, rng: random.Random) -> None:
    front, *tables = workbook.worksheets
    front["A1"].value = front["A2"].value = None
    for sheet in tables[1:]:
        sheet["A2"].value = None


VARIANTS: dict[str, Variant] = {
    "hidden_small_counts": hidden_small_counts,
    "unrounded_averages": unrounded_averages,
    "numbers_as_text": numbers_as_text,
    "month_dates": month_dates,
    "month_texts": month_texts,
    "two_row_header": two_row_header,
    "column_b": column_b,
    "label_elsewhere": label_elsewhere,
    "sheet_names_as_titles": sheet_names_as_titles,
}
