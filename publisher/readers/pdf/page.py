"""One page's pieces of text as the grammar's lines: furniture off, tables set row by row.

The page's printed lines are built from the pieces' positions (:mod:`.lines`), what the
printing program added around the report is dropped (:mod:`.furniture`), and each column
header (:mod:`.columns`) starts a table whose rows are rebuilt from where their labels and
numbers are printed (:mod:`.table`). Every other line (page header, section and period
lines, notes) is passed on as printed. A table that goes on over a page without a header of
its own is read with the columns of the last header before it.
"""

from __future__ import annotations

from publisher.readers.pdf.columns import Band, Columns, find_bands
from publisher.readers.pdf.furniture import drop_furniture
from publisher.readers.pdf.lines import Line, Printed, group_lines, page_text
from publisher.readers.pdf.pieces import Piece
from publisher.readers.pdf.table import TableRegion


class PageLayout:
    """A page as lines of text and tables, before the tables' rows are grouped.

    ``columns`` are the value columns of the last table on the page (or of the one before
    it, carried over): a table that goes on over the next page without a header of its own
    is read with them.
    """

    def __init__(self, pieces: list[Piece], carried: Columns | None = None) -> None:
        lines = drop_furniture(group_lines(pieces))
        bands = find_bands(lines)
        self.columns = bands[-1].columns if bands else carried
        self.blocks: list[Printed | TableRegion]
        if bands or carried is None:
            self.blocks = _blocks(lines, bands)
        else:
            self.blocks = [TableRegion(lines, carried)]

    @property
    def tables(self) -> list[TableRegion]:
        """The page's tables, top to bottom."""
        return [block for block in self.blocks if isinstance(block, TableRegion)]

    def text(self) -> tuple[list[str], list[str | None]]:
        """The page's lines as the grammar reads them, and the problem found on each."""
        printed: list[Printed] = []
        for block in self.blocks:
            printed += block.printed() if isinstance(block, TableRegion) else [block]
        return page_text(printed)


def _blocks(lines: list[Line], bands: list[Band]) -> list[Printed | TableRegion]:
    blocks: list[Printed | TableRegion] = []
    position = 0
    for number, band in enumerate(bands):
        blocks += [_as_printed(line) for line in lines[position : band.first]]
        header = lines[band.last]
        blocks.append(Printed(header.y, header.size, band.columns.header))
        end = bands[number + 1].first if number + 1 < len(bands) else len(lines)
        blocks.append(TableRegion(lines[band.last + 1 : end], band.columns))
        position = end
    blocks += [_as_printed(line) for line in lines[position:]]
    return blocks


def _as_printed(line: Line) -> Printed:
    return Printed(line.y, line.size, line.text)
