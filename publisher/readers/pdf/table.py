"""The rows of a table, from the printed lines under its column header, in the grammar's form.

The grammar reads a row as its label's lines with the values on the last one. On the page a
row is one line of values and the lines of its label, aligned by the cell at its bottom, top
or middle (:mod:`.align` decides which, per table); each row is emitted as the grammar
reads it, whatever the alignment.

A label is what is printed left of the first value column. Text that runs on under the
average's cell is hidden there (LibreOffice clips it, the content stream still holds it):
its words that start inside the cell are dropped, and a label line cut off at the top or
bottom of its cell stays with its own row, because its place in the row's run of lines
says whose it is.

A line that is neither values nor label is passed on as printed for the grammar to judge:
one that starts inside the value columns, or one without numbers that runs on past the
average's column (a page header, a note under the table: no label is that long).
"""

from __future__ import annotations

import bisect
import statistics
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

from publisher.readers.pdf.align import Fitting, RowPlace
from publisher.readers.pdf.cells import VALUE, row_cells
from publisher.readers.pdf.columns import Columns
from publisher.readers.pdf.lines import Line, Printed, Run, words

# A run reaching this many font sizes into the average's heading is in the value columns.
_INTO = 0.2


class _Label(NamedTuple):
    """A line of label text: where it is printed, what shows, and the whole line."""

    y: float
    size: float
    text: str
    whole: str


@dataclass(slots=True)
class _Values:
    """A line of values, with the label text on the same line (if any)."""

    y: float
    size: float
    label: str
    cells: list[str]
    problem: str | None

    def printed(self, labels: list[_Label]) -> list[Printed]:
        """The row as the grammar reads it: the label's lines, the values on the last."""
        if self.label:
            labels = [*labels, _Label(self.y, self.size, self.label, self.label)]
        lines = sorted(labels, key=lambda label: label.y)
        head = [Printed(line.y, line.size, line.text) for line in lines[:-1]]
        last = lines[-1].text if lines else ""
        y = lines[-1].y if lines else self.y
        text = " ".join([last, *self.cells]) if last else " ".join(self.cells)
        return [*head, Printed(y, self.size, text, self.problem)]


class TableRegion:
    """The lines of one table region, sorted into rows' values, label lines and other text.

    ``align`` is the cell alignment the rows are grouped by; the reader sets it once every
    table of the document is known (:func:`.align.choose_alignments`).
    """

    def __init__(self, lines: list[Line], columns: Columns) -> None:
        self.labels: list[_Label] = []
        self.values: list[_Values] = []
        self.others: list[Printed] = []
        for line in lines:
            _classify(line, columns, self.labels, self.values, self.others)
        self.labels.sort(key=lambda label: label.y)
        places = [RowPlace(row.y, row.size, bool(row.label)) for row in self.values]
        ys = [label.y for label in self.labels]
        self.fitting = Fitting(places, ys, _pitch(self.labels, self.values, columns.pitches))
        self.align = "bottom"

    def printed(self) -> list[Printed]:
        """The table's lines as the grammar reads them, top to bottom."""
        if not self.values:
            lines = self.others + [Printed(x.y, x.size, x.whole) for x in self.labels]
            return sorted(lines, key=lambda line: line.y)
        grouping = self.fitting.grouping(self.align)
        blocks = [
            row.printed([self.labels[i] for i in owned])
            for row, owned in zip(self.values, grouping.rows, strict=True)
        ]
        blocks += [
            [Printed(x.y, x.size, x.whole)]
            for x in map(self.labels.__getitem__, grouping.left_over)
        ]
        blocks += [[other] for other in self.others]
        blocks.sort(key=lambda block: block[0].y)
        return [line for block in blocks for line in block]


def _classify(
    line: Line,
    columns: Columns,
    labels: list[_Label],
    values: list[_Values],
    others: list[Printed],
) -> None:
    """Sort a line into values, label or other text."""
    left, into = columns.left, columns.left + _INTO * line.size
    numbers: list[Run] = []
    text: list[Run] = []
    for run in line.runs:
        if run.x1 > into and VALUE.fullmatch(run.text):
            numbers.append(run)
        elif run.x0 < left:
            text.append(run)
    if numbers:
        cells, problem = row_cells(numbers, columns, line.size)
        values.append(_Values(line.y, line.size, _visible(text, left), cells, problem))
    elif text and line.runs[-1].x1 <= columns.average_end:
        labels.append(_Label(line.y, line.size, _visible(text, left), line.text))
    else:
        others.append(Printed(line.y, line.size, line.text))


def _visible(runs: list[Run], left: float) -> str:
    """The label text a person sees: the words that start before the value columns."""
    parts: list[str] = []
    for run in runs:
        if run.x1 <= left:
            parts.append(run.text)
        else:
            parts += [word.text for word in words(run) if word.x0 < left]
    return " ".join(parts)


def _pitch(labels: list[_Label], values: list[_Values], header: tuple[float, ...]) -> float:
    """The table's line pitch: the usual distance between two lines of one cell.

    Lines of one cell are the header's (the average's heading wraps) and label lines with
    no values between them; failing those, any two lines of labels.
    """
    sizes = [x.size for x in labels] + [v.size for v in values]
    if not sizes:
        return 0.0
    size = statistics.median(sizes)
    rows = [v.y for v in values]
    within = [
        b.y - a.y
        for a, b in pairwise(labels)
        if bisect.bisect(rows, a.y) == bisect.bisect(rows, b.y)
    ]
    gaps = [g for g in (*header, *within) if 0.5 * size < g < 2.5 * size]
    if not gaps:
        ys = sorted([x.y for x in labels] + [v.y for v in values if v.label])
        gaps = [b - a for a, b in pairwise(ys) if 0.5 * size < b - a < 2.5 * size]
    return statistics.median(gaps) if gaps else 1.2 * size
