"""The rows of a table, from the printed lines under its column header, in the grammar's form.

The grammar reads a row as its label's lines with the values on the last one. On the page a
row is one line of values and the lines of its label, which the cell aligns at the bottom
(the last label line on the values' baseline: Excel, LibreOffice, Nav), the top (the first
one there) or the middle (the label centred on the values: Chromium's default). Which one
is decided per table, as the alignment that explains every row best: each label line is
given to the values line the alignment points it to, the lines of one label must follow one
another at the table's line pitch, and what is left over counts against it. Bottom wins a
tie, which is every table whose labels fit on one line.

A label is what is printed left of the first value column. Text that runs on under the
average's cell is hidden there (LibreOffice clips it, pypdf still extracts it): its words
that start inside the cell are dropped, and a label line cut off at the top or bottom of its
cell stays with its own row, because its place in the row's run of lines says whose it is.

A line that is neither values nor label (a note, a line that only starts inside the value
columns) is passed on as printed for the grammar to judge.
"""

from __future__ import annotations

import bisect
import statistics
from dataclasses import dataclass, field
from itertools import pairwise
from typing import NamedTuple

from publisher.readers.pdf.cells import VALUE, row_cells
from publisher.readers.pdf.columns import Columns
from publisher.readers.pdf.lines import Line, Printed, Run, words

# Label lines of one cell follow one another at most this many font sizes apart (or 1.3
# times the table's own line pitch, if that is wider).
_CHAIN = 1.6
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
    labels: list[_Label] = field(default_factory=list)  # the row's label lines, once grouped

    def printed(self) -> list[Printed]:
        """The row as the grammar reads it: the label's lines, the values on the last."""
        if self.label:
            own = _Label(self.y, self.size, self.label, self.label)
            lines = sorted([*self.labels, own], key=lambda label: label.y)
        else:
            lines = sorted(self.labels, key=lambda label: label.y)
        head = [Printed(line.y, line.size, line.text) for line in lines[:-1]]
        last = lines[-1].text if lines else ""
        y = lines[-1].y if lines else self.y
        text = " ".join([last, *self.cells]) if last else " ".join(self.cells)
        return [*head, Printed(y, self.size, text, self.problem)]


def table_lines(lines: list[Line], columns: Columns) -> list[Printed]:
    """The printed lines of a table region as the grammar reads them, top to bottom."""
    labels: list[_Label] = []
    values: list[_Values] = []
    others: list[Printed] = []
    for line in lines:
        _classify(line, columns, labels, values, others)
    if not values:
        return sorted(others + [Printed(x.y, x.size, x.whole) for x in labels], key=_top)
    left_over = _group(labels, values)
    blocks = [row.printed() for row in values]
    blocks += [[Printed(x.y, x.size, x.whole)] for x in left_over]
    blocks += [[other] for other in others]
    blocks.sort(key=lambda block: block[0].y)
    return [line for block in blocks for line in block]


def _top(line: Printed) -> float:
    return line.y


def _classify(
    line: Line,
    columns: Columns,
    labels: list[_Label],
    values: list[_Values],
    others: list[Printed],
) -> None:
    """Sort a line into values, label or other text."""
    left = columns.left
    into = left + _INTO * line.size
    numbers = [run for run in line.runs if run.x1 > into and VALUE.fullmatch(run.text)]
    text = [run for run in line.runs if run.x0 < left and not _is_in(run, numbers)]
    if numbers:
        cells, problem = row_cells(numbers, columns, line.size)
        values.append(_Values(line.y, line.size, _visible(text, left), cells, problem))
    elif text:
        labels.append(_Label(line.y, line.size, _visible(text, left), line.text))
    else:
        others.append(Printed(line.y, line.size, line.text))


def _is_in(run: Run, runs: list[Run]) -> bool:
    return any(run is other for other in runs)


def _visible(runs: list[Run], left: float) -> str:
    """The label text a person sees: the words that start before the value columns."""
    parts: list[str] = []
    for run in runs:
        if run.x1 <= left:
            parts.append(run.text)
        else:
            parts += [word.text for word in words(run) if word.x0 < left]
    return " ".join(parts)


class _Fit(NamedTuple):
    """How well an alignment explains a table: its cost and the label lines per row."""

    cost: float
    owned: list[list[_Label]]
    left_over: list[_Label]


def _group(labels: list[_Label], values: list[_Values]) -> list[_Label]:
    """Give each row its label lines by the alignment that fits best; return the rest."""
    pitch = _pitch(labels, values)
    fits = [_fit(align, labels, values, pitch) for align in ("bottom", "top", "middle")]
    best = min(fits, key=lambda fit: fit.cost)  # the first of equals: bottom
    for row, owned in zip(values, best.owned, strict=True):
        row.labels = owned
    return best.left_over


def _pitch(labels: list[_Label], values: list[_Values]) -> float:
    """The table's line pitch: the usual distance between consecutive lines of labels."""
    ys = sorted([x.y for x in labels] + [v.y for v in values if v.label])
    size = statistics.median([x.size for x in labels] + [v.size for v in values])
    gaps = [b - a for a, b in pairwise(ys) if 0.5 * size < b - a < 2.5 * size]
    return statistics.median(gaps) if gaps else 1.2 * size


def _fit(align: str, labels: list[_Label], values: list[_Values], pitch: float) -> _Fit:
    """Label lines given to rows as ``align`` says, kept where they chain to their row."""
    ys = [row.y for row in values]
    owned: list[list[_Label]] = [[] for _ in values]
    for label in labels:
        index = _owner(align, label, ys)
        if index is not None:
            owned[index].append(label)
    cost = 0.0
    left_over: list[_Label] = []
    for index, row in enumerate(values):
        kept, dropped = _chain(align, row, owned[index], pitch)
        owned[index] = kept
        left_over += dropped
        cost += _misfit(align, row, kept, pitch)
    left_over += [x for x in labels if _owner(align, x, ys) is None]
    return _Fit(cost + len(left_over), owned, left_over)


def _owner(align: str, label: _Label, ys: list[float]) -> int | None:
    """The values line an alignment gives a label line to: below, above or nearest."""
    tolerance = 0.3 * label.size
    if align == "bottom":
        index = bisect.bisect_left(ys, label.y - tolerance)
        return index if index < len(ys) else None
    if align == "top":
        index = bisect.bisect_right(ys, label.y + tolerance) - 1
        return index if index >= 0 else None
    return min(range(len(ys)), key=lambda i: abs(ys[i] - label.y))


def _chain(
    align: str, row: _Values, owned: list[_Label], pitch: float
) -> tuple[list[_Label], list[_Label]]:
    """The label lines that follow on from the row's values line, and those that do not."""
    step = max(_CHAIN * row.size, 1.3 * pitch)
    if align == "bottom":
        sides = [sorted(owned, key=lambda x: -x.y)]
    elif align == "top":
        sides = [sorted(owned, key=lambda x: x.y)]
    else:
        above = sorted((x for x in owned if x.y < row.y), key=lambda x: -x.y)
        sides = [above, sorted((x for x in owned if x.y >= row.y), key=lambda x: x.y)]
    kept: list[_Label] = []
    for side in sides:
        reached = row.y
        for label in side:
            if abs(label.y - reached) > step:
                break
            kept.append(label)
            reached = label.y
    return kept, [x for x in owned if x not in kept]


def _misfit(align: str, row: _Values, kept: list[_Label], pitch: float) -> float:
    """How far a row's label lines are from where the alignment puts them, in font sizes."""
    ys = sorted([x.y for x in kept] + ([row.y] if row.label else []))
    if not ys:
        return 0.0
    anchor = {"bottom": ys[-1], "top": ys[0]}.get(align, (ys[0] + ys[-1]) / 2)
    uneven = sum(abs(b - a - pitch) for a, b in pairwise(ys))
    return (abs(anchor - row.y) + uneven) / row.size
