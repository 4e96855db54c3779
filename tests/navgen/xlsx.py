"""Nav's workbook layout with openpyxl, and its PDF as LibreOffice prints it.

One sheet per section, plus "Om statistikken" first. Each sheet starts with the lines Nav
prints at the top of every PDF page (source, section and update date, period), then the
column header, then per block an ``I alt …`` row and its rows, a blank row between blocks.
Those top rows, the header and the first ``I alt`` row are print titles, so LibreOffice
repeats them on every printed page as Nav's PDFs do. Labels go in a narrow, wrapping column A
and every cell is bottom-aligned, so wrapped labels end on their numbers' line.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from publisher.model import Cell, Report, Row, Status, Table

from .geometry import LayoutOptions
from .wording import (
    AVERAGE_HEADER,
    NOTES_TITLE,
    SUPPRESSED,
    month_headers,
    period_line,
    section_line,
    source_line,
)

SOFFICE = "/usr/bin/soffice"
SHEET_NAME_MAX = 31  # Excel's limit
FONT = Font(name="Arial", size=8)
LABEL = Alignment(vertical="bottom", wrap_text=True)
NUMBER = Alignment(horizontal="right", vertical="bottom")
TEXT = Alignment(vertical="bottom")
NOTE = Alignment(vertical="top", wrap_text=True)
# The Norwegian locale tag makes LibreOffice group thousands with a no-break space.
INTEGER_FORMAT = "[$-414]#,##0"
# Column widths in characters, chosen so that LibreOffice (DejaVu Sans standing in for
# Arial) wraps labels roughly where Nav does and the average heading as "Gjennom" / ….
LABEL_COLUMN_WIDTH = 10.25
AVERAGE_COLUMN_WIDTH = 5.9
MONTH_COLUMN_WIDTH = 10.0
LINE_HEIGHT = 10.5  # points per line of 8-point text
HEADER_LINES = 4  # Nav's header row holds four lines, a table row three (longer labels
ROW_LINES = 3  # are cut off, as in Nav's PDFs)
HEADER_ROW = 5  # rows 1-3: source, section, period; row 4 empty


def write_workbook(report: Report, path: str | Path, *, rows_per_page: int | None = None) -> Path:
    """Write a report as a Nav-style workbook.

    Args:
        report: The report to write.
        path: Where to write the ``.xlsx`` file.
        rows_per_page: If given, a manual page break after this many table rows, the
            repeated print-title rows included (Nav prints 12).

    Returns:
        The path written.
    """
    workbook = Workbook()
    _notes_sheet(workbook.active, report)
    for table in report.tables:
        sheet = workbook.create_sheet(table.title[:SHEET_NAME_MAX])
        _table_sheet(sheet, report, table, rows_per_page)
    target = Path(path)
    workbook.save(target)
    return target


def render_libreoffice(
    report: Report,
    path: str | Path,
    *,
    rows_per_page: int | None = 12,
    timeout: float = 120.0,
) -> Path:
    """Print a report's workbook to PDF with headless LibreOffice.

    A throwaway user profile keeps parallel runs from locking each other out.

    Args:
        report: The report to print.
        path: Where to write the PDF.
        rows_per_page: Passed to :func:`write_workbook`; ``None`` lets LibreOffice break
            pages by height only.
        timeout: Seconds LibreOffice may take.

    Returns:
        The path written.

    Raises:
        RuntimeError: LibreOffice wrote no PDF.
    """
    with tempfile.TemporaryDirectory(prefix="navgen-lo-") as temp:
        folder = Path(temp)
        workbook = write_workbook(report, folder / "report.xlsx", rows_per_page=rows_per_page)
        result = subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                str(workbook),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        printed = folder / "report.pdf"
        if not printed.exists():
            raise RuntimeError(f"LibreOffice wrote no PDF: {result.stderr or result.stdout}")
        target = Path(path)
        shutil.move(printed, target)
    return target


def _notes_sheet(sheet: Worksheet, report: Report) -> None:
    sheet.title = NOTES_TITLE
    sheet.column_dimensions["A"].width = 150
    _put(sheet, 1, 1, source_line(report), TEXT)
    _put(sheet, 2, 1, section_line(NOTES_TITLE, report.updated), TEXT)
    for row, note in enumerate(report.notes, start=4):
        _put(sheet, row, 1, note, NOTE)
        # LibreOffice does not grow a row for the hard line breaks of a note by itself.
        sheet.row_dimensions[row].height = LINE_HEIGHT * (note.count("\n") + 2)
    _print_setup(sheet)


def _table_sheet(sheet: Worksheet, report: Report, table: Table, rows_per_page: int | None) -> None:
    months = len(report.period.months)
    sheet.column_dimensions["A"].width = LABEL_COLUMN_WIDTH
    sheet.column_dimensions["B"].width = AVERAGE_COLUMN_WIDTH
    for column in range(3, months + 3):
        sheet.column_dimensions[get_column_letter(column)].width = MONTH_COLUMN_WIDTH
    _put(sheet, 1, 1, source_line(report), TEXT)
    _put(sheet, 2, 1, section_line(table.title, report.updated), TEXT)
    _put(sheet, 3, 1, period_line(report.period), TEXT)
    headed_blocks = table.title in LayoutOptions().block_header_sections
    headers = (AVERAGE_HEADER, *month_headers(report.period))
    row_number = HEADER_ROW
    data_rows: list[int] = []
    for number, block in enumerate(table.blocks):
        if number:
            row_number += 1  # a blank row between blocks
        if number == 0 or headed_blocks:
            for column, text in enumerate(headers, start=2):
                _put(sheet, row_number, column, text, LABEL if column == 2 else NUMBER)
            sheet.row_dimensions[row_number].height = LINE_HEIGHT * HEADER_LINES
            row_number += 1
        for row in (block.total, *block.rows):
            _write_row(sheet, row_number, row)
            data_rows.append(row_number)
            row_number += 1
    first_total = HEADER_ROW + 1
    sheet.print_title_rows = f"1:{first_total}"
    if rows_per_page:
        # Print titles repeat the first total, so a page holds one row fewer of its own.
        for index in range(rows_per_page, len(data_rows), rows_per_page - 1):
            sheet.row_breaks.append(Break(id=data_rows[index - 1]))
    _print_setup(sheet)


def _write_row(sheet: Worksheet, row_number: int, row: Row) -> None:
    sheet.row_dimensions[row_number].height = LINE_HEIGHT * ROW_LINES
    _put(sheet, row_number, 1, row.label, LABEL)
    for column, cell in enumerate(row.cells, start=2):
        _put(sheet, row_number, column, _value(cell), NUMBER)


def _value(cell: Cell) -> object:
    return SUPPRESSED if cell.status is Status.SUPPRESSED else cell.value


def _put(sheet: Worksheet, row: int, column: int, value: object, alignment: Alignment) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    cell.font = FONT
    cell.alignment = alignment
    if isinstance(value, int | Decimal):
        cell.number_format = _number_format(value)


def _number_format(value: int | Decimal) -> str:
    """Thousands grouped, and as many decimals as a Decimal has."""
    exponent = value.as_tuple().exponent if isinstance(value, Decimal) else 0
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return f"{INTEGER_FORMAT}.{'0' * places}" if places else INTEGER_FORMAT


def _print_setup(sheet: Worksheet) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
