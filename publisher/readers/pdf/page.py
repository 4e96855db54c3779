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
from publisher.readers.pdf.table import table_lines


class PageLines:
    """A page's lines as the grammar reads them, with a problem per line if there is one.

    ``columns`` are the value columns of the last table on the page (or of the one before
    it, carried over): a table that goes on over the next page without a header of its own
    is read with them.
    """

    def __init__(self, pieces: list[Piece], carried: Columns | None = None) -> None:
        lines = drop_furniture(group_lines(pieces))
        bands = find_bands(lines)
        self.columns = bands[-1].columns if bands else carried
        if bands or carried is None:
            printed = _printed(lines, bands)
        else:
            printed = table_lines(lines, carried)
        self.lines, self.problems = page_text(printed)


def _printed(lines: list[Line], bands: list[Band]) -> list[Printed]:
    printed: list[Printed] = []
    position = 0
    for number, band in enumerate(bands):
        printed += [_as_printed(line) for line in lines[position : band.first]]
        header = lines[band.last]
        printed.append(Printed(header.y, header.size, band.columns.header))
        end = bands[number + 1].first if number + 1 < len(bands) else len(lines)
        printed += table_lines(lines[band.last + 1 : end], band.columns)
        position = end
    printed += [_as_printed(line) for line in lines[position:]]
    return printed


def _as_printed(line: Line) -> Printed:
    return Printed(line.y, line.size, line.text)
