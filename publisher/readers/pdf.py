"""Report PDFs, read page by page with pypdf.

The parser must not depend on the program that rendered the PDF: Excel and LibreOffice
write the same table in different content-stream orders, and pypdf's plain extraction
follows that order (LibreOffice's wrapped cells land at the end of the page). So the
reader takes each piece of text with its position on the page, from pypdf's
``visitor_text`` hook, and builds the printed lines itself: pieces whose baselines lie
within a few points are one line, read left to right, lines read top to bottom. That is
what pypdf's layout mode does too, at 1.5 times the cost of plain extraction; the hook
costs next to nothing on top of plain extraction.
"""

from __future__ import annotations

import io
import logging
import struct
import zlib
from itertools import pairwise
from pathlib import Path
from typing import ClassVar

import pypdf
from pypdf.errors import PyPdfError

from publisher.errors import InputError, Location
from publisher.readers.base import Document, Page, check_magic

# pypdf logs every oddity of a damaged file; the reader turns real failures into errors.
logging.getLogger("pypdf").setLevel(logging.ERROR)


class PdfReader:
    """Reads a report PDF with pypdf's layout-mode text extraction."""

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
        except _DAMAGED as exc:
            raise InputError("unreadable PDF", f"pypdf: {_reason(exc)}", where) from exc
        if encrypted:
            raise InputError("encrypted PDF", "decrypt it before publishing", where)
        pages = tuple(_read_page(reader, n, str(path)) for n in range(count))
        if not pages:
            raise InputError("empty PDF", "the file has no pages", where)
        return Document(str(path), pages)


# What pypdf raises on a damaged file: its own errors, and whatever a broken object
# makes its parsing code trip over (a KeyError, a zlib or struct error, deep recursion …).
_DAMAGED = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    ArithmeticError,
    RecursionError,
    zlib.error,
    struct.error,
)


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


# Baselines closer than this (in points) are one printed line; table rows are 8 or more apart.
_SAME_LINE = 2.5

_Piece = tuple[float, float, str]  # y (up the page), x, text


def _read_page(reader: pypdf.PdfReader, index: int, name: str) -> Page:
    pieces: list[_Piece] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        text = text.strip("\n")
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            pieces.append((y, x, text))

    try:
        reader.pages[index].extract_text(visitor_text=visit)
    except _DAMAGED as exc:
        where = Location(name, index + 1)
        raise InputError("unreadable PDF page", f"pypdf: {_reason(exc)}", where) from exc
    if not pieces:
        # pypdf reads a page whose content it cannot decode as no text at all.
        raise InputError(
            "page without text", "the page is damaged or an image", Location(name, index + 1)
        )
    return Page(number=index + 1, lines=lines_by_position(pieces))


def lines_by_position(pieces: list[_Piece]) -> tuple[str, ...]:
    """The printed lines: pieces grouped by baseline top to bottom, each read left to right.

    A gap of more than one and a half times the page's closest line spacing becomes a
    blank line, as in pypdf's own extraction, so the notes keep their paragraphs.
    """
    pieces.sort(key=lambda piece: -piece[0])
    rows: list[list[_Piece]] = []
    for piece in pieces:
        if rows and rows[-1][0][0] - piece[0] <= _SAME_LINE:
            rows[-1].append(piece)
        else:
            rows.append([piece])
    baselines = [row[0][0] for row in rows]
    gaps = [above - below for above, below in pairwise(baselines)]
    wide = 1.5 * min(gaps, default=0.0)
    lines: list[str] = []
    for index, row in enumerate(rows):
        if index and gaps[index - 1] > wide:
            lines.append("")
        lines.append(" ".join(text.strip() for _, _, text in sorted(row, key=lambda p: p[1])))
    return tuple(lines)
