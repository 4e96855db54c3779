"""Report PDFs, read page by page with pypdf.

The parser must not depend on the program that rendered the PDF: Excel and LibreOffice
write the same table in different content-stream orders, and pypdf's plain extraction
follows that order. Layout mode places text by its position on the page instead, one
printed line per text line, so every renderer gives the same lines.
"""

from __future__ import annotations

import io
import logging
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
            if reader.is_encrypted:
                raise InputError("encrypted PDF", "decrypt it before publishing", where)
            pages = tuple(_read_page(reader, n, str(path)) for n in range(len(reader.pages)))
        except (PyPdfError, ValueError, KeyError, TypeError) as exc:
            raise InputError("unreadable PDF", f"pypdf: {exc}", where) from exc
        if not pages:
            raise InputError("empty PDF", "the file has no pages", where)
        return Document(str(path), pages)


def _read_page(reader: pypdf.PdfReader, index: int, name: str) -> Page:
    try:
        text = reader.pages[index].extract_text(
            extraction_mode="layout", layout_mode_space_vertically=False
        )
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise InputError("unreadable PDF page", f"pypdf: {exc}", Location(name, index + 1)) from exc
    return Page(number=index + 1, lines=tuple(text.splitlines()))
