"""Nav's page layout, shared by every renderer: a Report becomes pages of positioned text.

Layout happens in two steps. :func:`~.plan.plan_pages` decides what goes on which page and
on which line slot; :func:`layout_pages` turns slots and columns into points with the
:class:`~.geometry.Grid` measured in the renderer's font. The text renderer uses the plan (it
needs lines, not points); the PDF renderers use the points and only differ in how they draw
a string.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from publisher.model import Report

from .geometry import Align, Grid, LayoutOptions, Width, make_grid
from .plan import PagePlan, plan_pages

__all__ = ["LayoutOptions", "Page", "TextItem", "Width", "layout_pages"]


@dataclass(frozen=True, slots=True)
class TextItem:
    """A string drawn at a point: ``x`` is its left edge, or its right edge if right-aligned.

    ``y`` is the baseline, measured in points down from the top of the page.
    """

    x: float
    y: float
    text: str
    size: float
    bold: bool = False
    align: Align = "left"


@dataclass(frozen=True, slots=True)
class Page:
    """A page of positioned text, width and height in points."""

    width: float
    height: float
    items: tuple[TextItem, ...]


def layout_pages(report: Report, width: Width, **options: object) -> list[Page]:
    """Lay out a report as pages of positioned text.

    Args:
        report: The report to draw.
        width: The renderer's text width function.
        **options: Fields of :class:`LayoutOptions`.

    Returns:
        One :class:`Page` per page, the "Om statistikken" page first.
    """
    layout = LayoutOptions(**options)  # type: ignore[arg-type]
    grid = make_grid(report, layout, width)
    page_width, page_height = layout.page_size
    return [
        Page(page_width, page_height, tuple(_position(plan, grid)))
        for plan in plan_pages(report, layout, width, grid)
    ]


def _position(plan: PagePlan, grid: Grid) -> Iterator[TextItem]:
    for line in sorted(plan.lines, key=lambda line: line.slot):
        for fragment in line.fragments:
            yield TextItem(
                x=grid.x(fragment.column, fragment.align),
                y=grid.y(line.slot),
                text=fragment.text,
                size=grid.size,
                bold=fragment.bold,
                align=fragment.align,
            )
