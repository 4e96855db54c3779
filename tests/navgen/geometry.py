"""Page geometry: layout options, column widths and font size, in the renderer's font.

Column widths are measured in em with the renderer's own width function and calibrated on
the seed report, so that the labels Nav printed on one line fit and the ones Nav wrapped do
not. A table wider than the page is scaled down, as Excel's "fit to page width" does.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from publisher.model import Report, Row

from .wording import FOOTER, MONTH_NAMES, NBSP, format_cell

Width = Callable[[str, float, bool], float]
"""The width in points of a text at a font size, bold or not, in the renderer's font."""

Align = Literal["left", "right"]

A4 = (595.28, 841.89)
PADDING_EM = 0.25  # cell padding on each side of a column
# Labels Nav printed unwrapped that fill its label column (seed, January 2026): the column
# is as wide as the widest of them. In Arial's metrics this reproduces all 431 label lines
# of the seed; the narrowest text Nav did wrap is "3436 Nord-Fron".
NAV_LABEL_FITS = ("Grunnskolenivå", "Universitets- og", "1160 Vindafjord")
# Nav's average column wraps its heading as "Gjennom" / "snitt hittil" / "i år".
NAV_AVERAGE_FITS = ("Gjennom", "snitt hittil")


@dataclass(frozen=True, slots=True)
class LayoutOptions:
    """How to lay out a report; every renderer accepts these as keyword arguments.

    Attributes:
        orientation: A4 ``"landscape"`` (Nav) or ``"portrait"``. A table wider than the page
            is scaled down to fit, as Excel's "fit to page width" does.
        font_size: Font size in points before any fit-to-width scaling.
        rows_per_page: Table rows per page, the repeated ``I alt`` row included (Nav: 12).
            Small values force page breaks inside blocks.
        group_sep: Thousands separator; ``" "`` simulates a lost NO-BREAK SPACE.
        decimal_sep: Decimal separator of a decimal average.
        label_width: Label column text width in em; ``None`` for Nav's width.
        max_label_lines: Cut labels after this many lines, as Nav's fixed row height does
            (``5540 Gáivuotna - Kåfjord -`` loses ``Kaivuono``); ``None`` keeps every line.
        repeat_total: What continuation pages repeat under the column header: the current
            block's total (``"block"``), the section's first total like Excel print titles
            (``"section"``), or nothing (``"none"``).
        bold_totals: Draw ``I alt`` rows in bold (wider, so they wrap more).
        block_header_sections: Sections whose every block has its own column header.
        footer_after: The section whose last page carries ``footer``; ``None`` for none.
        footer: The footer text.
        margin: Page margin in points.
    """

    orientation: Literal["landscape", "portrait"] = "landscape"
    font_size: float = 8.0
    rows_per_page: int = 12
    group_sep: str = NBSP
    decimal_sep: str = ","
    label_width: float | None = None
    max_label_lines: int | None = None
    repeat_total: Literal["block", "section", "none"] = "block"
    bold_totals: bool = False
    block_header_sections: frozenset[str] = frozenset({"Arbeidsmarkedsstatus og tiltak"})
    footer_after: str | None = "Tiltak og fødeland innvandrere"
    footer: str = FOOTER
    margin: float = 36.0

    def __post_init__(self) -> None:
        if self.rows_per_page < 2:
            raise ValueError("rows_per_page must leave room for the repeated total and a row")
        if self.max_label_lines is not None and self.max_label_lines < 1:
            raise ValueError("max_label_lines must be at least 1")

    @property
    def page_size(self) -> tuple[float, float]:
        """Page width and height in points."""
        width, height = A4
        return (height, width) if self.orientation == "landscape" else (width, height)


@dataclass(frozen=True, slots=True)
class Grid:
    """Font size, line pitch and column boxes of a report's pages, all in points."""

    size: float
    leading: float
    margin: float
    slots: int
    lefts: tuple[float, ...]
    widths: tuple[float, ...]
    padding: float

    def x(self, column: int | None, align: Align) -> float:
        """Where to anchor text in a column (None: the margin): left or right edge."""
        if column is None:
            return self.margin
        left = self.lefts[column] + self.padding
        return left + self.widths[column] if align == "right" else left

    def y(self, slot: int) -> float:
        """Baseline of a line slot, from the top of the page."""
        return self.margin + slot * self.leading + self.size


def make_grid(report: Report, layout: LayoutOptions, width: Width) -> Grid:
    """Column widths (in the renderer's font) and the font size that fits the page."""

    def em(text: str, bold: bool = False) -> float:
        return width(text, 1.0, bold)

    months = len(report.period.months)
    cells = [
        (row_values(row, layout), layout.bold_totals and row is block.total)
        for table in report.tables
        for block in table.blocks
        for row in (block.total, *block.rows)
    ]
    label_em = layout.label_width or max(em(text) for text in NAV_LABEL_FITS) * 1.001
    average_em = max(
        [
            max(em(text) for text in NAV_AVERAGE_FITS) * 1.01,
            *(em(texts[0], bold) for texts, bold in cells),
        ]
    )
    month_em = max(
        [
            *(em(name) for name in MONTH_NAMES),
            *(em(text, bold) for texts, bold in cells for text in texts[1:]),
        ]
    )
    widths_em = (label_em, average_em, *([month_em] * months))
    padding_em = PADDING_EM
    table_em = sum(widths_em) + 2 * padding_em * len(widths_em)
    page_width, page_height = layout.page_size
    size = min(layout.font_size, (page_width - 2 * layout.margin) / table_em)
    leading = 1.25 * size
    lefts = [layout.margin]
    for width_em in widths_em[:-1]:
        lefts.append(lefts[-1] + (width_em + 2 * padding_em) * size)
    return Grid(
        size=size,
        leading=leading,
        margin=layout.margin,
        slots=math.floor((page_height - 2 * layout.margin) / leading),
        lefts=tuple(lefts),
        widths=tuple(width_em * size for width_em in widths_em),
        padding=padding_em * size,
    )


def row_values(row: Row, layout: LayoutOptions) -> list[str]:
    """A row's cells as printed: the average first, then the months."""
    return [format_cell(cell, layout.group_sep, layout.decimal_sep) for cell in row.cells]
