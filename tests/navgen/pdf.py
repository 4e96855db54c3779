"""PDF renderers: the shared layout drawn with fpdf2 or with reportlab.

Both draw the pages of :func:`~.layout.layout_pages` string by string in DejaVu Sans; they
only differ in how a string is measured and drawn. fpdf2 keeps U+00A0 in the text pypdf
extracts; reportlab writes it as a plain space (our "NBSP lost" case).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from fpdf import FPDF
from pypdf import PdfWriter
from reportlab.pdfbase.pdfmetrics import registerFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from publisher.model import Report

from .layout import Page, TextItem, layout_pages

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
# A fixed creation date keeps the output byte-identical from run to run.
CREATED = datetime(2026, 1, 1, tzinfo=UTC)


class _Backend(Protocol):
    """What a PDF library must do for us: measure, start a page, draw, write."""

    def width(self, text: str, size: float, bold: bool) -> float: ...

    def page(self, page: Page) -> None: ...

    def draw(self, item: TextItem) -> None: ...

    def save(self) -> bytes: ...


class _Fpdf:
    """fpdf2 with embedded DejaVu Sans; y runs down from the top, like the layout's."""

    def __init__(self) -> None:
        self.pdf = FPDF(unit="pt", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_creation_date(CREATED)
        self.pdf.add_font("DejaVu", "", str(REGULAR))
        self.pdf.add_font("DejaVu", "B", str(BOLD))

    def width(self, text: str, size: float, bold: bool) -> float:
        self.pdf.set_font("DejaVu", "B" if bold else "", size)
        return float(self.pdf.get_string_width(text))

    def page(self, page: Page) -> None:
        self.pdf.add_page(format=(page.width, page.height))

    def draw(self, item: TextItem) -> None:
        width = self.width(item.text, item.size, item.bold)
        self.pdf.text(item.x - width if item.align == "right" else item.x, item.y, item.text)

    def save(self) -> bytes:
        return bytes(self.pdf.output())


class _Reportlab:
    """reportlab with DejaVu Sans; y runs up from the bottom, so it is flipped per page."""

    def __init__(self) -> None:
        for name, path in (("DejaVuSans", REGULAR), ("DejaVuSans-Bold", BOLD)):
            registerFont(TTFont(name, str(path)))
        self.buffer = io.BytesIO()
        self.canvas = Canvas(self.buffer, invariant=True)
        self.height = 0.0
        self.started = False

    def width(self, text: str, size: float, bold: bool) -> float:
        return float(stringWidth(text, self._font(bold), size))

    def page(self, page: Page) -> None:
        if self.started:
            self.canvas.showPage()
        self.started = True
        self.canvas.setPageSize((page.width, page.height))
        self.height = page.height

    def draw(self, item: TextItem) -> None:
        self.canvas.setFont(self._font(item.bold), item.size)
        y = self.height - item.y
        if item.align == "right":
            self.canvas.drawRightString(item.x, y, item.text)
        else:
            self.canvas.drawString(item.x, y, item.text)

    def save(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()

    @staticmethod
    def _font(bold: bool) -> str:
        return "DejaVuSans-Bold" if bold else "DejaVuSans"


def _render(report: Report, backend: _Backend, layout_options: dict[str, object]) -> bytes:
    for page in layout_pages(report, backend.width, **layout_options):
        backend.page(page)
        for item in page.items:
            backend.draw(item)
    return backend.save()


def render_fpdf(report: Report, path: str | Path, **layout_options: object) -> Path:
    """Draw a report with fpdf2 (text keeps U+00A0 when pypdf extracts it).

    Args:
        report: The report to draw.
        path: Where to write the PDF.
        **layout_options: Fields of :class:`~.layout.LayoutOptions`.

    Returns:
        The path written.
    """
    return _write(path, _render(report, _Fpdf(), layout_options))


def render_reportlab(report: Report, path: str | Path, **layout_options: object) -> Path:
    """Draw a report with reportlab (pypdf extracts U+00A0 as a plain space).

    Args:
        report: The report to draw.
        path: Where to write the PDF.
        **layout_options: Fields of :class:`~.layout.LayoutOptions`.

    Returns:
        The path written.
    """
    return _write(path, _render(report, _Reportlab(), layout_options))


def render_encrypted(
    report: Report, path: str | Path, password: str, **layout_options: object
) -> Path:
    """Draw a report with fpdf2 and encrypt it (RC4-128) with a user password.

    Args:
        report: The report to draw.
        path: Where to write the PDF.
        password: The password needed to open it.
        **layout_options: Fields of :class:`~.layout.LayoutOptions`.

    Returns:
        The path written.
    """
    writer = PdfWriter(clone_from=io.BytesIO(_render(report, _Fpdf(), layout_options)))
    # RC4 needs no crypto library; pypdf reads it with or without one.
    writer.encrypt(user_password=password, owner_password=None, algorithm="RC4-128")
    stream = io.BytesIO()
    writer.write(stream)
    return _write(path, stream.getvalue())


def _write(path: str | Path, content: bytes) -> Path:
    target = Path(path)
    target.write_bytes(content)
    return target
