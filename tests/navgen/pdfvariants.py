"""PDFs that read the same to a person as :func:`~.pdf.render_reportlab`'s but not to a program.

Three things other PDF producers do that ours do not:

* :func:`render_rotated`: the page is stored with its content turned (portrait, for a
  quarter turn), and ``/Rotate 90`` (or 180, 270) turns it back, so a viewer shows the
  upright landscape table while the text runs vertically or upside down in the page's own
  coordinates (scanners and "rotate page" tools write such files).
* :func:`render_per_glyph`: one text object per character, each at its computed x, as
  some typesetters write text; nothing in the file says where words end.
* :func:`render_soft_hyphens`: labels carry U+00AD SOFT HYPHEN inside long words, drawn
  invisible and without advance, as a word processor does away from a line end; text
  extraction still finds them.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

from pypdf import PdfWriter
from reportlab.pdfbase.pdfmetrics import stringWidth

from publisher.model import Block, Report, Row, Table

from .layout import TextItem

# The reportlab backend and the page loop of the ordinary renderer, drawn differently here.
from .pdf import _render, _Reportlab, _write, render_reportlab

SOFT_HYPHEN = "\xad"
INVISIBLE = 3  # PDF text render mode: neither fill nor stroke
# Words this long get a soft hyphen in their middle.
_LONG_WORD = re.compile(r"[^\W\d_]{8,}")


def render_rotated(
    report: Report, path: str | Path, *, rotate: int = 90, **layout_options: object
) -> Path:
    """Draw a report with reportlab, then store every page turned back by ``/Rotate``.

    Args:
        report: The report to draw.
        path: Where to write the PDF.
        rotate: The page's ``/Rotate``: 90, 180 or 270 (degrees clockwise).
        **layout_options: Fields of :class:`~.layout.LayoutOptions`.

    Returns:
        The path written.
    """
    if rotate not in (90, 180, 270):
        raise ValueError(f"rotate must be 90, 180 or 270, not {rotate}")
    upright = render_reportlab(report, path, **layout_options)
    writer = PdfWriter(clone_from=io.BytesIO(upright.read_bytes()))
    for page in writer.pages:
        # Turn the content the other way into a turned media box, then have the viewer
        # turn the page by ``rotate``: a person sees the upright page.
        page.rotate(360 - rotate)
        page.transfer_rotation_to_content()
        page.rotate(rotate)
    stream = io.BytesIO()
    writer.write(stream)
    return _write(path, stream.getvalue())


def render_per_glyph(report: Report, path: str | Path, **layout_options: object) -> Path:
    """Draw a report with reportlab, one text object per character.

    Args:
        report: The report to draw.
        path: Where to write the PDF.
        **layout_options: Fields of :class:`~.layout.LayoutOptions`.

    Returns:
        The path written.
    """
    return _write(path, _render(report, _PerGlyph(), layout_options))


def render_soft_hyphens(report: Report, path: str | Path, **layout_options: object) -> Path:
    """Draw a report with reportlab, with invisible soft hyphens inside long label words.

    The report compared with the parsed one is ``report`` itself: a soft hyphen that is not
    at a line end is not part of the text a person reads.

    Args:
        report: The report to draw.
        path: Where to write the PDF.
        **layout_options: Fields of :class:`~.layout.LayoutOptions`.

    Returns:
        The path written.
    """
    return _write(path, _render(soft_hyphenated(report), _SoftHyphens(), layout_options))


def soft_hyphenated(report: Report) -> Report:
    """The report with a soft hyphen in the middle of every label word of 8 letters or more."""
    return replace(report, tables=tuple(_hyphenated_table(table) for table in report.tables))


def _hyphenated_table(table: Table) -> Table:
    blocks = tuple(
        Block(_hyphenated_row(block.total), tuple(_hyphenated_row(row) for row in block.rows))
        for block in table.blocks
    )
    return replace(table, blocks=blocks)


def _hyphenated_row(row: Row) -> Row:
    return replace(row, label=_LONG_WORD.sub(_hyphenate, row.label))


def _hyphenate(word: re.Match[str]) -> str:
    text = word[0]
    middle = len(text) // 2
    return text[:middle] + SOFT_HYPHEN + text[middle:]


class _PerGlyph(_Reportlab):
    """Each character its own ``BT … ET`` at the x where the whole string would put it."""

    def draw(self, item: TextItem) -> None:
        font = self._font(item.bold)
        self.canvas.setFont(font, item.size)
        x = item.x
        if item.align == "right":
            x -= stringWidth(item.text, font, item.size)
        y = self.height - item.y
        for index, character in enumerate(item.text):
            if not character.isspace():
                advance = stringWidth(item.text[:index], font, item.size)
                self.canvas.drawString(x + advance, y, character)


class _SoftHyphens(_Reportlab):
    """Soft hyphens take no room and are drawn invisible; the rest is drawn as usual."""

    def width(self, text: str, size: float, bold: bool) -> float:
        return super().width(text.replace(SOFT_HYPHEN, ""), size, bold)

    def draw(self, item: TextItem) -> None:
        if SOFT_HYPHEN not in item.text:
            super().draw(item)
            return
        font = self._font(item.bold)
        x = item.x
        if item.align == "right":
            x -= self.width(item.text, item.size, item.bold)
        text = self.canvas.beginText()
        text.setFont(font, item.size)
        y = self.height - item.y
        for number, part in enumerate(item.text.split(SOFT_HYPHEN)):
            if number:
                # The soft hyphen, unseen, then back to where it started.
                text.setTextRenderMode(INVISIBLE)
                text.textOut(SOFT_HYPHEN)
                text.setTextRenderMode(0)
            text.setTextOrigin(x, y)
            text.textOut(part)
            x += stringWidth(part, font, item.size)
        self.canvas.drawText(text)
