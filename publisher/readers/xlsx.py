"""Nav's workbooks (``.xlsx``), read with openpyxl in read-only mode.

A workbook has a sheet per section and an "Om statistikken" sheet, laid out like the PDF:
the title rows, a header row whose cells are "Gjennomsnitt hittil i år" and the month
names, and blocks of rows from an ``I alt …`` row to a blank row. Each sheet becomes a page
of text lines, one per row, so the one report grammar reads PDFs, text and workbooks
alike: numbers are written with no-break spaces between thousands (they cannot be
misread), and only the columns the header row names are read, found by their text, not
their position (files have been seen with an empty column after "Januar", or a header
cell "NA").
"""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

from publisher.errors import InputError, Location
from publisher.parse.lines import month_number
from publisher.readers.base import Document, Page, check_magic

AVERAGE_HEADER = "gjennomsnitt hittil i år"
_NBSP = "\u00a0"


class XlsxReader:
    """Reads a Nav workbook, one page of lines per sheet."""

    suffixes: ClassVar[tuple[str, ...]] = (".xlsx",)
    magic: ClassVar[bytes | None] = b"PK\x03\x04"

    def read(self, path: Path) -> Document:
        """Every sheet's rows as text lines."""
        check_magic(path, self.magic, "workbook")
        import openpyxl  # here: 0.3 s to import, and only workbooks need it

        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise InputError("unreadable workbook", str(exc), Location(str(path))) from exc
        try:
            pages = tuple(
                _sheet(str(path), number, workbook[name])
                for number, name in enumerate(workbook.sheetnames, start=1)
            )
        finally:
            workbook.close()
        return Document(str(path), pages)


def _sheet(name: str, number: int, sheet: Any) -> Page:
    columns: list[int] | None = None
    lines: list[str] = []
    rows: list[int] = []
    for row_number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = list(row)
        header = _header_columns(cells)
        if header is not None:
            columns = header
            line = " ".join(_text(cells[c]) for c in columns)
        elif columns is not None and _is_data_row(cells):
            line = _data_line(cells, columns, Location(name, number, row_number, sheet.title))
        else:
            line = " ".join(_text(c).replace("\n", " ") for c in cells if c is not None)
        lines.append(line)
        rows.append(row_number)
        if any(isinstance(c, str) and "\n" in c for c in cells):
            lines.append("")  # a cell of paragraphs: the paragraph ends with it
            rows.append(row_number)
    return Page(number=number, lines=tuple(lines), sheet=sheet.title, rows=tuple(rows))


def _header_columns(cells: list[Any]) -> list[int] | None:
    """The columns of the average and the months, if this is the header row."""
    texts = [str(c).strip().lower() if c is not None else "" for c in cells]
    if AVERAGE_HEADER not in texts:
        return None
    average = texts.index(AVERAGE_HEADER)
    months = [i for i, t in enumerate(texts) if i > average and month_number(t) is not None]
    return [average, *months]


def _is_data_row(cells: list[Any]) -> bool:
    return bool(cells) and isinstance(cells[0], str) and any(c is not None for c in cells[1:])


def _data_line(cells: list[Any], columns: list[int], where: Location) -> str:
    label = str(cells[0]).replace("\n", " ").strip()
    values = []
    for column in columns:
        value = cells[column] if column < len(cells) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            raise InputError("empty cell", f"{label!r} has no value in column {column + 1}", where)
        values.append(_number(value, label, where))
    return " ".join([label, *values])


def _number(value: Any, label: str, where: Location) -> str:
    if isinstance(value, str):
        if value.strip() == "*":
            return "*"
        raise InputError("not a number", f"{label!r} has {value!r}", where)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InputError("not a number", f"{label!r} has {value!r}", where)
    number = Decimal(str(value))
    whole, _, fraction = f"{abs(number):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", _NBSP)
    fraction = fraction.rstrip("0")
    return grouped + ("," + fraction if fraction else "")


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()
