"""Which label lines belong to which row: the cell alignment that explains the table best.

A table row is one line of values and the lines of its label, which the cell aligns at the
bottom (the label's last line on the values' baseline: Excel, LibreOffice, Nav), the top
(its first line there) or the middle (the label centred on the values: Chromium's default).
The label lines between two values lines belong to the row above or the row below; where
the split falls is what the alignment decides. For each alignment the split of every gap is
chosen to fit best (a small dynamic programme over the rows): a row's lines should follow
one another at the table's line pitch and sit where the alignment puts them. The alignment
with the least misfit over the whole document wins, bottom on a tie (every document whose
labels fit on one line); a table that another alignment explains clearly better keeps it.

Lines above the first row, or below the last, that fit a row worse than they fit nothing
are left over: a note under the table, set apart from it by more than a line, is no label.
"""

from __future__ import annotations

import bisect
from itertools import pairwise
from typing import NamedTuple

ALIGNMENTS = ("bottom", "top", "middle")
# A misfit below this (in font sizes, summed over the table) is a perfect fit.
_PERFECT = 0.05
# What a label line left to no row costs, and a row left without any label line.
_LEFT_OVER = 1.0


_NO_SPLIT: dict[int, int] = {0: 0}  # shared, never changed


class RowPlace(NamedTuple):
    """Where a row's values are printed, and whether a label line shares their baseline."""

    y: float
    size: float
    labelled: bool


class Grouping(NamedTuple):
    """Each row's label lines (indexes into the label lines given), and those left over."""

    rows: list[list[int]]
    left_over: list[int]


class Fitting:
    """A table's rows and label lines, fitted to each alignment when first asked."""

    def __init__(self, rows: list[RowPlace], labels: list[float], pitch: float) -> None:
        self._rows, self._labels, self._pitch = rows, labels, pitch
        self._gaps = _gaps(rows, labels)
        self._detached: list[int] = []
        if rows:
            self._detach(pitch + rows[0].size, pitch + rows[-1].size)
        self._fits: dict[str, _Fit] = {}

    def _detach(self, first_step: float, last_step: float) -> None:
        """Set apart the lines above the first row and below the last that no row reaches.

        A line further than a line pitch and a font size from the next line towards the
        table (a note under it) is no row's in any alignment, so it does not take part.
        """
        above, below, ys = self._gaps[0], self._gaps[-1], self._labels
        start, reached = above.stop, self._rows[0].y
        while start > above.start and reached - ys[start - 1] <= first_step:
            start, reached = start - 1, ys[start - 1]
        stop, reached = below.start, self._rows[-1].y
        while stop < below.stop and ys[stop] - reached <= last_step:
            stop, reached = stop + 1, ys[stop]
        self._detached = [*range(above.start, start), *range(stop, below.stop)]
        self._gaps[0], self._gaps[-1] = range(start, above.stop), range(below.start, stop)

    def misfit(self, align: str) -> float:
        """How badly the alignment explains the table, in font sizes."""
        return self._fit(align).misfit

    def grouping(self, align: str) -> Grouping:
        """Each row's label lines under the alignment, and the lines left over."""
        rows, left_over = self._fit(align).grouping
        return Grouping(rows, sorted(left_over + self._detached))

    def _fit(self, align: str) -> _Fit:
        if align not in self._fits:
            fit = _plainly_bottom(self._rows, self._gaps, self._labels, self._pitch)
            if align != "bottom" or fit is None:
                fit = _fit(align, self._rows, self._gaps, self._labels, self._pitch)
            self._fits[align] = fit
        return self._fits[align]


def choose_alignments(tables: list[Fitting]) -> list[str]:
    """Each table's alignment: the document's, unless the table clearly fits another.

    One program aligns all of a document's cells alike, and a table can be explained by two
    alignments (a centred three-line label reads as the bottom of one label and the top of
    the next when rows are packed), so the whole document decides; a table that another
    alignment explains by a whole line better keeps its own.
    """
    if all(table.misfit("bottom") < _PERFECT for table in tables):
        return ["bottom"] * len(tables)  # most documents: no other alignment is even tried
    totals = {align: sum(table.misfit(align) for table in tables) for align in ALIGNMENTS}
    document = min(ALIGNMENTS, key=totals.__getitem__)  # the first of equals: bottom
    chosen: list[str] = []
    for table in tables:
        own = min(ALIGNMENTS, key=table.misfit)
        clearly = table.misfit(own) + _LEFT_OVER < table.misfit(document)
        chosen.append(own if clearly else document)
    return chosen


def _gaps(rows: list[RowPlace], labels: list[float]) -> list[range]:
    """The label lines above each row's values line, and (last) those below the last row."""
    ys = [row.y for row in rows]
    bounds = [bisect.bisect_left(labels, y) for y in ys]
    return [range(a, b) for a, b in pairwise([0, *bounds, len(labels)])]


class _Fit(NamedTuple):
    misfit: float
    grouping: Grouping


def _plainly_bottom(
    rows: list[RowPlace], gaps: list[range], labels: list[float], pitch: float
) -> _Fit | None:
    """The bottom alignment's fit without the programme, if it is perfect.

    Every label line goes to the row below it; where that fits perfectly and nothing is
    printed under the last row, no other split can fit better. Most tables are like that.
    """
    if gaps[-1]:
        return None
    misfit = 0.0
    for row, above in zip(rows, gaps, strict=False):
        misfit += _misfit("bottom", row, [labels[i] for i in above], pitch)
        if misfit >= _PERFECT:
            return None
    return _Fit(misfit, Grouping([list(above) for above in gaps[:-1]], []))


def _fit(
    align: str, rows: list[RowPlace], gaps: list[range], labels: list[float], pitch: float
) -> _Fit:
    """The best split of every gap for one alignment.

    ``costs[s]`` is the least misfit of the rows so far when the first ``s`` lines of the
    next gap go to the last of them; ``back[i][s]`` the split above row ``i`` that gave it.
    """
    costs = {s: _LEFT_OVER * s for s in range(len(gaps[0]) + 1)}  # lines above: left over
    back: list[dict[int, int]] = []
    for index, row in enumerate(rows):
        above, below = gaps[index], gaps[index + 1]
        if not above and not below:  # a row with no label lines of its own: one way only
            costs = {0: costs[0] + (0.0 if row.labelled else _LEFT_OVER)}
            back.append(_NO_SPLIT)
            continue
        following: dict[int, float] = {}
        came: dict[int, int] = {}
        for taken in range(len(below) + 1):
            for split, cost in costs.items():
                lines = [labels[i] for i in (*above[split:], *below[:taken])]
                misfit = cost + _misfit(align, row, lines, pitch)
                if taken not in following or misfit < following[taken]:
                    following[taken], came[taken] = misfit, split
        costs = following
        back.append(came)
    trailing = len(gaps[-1])
    totals = {s: cost + _LEFT_OVER * (trailing - s) for s, cost in costs.items()}
    taken = min(totals, key=totals.__getitem__)
    return _Fit(totals[taken], _grouping(gaps, back, taken))


def _grouping(gaps: list[range], back: list[dict[int, int]], taken: int) -> Grouping:
    """The rows' label lines from the splits the programme chose, last row first."""
    splits = [taken]
    for came in reversed(back):
        splits.insert(0, came[splits[0]])
    rows = [[*gaps[i][splits[i] :], *gaps[i + 1][: splits[i + 1]]] for i in range(len(back))]
    left_over = [*gaps[0][: splits[0]], *gaps[-1][splits[-1] :]]
    return Grouping(rows, left_over)


def _misfit(align: str, row: RowPlace, lines: list[float], pitch: float) -> float:
    """How far a row's label lines are from where the alignment puts them, in font sizes."""
    if not lines:
        return 0.0 if row.labelled else _LEFT_OVER  # a one-line label fits every alignment
    ys = sorted([*lines, row.y]) if row.labelled else lines
    if align == "bottom":
        anchor = ys[-1]
    elif align == "top":
        anchor = ys[0]
    else:
        anchor = (ys[0] + ys[-1]) / 2
    uneven = sum(abs(b - a - pitch) for a, b in pairwise(ys))
    return (abs(anchor - row.y) + uneven) / row.size
