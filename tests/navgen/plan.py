"""Page plans: which line of which page every piece of text goes on.

A page is a grid of line *slots*, one ``leading`` apart. The plan copies Nav's Excel export:
page header, section and period lines, the column header with the average heading wrapped
in its column, then rows. A table row is at least three lines high and its text sits at the
bottom, numbers on the label's last line, so a one- or two-line label leaves empty lines
above it (pypdf then prints a blank line before the row) while a three-line label does not.
Continuation pages repeat the ``I alt`` row; one section's last page carries the footer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from publisher.model import Block, Report, Row, Table

from .geometry import Align, Grid, LayoutOptions, Width, make_grid, row_values
from .wording import (
    AVERAGE_HEADER,
    NOTES_TITLE,
    month_headers,
    period_line,
    section_line,
    source_line,
)
from .wrap import wrap

ROW_SLOTS = 3  # Nav's rows hold three lines of label
HEADER_SLOTS = 4  # the column header row is one line taller than a table row


@dataclass(frozen=True, slots=True)
class Fragment:
    """A piece of text on a line: free text at the margin (``column`` None) or in a column.

    Column 0 is the label column, 1 the year-to-date average, 2 and on the months.
    """

    text: str
    column: int | None = None
    bold: bool = False
    align: Align = "left"


@dataclass(frozen=True, slots=True)
class Line:
    """The fragments that share one baseline, in reading order."""

    slot: int
    fragments: tuple[Fragment, ...]

    @property
    def text(self) -> str:
        """The line as one string, fragments joined by a space."""
        return " ".join(fragment.text for fragment in self.fragments)


@dataclass(frozen=True, slots=True)
class PagePlan:
    """What a page holds, line by line; ``slots`` is how many lines the page has room for."""

    lines: tuple[Line, ...]
    slots: int
    has_footer: bool = False


def plan_pages(
    report: Report, layout: LayoutOptions, width: Width, grid: Grid | None = None
) -> list[PagePlan]:
    """Decide the lines of every page: the notes page, then each table's pages.

    Args:
        report: The report to lay out.
        layout: Layout options.
        width: The renderer's text width function.
        grid: The report's grid, if already made.

    Returns:
        The page plans in print order.
    """
    planner = _Planner(report, layout, width, grid or make_grid(report, layout, width))
    pages = planner.notes_pages()
    for table in report.tables:
        pages.extend(planner.table_pages(table))
    return pages


@dataclass
class _PageState:
    """A page being filled."""

    lines: list[Line] = field(default_factory=list)
    cursor: int = 0  # the first free slot
    rows: int = 0  # table rows on the page, the repeated total included
    placed: int = 0  # rows placed on this page that are not a repetition

    def add(self, slot: int, *fragments: Fragment) -> None:
        self.lines.append(Line(slot, fragments))


class _Planner:
    """Fills pages for one report; holds what every page of it shares."""

    def __init__(self, report: Report, layout: LayoutOptions, width: Width, grid: Grid):
        self.report = report
        self.layout = layout
        self.width = width
        self.grid = grid
        self.months = month_headers(report.period)

    def notes_pages(self) -> list[PagePlan]:
        """The "Om statistikken" page(s): each note's lines wrapped to the page width."""
        text_em = (self.layout.page_size[0] - 2 * self.grid.margin) / self.grid.size
        pages: list[PagePlan] = []
        page = self._start(NOTES_TITLE)
        page.cursor = 3
        for note in self.report.notes:
            lines = [
                wrapped
                for hard_line in note.split("\n")
                for wrapped in wrap(hard_line, text_em, self._measure(bold=False))
            ]
            if page.cursor + len(lines) > self.grid.slots and page.lines[2:]:
                pages.append(PagePlan(tuple(page.lines), self.grid.slots))
                page = self._start(NOTES_TITLE)
                page.cursor = 3
            for text in lines:
                page.add(page.cursor, Fragment(text))
                page.cursor += 1
            page.cursor += 1
        pages.append(PagePlan(tuple(page.lines), self.grid.slots))
        return pages

    def table_pages(self, table: Table) -> list[PagePlan]:
        """The pages of one section, broken by ``rows_per_page`` and by page height."""
        pages: list[PagePlan] = []
        page = self._start_table(table, first=True)
        for number, block in enumerate(table.blocks):
            for row in (block.total, *block.rows):
                opens_block = row is block.total and number > 0
                slots, rows = self._room_needed(table, block, row, opens_block)
                if page.placed and not self._fits(page, slots, rows):
                    pages.append(PagePlan(tuple(page.lines), self.grid.slots))
                    page = self._start_table(table, first=False)
                    self._repeat_total(page, table, block, row)
                elif opens_block:
                    page.cursor += 1
                    if table.title in self.layout.block_header_sections:
                        self._column_header(page)
                self._row(page, row, bold=self._bold(block, row))
                page.placed += 1
        has_footer = table.title == self.layout.footer_after
        if has_footer:
            page.add(self.grid.slots - 1, Fragment(self.layout.footer))
        pages.append(PagePlan(tuple(page.lines), self.grid.slots, has_footer))
        return pages

    def _room_needed(
        self, table: Table, block: Block, row: Row, opens_block: bool
    ) -> tuple[int, int]:
        """Slots and table rows that placing ``row`` takes; a total keeps its first row."""
        slots = self._height(row, bold=self._bold(block, row))
        if opens_block:
            headed = table.title in self.layout.block_header_sections
            slots += 1 + (HEADER_SLOTS if headed else 0)
        if row is block.total and block.rows:
            return slots + self._height(block.rows[0], bold=False), 2
        return slots, 1

    def _bold(self, block: Block, row: Row) -> bool:
        return self.layout.bold_totals and row is block.total

    def _fits(self, page: _PageState, slots: int, rows: int) -> bool:
        # Two slots stay free at the bottom: a blank line and the footer line.
        return (
            page.rows + rows <= self.layout.rows_per_page
            and page.cursor + slots <= self.grid.slots - 2
        )

    def _start(self, section: str) -> _PageState:
        page = _PageState()
        page.add(0, Fragment(source_line(self.report)))
        page.add(1, Fragment(section_line(section, self.report.updated), bold=True))
        page.cursor = 2
        return page

    def _start_table(self, table: Table, *, first: bool) -> _PageState:
        page = self._start(table.title)
        # Nav prints the period with a trailing space.
        page.add(3, Fragment(period_line(self.report.period) + " "))
        # The section's first page has an empty sheet row between period and header.
        page.cursor = 5 if first else 4
        self._column_header(page)
        return page

    def _column_header(self, page: _PageState) -> None:
        """Average heading wrapped in its column, its last line on the month names' line."""
        heading = wrap(AVERAGE_HEADER, self.grid.widths[1] / self.grid.size, self._measure())
        height = max(HEADER_SLOTS, len(heading) + 1)
        for offset, text in enumerate(heading[:-1]):
            page.add(page.cursor + offset, Fragment(text, column=1))
        months = (
            Fragment(name, column=2 + index, align="right")
            for index, name in enumerate(self.months)
        )
        page.add(page.cursor + height - 1, Fragment(heading[-1], column=1), *months)
        page.cursor += height

    def _repeat_total(self, page: _PageState, table: Table, block: Block, row: Row) -> None:
        repeated = {
            "block": block.total,
            "section": table.blocks[0].total,
            "none": None,
        }[self.layout.repeat_total]
        if repeated is not None and repeated is not row:
            self._row(page, repeated, bold=self.layout.bold_totals)

    def _row(self, page: _PageState, row: Row, *, bold: bool) -> None:
        """A row: label lines at the bottom of its box, numbers on the last label line."""
        lines = self._label(row, bold)
        height = max(ROW_SLOTS, len(lines))
        first = page.cursor + height - len(lines)
        for offset, text in enumerate(lines[:-1]):
            page.add(first + offset, Fragment(text, column=0, bold=bold))
        values = (
            Fragment(text, column=1 + index, bold=bold, align="right")
            for index, text in enumerate(row_values(row, self.layout))
        )
        page.add(page.cursor + height - 1, Fragment(lines[-1], column=0, bold=bold), *values)
        page.cursor += height
        page.rows += 1

    def _height(self, row: Row, *, bold: bool) -> int:
        return max(ROW_SLOTS, len(self._label(row, bold)))

    def _label(self, row: Row, bold: bool) -> tuple[str, ...]:
        lines = wrap(row.label, self.grid.widths[0] / self.grid.size, self._measure(bold))
        return lines[: self.layout.max_label_lines]

    def _measure(self, bold: bool = False) -> Callable[[str], float]:
        return lambda text: self.width(text, 1.0, bold)


def page_texts(pages: Iterable[PagePlan]) -> Iterator[list[str]]:
    """Each page as lines of text, with an empty line where a slot or more is left empty."""
    for plan in pages:
        texts: list[str] = []
        previous: int | None = None
        for line in sorted(plan.lines, key=lambda line: line.slot):
            if previous is not None and line.slot - previous > 1:
                texts.append("")
            texts.append(line.text)
            previous = line.slot
        yield texts
