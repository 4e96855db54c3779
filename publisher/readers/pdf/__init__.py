"""Report PDFs, read page by page from where each piece of text is printed.

The parser must not depend on the program that rendered the PDF: Excel, LibreOffice,
Chromium, reportlab and fpdf2 write the same table in different content-stream orders, cut
it into pieces differently (a cell, a word, a glyph), align its cells differently and print
their own furniture around it. So the reader keeps each piece of text with its box on the
page (:mod:`.content` follows the text operators, pypdf parses the file, the streams and
the fonts) and rebuilds the page as a person reads it: printed lines by baseline
(:mod:`.lines`), tables by their column header's geometry (:mod:`.columns`, :mod:`.cells`),
rows by how their cells align (:mod:`.table`, :mod:`.align`), the printing program's
furniture left out (:mod:`.furniture`). The result is the same pages of text lines as a
pre-extracted text or a workbook gives, so one grammar reads all three.

The alignment of the cells is decided once all pages are read, for the whole document;
a damaged file is refused with the page pypdf failed on.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import ClassVar

import pypdf

from publisher.errors import InputError, Location
from publisher.readers.base import Document, Page, check_magic
from publisher.readers.pdf.align import choose_alignments
from publisher.readers.pdf.columns import Columns
from publisher.readers.pdf.damaged import DAMAGED
from publisher.readers.pdf.fonts import Fonts
from publisher.readers.pdf.page import PageLayout
from publisher.readers.pdf.pieces import page_pieces

# pypdf logs every oddity of a damaged file; the reader turns real failures into errors.
logging.getLogger("pypdf").setLevel(logging.ERROR)


class PdfReader:
    """Reads a report PDF from the positions of its text."""

    suffixes: ClassVar[tuple[str, ...]] = (".pdf",)
    magic: ClassVar[bytes | None] = b"%PDF-"

    def read(self, path: Path) -> Document:
        """Extract the text of every page, refusing encrypted, truncated or broken files."""
        data = check_magic(path, self.magic, "PDF")
        where = Location(str(path))
        if b"%%EOF" not in data[-2048:]:
            raise InputError("truncated PDF", "the file ends before its end-of-file marker", where)
        try:
            reader = pypdf.PdfReader(io.BytesIO(data))
            encrypted = reader.is_encrypted
            count = 0 if encrypted else len(reader.pages)
        except DAMAGED as exc:
            raise InputError("unreadable PDF", f"pypdf: {_reason(exc)}", where) from exc
        if encrypted:
            raise InputError("encrypted PDF", "decrypt it before publishing", where)
        if not count:
            raise InputError("empty PDF", "the file has no pages", where)
        fonts = Fonts()
        layouts: list[PageLayout] = []
        columns: Columns | None = None
        for index in range(count):
            layouts.append(_layout(reader, index, str(path), fonts, columns))
            columns = layouts[-1].columns
        tables = [table for layout in layouts for table in layout.tables]
        for table, align in zip(
            tables, choose_alignments([t.fitting for t in tables]), strict=True
        ):
            table.align = align
        pages = tuple(_page(layout, index, str(path)) for index, layout in enumerate(layouts))
        return Document(str(path), pages)


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _layout(
    reader: pypdf.PdfReader, index: int, name: str, fonts: Fonts, carried: Columns | None
) -> PageLayout:
    where = Location(name, index + 1)
    try:
        pieces = page_pieces(reader.pages[index], fonts)
    except DAMAGED as exc:
        raise InputError("unreadable PDF page", f"pypdf: {_reason(exc)}", where) from exc
    if not pieces:
        # pypdf reads a page whose content it cannot decode as no text at all.
        raise InputError("page without text", "the page is damaged or an image", where)
    return PageLayout(pieces, carried)


def _page(layout: PageLayout, index: int, name: str) -> Page:
    lines, problems = layout.text()
    for line, problem in enumerate(problems, start=1):
        if problem is not None:
            raise InputError("unreadable table row", problem, Location(name, index + 1, line))
    return Page(number=index + 1, lines=tuple(lines))
