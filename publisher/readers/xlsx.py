"""Nav's workbooks (``.xlsx``), read with openpyxl in read-only mode, as the sheet shows them.

A workbook has a sheet per section and an "Om statistikken" sheet, laid out like the PDF:
the title rows, a header row whose cells are "Gjennomsnitt hittil i år" and the month
names, and blocks of rows from an ``I alt …`` row to a blank row. Each sheet becomes a page
of text lines, one per row, so the one report grammar reads PDFs, text and workbooks alike.

The design decisions:

- Every cell is read as the sheet shows it, through its number format
  (:mod:`publisher.readers.xlsx_cells`): a count kept as 2 under ``[<4]"*";#,##0`` is
  ``*`` here as on paper, never 2. Numbers are written with no-break spaces between
  thousands (they cannot be misread) and a decimal comma, as Nav prints them.
- Only the columns the header names are read, found by what the header cells mean
  (:mod:`publisher.readers.xlsx_header`), not by their position: files have an empty
  column after "Januar", a header cell "NA", a table that starts in column B. A row's
  label is the nearest text left of the average.
- The grammar needs a page header and a section line on a page. A sheet that prints
  neither (a front page, a sheet titled by its tab only) takes the workbook's page header
  and its own sheet name as section title, with the update date the other sheets print.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from publisher.errors import InputError, Location
from publisher.readers.base import Document, Page, check_magic
from publisher.readers.numfmt import FormatError
from publisher.readers.wording import PAGE_HEADER, SECTION
from publisher.readers.xlsx_cells import CellError, Value, plain_text, value_text
from publisher.readers.xlsx_header import Header, find_header

# What openpyxl raises on a damaged workbook, while loading or reading a sheet's rows.
_DAMAGE = (zipfile.BadZipFile, zlib.error, KeyError, ValueError, OSError, SyntaxError, EOFError)
_EXAMPLE_FORMATS = "'#,##0', '0.0' or '[<4]\"*\";#,##0'"


class XlsxReader:
    """Reads a Nav workbook, one page of lines per sheet."""

    suffixes: ClassVar[tuple[str, ...]] = (".xlsx",)
    magic: ClassVar[bytes | None] = b"PK\x03\x04"

    def read(self, path: Path) -> Document:
        """Every sheet's rows as the text lines the sheet shows."""
        check_magic(path, self.magic, "workbook")
        import openpyxl  # here: 0.3 s to import, and only workbooks need it

        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except _DAMAGE as exc:
            raise InputError("unreadable workbook", str(exc), Location(str(path))) from exc
        try:
            pages = [
                _read_damaged(str(path), number, sheet)
                for number, sheet in enumerate(workbook.worksheets, start=1)
            ]
        finally:
            workbook.close()
        return Document(str(path), _with_titles(pages))


@dataclass(frozen=True, slots=True)
class _Cell:
    value: Value
    format: str


@dataclass(frozen=True, slots=True)
class _Sheet:
    """Where a sheet's errors point: the file, the page and the sheet's name."""

    file: str
    number: int
    title: str

    def at(self, row: int, column: int | None = None) -> Location:
        letters = None if column is None else _letters(column)
        return Location(self.file, self.number, row, self.title, letters)


def _read_damaged(file: str, number: int, worksheet: Any) -> Page:
    """The sheet's page, or an error if its data cannot be read."""
    try:
        return _read_sheet(file, number, worksheet)
    except _DAMAGE as exc:
        # Only the error's kind: a library's message may quote a cell that a format hides.
        raise InputError(
            "unreadable workbook",
            f"the sheet's data is damaged ({type(exc).__name__})",
            Location(file, number, sheet=worksheet.title),
        ) from exc


def _read_sheet(file: str, number: int, worksheet: Any) -> Page:
    sheet = _Sheet(file, number, worksheet.title)
    rows = [
        [_Cell(cell.value, cell.number_format or "General") for cell in row]
        for row in worksheet.iter_rows()
    ]
    lines: list[str] = []
    numbers: list[int] = []  # each line's row
    header: Header | None = None
    index = 0
    while index < len(rows):
        found = _header_at(rows, index)
        if found is not None:
            header = found
            texts = [found.line(), *[""] * (found.height - 1)]  # a line for each of its rows
            numbers.extend(range(index + 1, index + 1 + found.height))
            index += found.height
        else:
            texts = _row_lines(sheet, index + 1, rows[index], header)
            numbers.extend([index + 1] * len(texts))
            index += 1
        lines.extend(texts)
    return Page(number=number, lines=tuple(lines), sheet=sheet.title, rows=tuple(numbers))


def _header_at(rows: list[list[_Cell]], index: int) -> Header | None:
    following = rows[index + 1] if index + 1 < len(rows) else None
    return find_header(
        [cell.value for cell in rows[index]],
        [cell.value for cell in following] if following is not None else None,
    )


def _row_lines(sheet: _Sheet, row: int, cells: list[_Cell], header: Header | None) -> list[str]:
    if header is not None and any(_filled(_cell(cells, c)) for c in header.columns):
        return [_data_line(sheet, row, cells, header)]
    texts = [_plain(sheet, row, column, cell) for column, cell in enumerate(cells)]
    line = " ".join(text.replace("\n", " ") for text in texts if text)
    if any("\n" in text for text in texts):
        return [line, ""]  # a cell of paragraphs: the paragraph ends with it
    return [line]


def _data_line(sheet: _Sheet, row: int, cells: list[_Cell], header: Header) -> str:
    label = _label(cells, header.average)
    values = []
    for column, name in zip(header.columns, header.names(), strict=True):
        cell = _cell(cells, column)
        try:
            values.append(value_text(cell.value, cell.format))
        except FormatError as exc:
            raise _format_error(sheet.at(row, column), cell, exc) from None
        except CellError as exc:
            where = sheet.at(row, column)
            raise InputError("not a number", f"{label!r}, {name}: {exc}", where) from None
    return " ".join([label, *values]) if label else " ".join(values)


def _plain(sheet: _Sheet, row: int, column: int, cell: _Cell) -> str:
    try:
        return plain_text(cell.value, cell.format)
    except FormatError as exc:
        raise _format_error(sheet.at(row, column), cell, exc) from None


def _format_error(where: Location, cell: _Cell, exc: Exception) -> InputError:
    # The value is left out: the format may be there to hide it.
    return InputError(
        "number format not supported",
        f"the cell's format {cell.format!r}: {exc};"
        f" expected a number format such as {_EXAMPLE_FORMATS}",
        where,
    )


def _label(cells: list[_Cell], average: int) -> str:
    """The row's label: the nearest text left of the average."""
    for cell in reversed(cells[:average]):
        if isinstance(cell.value, str) and cell.value.strip():
            return " ".join(cell.value.split())
    return ""


def _cell(cells: list[_Cell], column: int) -> _Cell:
    return cells[column] if column < len(cells) else _Cell(None, "General")


def _filled(cell: _Cell) -> bool:
    return cell.value is not None and not (isinstance(cell.value, str) and not cell.value.strip())


def _letters(column: int) -> str:
    """The column's letters: column 2 (0-based) is ``C``, column 26 ``AA``."""
    letters = ""
    number = column + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


# -- the page header and section line of a sheet that prints none -----------------------


def _with_titles(pages: list[Page]) -> tuple[Page, ...]:
    texts = [[" ".join(line.split()) for line in page.lines] for page in pages]
    header = next((t for page in texts for t in page if PAGE_HEADER.match(t)), None)
    updated = next((m["date"] for page in texts for t in page if (m := SECTION.match(t))), None)
    return tuple(
        _titled(page, lines, header, updated, any(SECTION.match(t) for t in lines))
        for page, lines in zip(pages, texts, strict=True)
    )


def _titled(
    page: Page, texts: list[str], header: str | None, updated: str | None, has_section: bool
) -> Page:
    """The page with the workbook's page header and its own section line, where it has none."""
    if not any(texts):
        return page  # an empty sheet stays empty
    lines, rows = list(page.lines), list(page.rows or range(1, len(page.lines) + 1))
    position = next((i + 1 for i, t in enumerate(texts) if PAGE_HEADER.match(t)), None)
    if position is None and header is not None:
        lines.insert(0, header)
        rows.insert(0, rows[0])
        position = 1
    if not has_section and updated is not None:
        at = position or 0
        lines.insert(at, f"{page.sheet} Rapport oppdatert: {updated}")
        rows.insert(at, rows[max(at - 1, 0)])
    return Page(page.number, tuple(lines), page.first_line, page.sheet, tuple(rows))
