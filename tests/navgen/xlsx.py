"""Nav's workbook layout with openpyxl, and its PDF as LibreOffice prints it.

One sheet per section, plus "Om statistikken" first. Each sheet starts with the lines Nav
prints at the top of every PDF page (source, section and update date, period), then the
column header, then per block an ``I alt …`` row and its rows, a blank row between blocks.
Those top rows, the header and the first ``I alt`` row are print titles, so LibreOffice
repeats them on every printed page as Nav's PDFs do. By default labels go in a narrow,
wrapping column A and every cell is bottom-aligned, so wrapped labels end on their
numbers' line.

:class:`WorkbookOptions` varies what users' own workbooks vary: font, column widths (the
average heading then wraps at other points), vertical alignment, orientation, fit to one
page, header and footer, note rows under a table, unwrapped labels. One LibreOffice call
prints many workbooks (:func:`render_libreoffice_many`), as starting it costs seconds.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal

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
FONT_SIZE = 8
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
# What LibreOffice prints on a page style it made itself: the sheet name above, the page
# number below. A workbook without header and footer (openpyxl's) prints neither.
HEADERS_FOOTERS = {
    "none": (None, None),
    "default": ("&A", "Page &P"),
    "side": (None, "Side &P"),
}
TABLE_NOTES = ("Tall mindre enn 4 er erstattet med *.", "Kilde: Nav")

Vertical = Literal["bottom", "center", "top"]


@dataclass(frozen=True, slots=True)
class WorkbookOptions:
    """How to lay out a workbook; :func:`write_workbook` takes these as keyword arguments.

    Attributes:
        rows_per_page: If given, a manual page break after this many table rows, the
            repeated print-title rows included (Nav prints 12).
        font: Font family of every cell; LibreOffice substitutes a missing font (Arial:
            Liberation Sans where installed, else DejaVu Sans).
        label_width: Width of the label column, in characters.
        average_width: Width of the "Gjennomsnitt hittil i år" column; it decides where
            the heading wraps.
        month_width: Width of each month column.
        header_lines: Height of the column-header row in lines; a narrow average column
            needs more.
        row_lines: Height of a table row in lines (Nav: three); a longer label runs over
            the row above, unreadable to a person too, so a narrow label column needs more.
        vertical: Vertical alignment of every cell.
        wrap_labels: Wrap labels in their column; without, LibreOffice clips a label at
            the number cell beside it.
        orientation: Page orientation.
        fit_height: Pages a sheet is shrunk to fit tall (one page wide always); 0 lets it
            run over as many pages as it needs. Manual page breaks give way to it.
        header_footer: ``"none"``, LibreOffice's ``"default"`` (sheet name above, "Page
            N" below), or ``"side"`` (a Norwegian "Side N" footer only).
        table_notes: Print note rows ("Tall mindre enn 4 …", "Kilde: Nav") under each
            table.
    """

    rows_per_page: int | None = None
    font: str = "Arial"
    label_width: float = LABEL_COLUMN_WIDTH
    average_width: float = AVERAGE_COLUMN_WIDTH
    month_width: float = MONTH_COLUMN_WIDTH
    header_lines: int = HEADER_LINES
    row_lines: int = ROW_LINES
    vertical: Vertical = "bottom"
    wrap_labels: bool = True
    orientation: Literal["landscape", "portrait"] = "landscape"
    fit_height: int = 0
    header_footer: Literal["none", "default", "side"] = "none"
    table_notes: bool = False

    def __post_init__(self) -> None:
        if self.header_footer not in HEADERS_FOOTERS:
            raise ValueError(f"header_footer must be one of {sorted(HEADERS_FOOTERS)}")
        if min(self.label_width, self.average_width, self.month_width) <= 0:
            raise ValueError("column widths must be positive")
        if min(self.header_lines, self.row_lines) < 1:
            raise ValueError("rows must be at least one line high")

    def alignment(self, *, right: bool = False, wrap: bool = False) -> Alignment:
        """A cell alignment with this workbook's vertical alignment."""
        return Alignment(
            horizontal="right" if right else None, vertical=self.vertical, wrap_text=wrap
        )


def write_workbook(report: Report, path: str | Path, **options: object) -> Path:
    """Write a report as a Nav-style workbook.

    Args:
        report: The report to write.
        path: Where to write the ``.xlsx`` file.
        **options: Fields of :class:`WorkbookOptions`.

    Returns:
        The path written.
    """
    layout = WorkbookOptions(**options)  # type: ignore[arg-type]
    workbook = Workbook()
    _notes_sheet(workbook.active, report, layout)
    for table in report.tables:
        sheet = workbook.create_sheet(table.title[:SHEET_NAME_MAX])
        _table_sheet(sheet, report, table, layout)
    target = Path(path)
    workbook.save(target)
    return target


def render_libreoffice(
    report: Report,
    path: str | Path,
    *,
    rows_per_page: int | None = 12,
    timeout: float = 120.0,
    **options: object,
) -> Path:
    """Print a report's workbook to PDF with headless LibreOffice.

    Args:
        report: The report to print.
        path: Where to write the PDF.
        rows_per_page: Passed to :func:`write_workbook`; ``None`` lets LibreOffice break
            pages by height only.
        timeout: Seconds LibreOffice may take.
        **options: Other fields of :class:`WorkbookOptions`.

    Returns:
        The path written.

    Raises:
        RuntimeError: LibreOffice wrote no PDF.
    """
    job = (report, Path(path), {"rows_per_page": rows_per_page, **options})
    return render_libreoffice_many([job], timeout=timeout)[0]


def render_libreoffice_many(
    jobs: Sequence[tuple[Report, Path, Mapping[str, object]]], *, timeout: float | None = None
) -> list[Path]:
    """Print several workbooks to PDF with one LibreOffice run.

    A throwaway user profile keeps parallel runs from locking each other out.

    Args:
        jobs: Per PDF: the report, where to write the PDF, and the fields of
            :class:`WorkbookOptions` (``rows_per_page`` defaults to ``None`` here).
        timeout: Seconds LibreOffice may take; default a minute plus 20 s a workbook.

    Returns:
        The paths written, in the order of ``jobs``.

    Raises:
        RuntimeError: LibreOffice wrote no PDF for one of the workbooks.
    """
    with tempfile.TemporaryDirectory(prefix="navgen-lo-") as temp:
        folder = Path(temp)
        workbooks = [
            write_workbook(report, folder / f"report-{number:03d}.xlsx", **options)
            for number, (report, _, options) in enumerate(jobs)
        ]
        result = subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                *map(str, workbooks),
            ],
            capture_output=True,
            text=True,
            timeout=timeout or 60.0 + 20.0 * len(jobs),
            check=False,
        )
        targets = []
        for workbook, (_, path, _) in zip(workbooks, jobs, strict=True):
            printed = workbook.with_suffix(".pdf")
            if not printed.exists():
                raise RuntimeError(f"LibreOffice wrote no PDF: {result.stderr or result.stdout}")
            targets.append(Path(shutil.move(printed, path)))
    return targets


def _notes_sheet(sheet: Worksheet, report: Report, layout: WorkbookOptions) -> None:
    sheet.title = NOTES_TITLE
    sheet.column_dimensions["A"].width = 150
    text = layout.alignment()
    _put(sheet, 1, 1, source_line(report), text, layout)
    _put(sheet, 2, 1, section_line(NOTES_TITLE, report.updated), text, layout)
    note = Alignment(vertical="top", wrap_text=True)
    for row, paragraph in enumerate(report.notes, start=4):
        _put(sheet, row, 1, paragraph, note, layout)
        # LibreOffice does not grow a row for the hard line breaks of a note by itself.
        sheet.row_dimensions[row].height = LINE_HEIGHT * (paragraph.count("\n") + 2)
    _print_setup(sheet, layout)


def _table_sheet(sheet: Worksheet, report: Report, table: Table, layout: WorkbookOptions) -> None:
    _sheet_top(sheet, report, table, layout)
    headed_blocks = table.title in LayoutOptions().block_header_sections
    row_number = HEADER_ROW
    data_rows: list[int] = []
    for number, block in enumerate(table.blocks):
        if number:
            row_number += 1  # a blank row between blocks
        if number == 0 or headed_blocks:
            _column_header(sheet, row_number, report, layout)
            row_number += 1
        for row in (block.total, *block.rows):
            _write_row(sheet, row_number, row, layout)
            data_rows.append(row_number)
            row_number += 1
    if layout.table_notes:
        for offset, note in enumerate(TABLE_NOTES, start=1):
            _put(sheet, row_number + offset, 1, note, layout.alignment(), layout)
    first_total = HEADER_ROW + 1
    sheet.print_title_rows = f"1:{first_total}"
    if layout.rows_per_page:
        # Print titles repeat the first total, so a page holds one row fewer of its own.
        step = layout.rows_per_page - 1
        for index in range(layout.rows_per_page, len(data_rows), step):
            sheet.row_breaks.append(Break(id=data_rows[index - 1]))
    _print_setup(sheet, layout)


def _sheet_top(sheet: Worksheet, report: Report, table: Table, layout: WorkbookOptions) -> None:
    """Column widths, and the source, section and period lines."""
    sheet.column_dimensions["A"].width = layout.label_width
    sheet.column_dimensions["B"].width = layout.average_width
    for column in range(3, len(report.period.months) + 3):
        sheet.column_dimensions[get_column_letter(column)].width = layout.month_width
    text = layout.alignment()
    _put(sheet, 1, 1, source_line(report), text, layout)
    _put(sheet, 2, 1, section_line(table.title, report.updated), text, layout)
    _put(sheet, 3, 1, period_line(report.period), text, layout)


def _column_header(
    sheet: Worksheet, row_number: int, report: Report, layout: WorkbookOptions
) -> None:
    headers = (AVERAGE_HEADER, *month_headers(report.period))
    for column, heading in enumerate(headers, start=2):
        alignment = layout.alignment(right=column > 2, wrap=column == 2)
        _put(sheet, row_number, column, heading, alignment, layout)
    sheet.row_dimensions[row_number].height = LINE_HEIGHT * layout.header_lines


def _write_row(sheet: Worksheet, row_number: int, row: Row, layout: WorkbookOptions) -> None:
    sheet.row_dimensions[row_number].height = LINE_HEIGHT * layout.row_lines
    label = layout.alignment(wrap=layout.wrap_labels)
    _put(sheet, row_number, 1, row.label, label, layout)
    number = layout.alignment(right=True)
    for column, cell in enumerate(row.cells, start=2):
        _put(sheet, row_number, column, _value(cell), number, layout)


def _value(cell: Cell) -> object:
    return SUPPRESSED if cell.status is Status.SUPPRESSED else cell.value


def _put(
    sheet: Worksheet,
    row: int,
    column: int,
    value: object,
    alignment: Alignment,
    layout: WorkbookOptions,
) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    cell.font = Font(name=layout.font, size=FONT_SIZE)
    cell.alignment = alignment
    if isinstance(value, int | Decimal):
        cell.number_format = _number_format(value)


def _number_format(value: int | Decimal) -> str:
    """Thousands grouped, and as many decimals as a Decimal has."""
    exponent = value.as_tuple().exponent if isinstance(value, Decimal) else 0
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return f"{INTEGER_FORMAT}.{'0' * places}" if places else INTEGER_FORMAT


def _print_setup(sheet: Worksheet, layout: WorkbookOptions) -> None:
    sheet.page_setup.orientation = layout.orientation
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = layout.fit_height
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    header, footer = HEADERS_FOOTERS[layout.header_footer]
    if header:
        sheet.oddHeader.center.text = header
    if footer:
        sheet.oddFooter.center.text = footer
