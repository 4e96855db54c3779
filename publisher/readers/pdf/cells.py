"""A table row's numbers placed in its columns by where they are printed.

Every column's cell lies between its neighbours' headings: a number under a heading belongs
to that column, and a number in the gap between two headings to one of the two (numbers are
usually right-aligned, headings may be centred, so a short number can sit clear of its own
heading). A row's numbers go to the columns left to right, each column taking at least one;
a column takes several runs only as the thousands groups of one number whose separator was
drawn as a gap (a program that sets each group on its own), and where that leaves a choice
the placement with the narrowest gaps inside a cell wins. So geometry, not a separator that
one program keeps and another loses, decides which digits make one value, and each value
is written again with U+00A0 between its thousands.

A ``*`` is a cell of its own and never joins anything: a run printed over or under it in the
same column, or one too many in its row, is refused without being shown, since it could be
the number Nav hid.
"""

from __future__ import annotations

import re

from publisher.readers.pdf.columns import Columns
from publisher.readers.pdf.lines import Run
from publisher.readers.wording import GROUP_SEPARATORS, THOUSANDS, group_thousands

SUPPRESSED = "*"
# A printed value: `*`, or digits with any thousands separator and a decimal comma.
VALUE = re.compile(rf"\*|[0-9][0-9{GROUP_SEPARATORS} ]*(?:,[0-9]+)?")
_GROUPED = re.compile(rf"[0-9]{{1,3}}(?:{THOUSANDS}[0-9]{{3}})*(?:,[0-9]+)?")
_DIGITS = re.compile(r"([0-9]+)(,[0-9]+)?")
_SEPARATORS = str.maketrans("", "", GROUP_SEPARATORS + " ")
# How far (in font sizes) a number may reach past the heading of a neighbouring column.
_REACH = 0.2
# Groups of one number printed as runs of their own: at most this far apart (font sizes).
_SEPARATOR = 0.6
_LEADING = re.compile(rf"[0-9]{{1,3}}(?:[{GROUP_SEPARATORS} ][0-9]{{3}})*")
_FOLLOWING = re.compile(r"[0-9]{3}(?:,[0-9]+)?")
_TOO_MANY = "a row with a cell printed as '*' has more numbers printed than it has columns"

Placement = list[list[Run]]  # the runs of each column, left to right
Boxes = tuple[tuple[float, float], ...]  # each column's extent, left to right


def row_cells(runs: list[Run], columns: Columns, size: float) -> tuple[list[str], str | None]:
    """The row's values in the grammar's order (average, then months), and any problem.

    When no placement gives every column a value, the runs are returned one value each, in
    order, for the grammar to count and refuse; but a row with a ``*`` and more runs than
    columns is refused here, without its text: the extra run could be the hidden number.
    """
    boxes = columns.boxes
    placed = _place(runs, boxes, _REACH * size)
    if placed is None:
        problem = None
        if len(runs) > len(boxes) and any(run.text == SUPPRESSED for run in runs):
            problem = _hidden_under_star(runs, boxes) or _TOO_MANY
        return [_value([run]) for run in runs], problem
    values = [_value(group) for group in placed]
    return [values[i] for i in columns.order], None


def _place(runs: list[Run], boxes: Boxes, reach: float) -> Placement | None:
    """The runs of each column, or None if they cannot fill every column in order."""
    count = len(boxes)
    if len(runs) < count:
        return None
    if len(runs) == count and all(_between(run, i, boxes, reach) for i, run in enumerate(runs)):
        return [[run] for run in runs]  # one run per column: by far the most common row
    allowed = [_allowed(run, boxes, reach) for run in runs]
    return _best_placement(runs, allowed, count)


def _between(run: Run, column: int, boxes: Boxes, reach: float) -> bool:
    """Whether a run lies between the headings of the columns left and right of ``column``."""
    return (column == 0 or run.x0 >= boxes[column - 1][1] - reach) and (
        column == len(boxes) - 1 or run.x1 <= boxes[column + 1][0] + reach
    )


def _allowed(run: Run, boxes: Boxes, reach: float) -> tuple[int, ...]:
    """The columns a run may belong to: the heading it lies under, else the gap it is in."""
    overlaps = [min(run.x1, x1) - max(run.x0, x0) for x0, x1 in boxes]
    under = max(range(len(boxes)), key=overlaps.__getitem__)
    if overlaps[under] > 0:
        return (under,)
    return tuple(i for i in range(len(boxes)) if _between(run, i, boxes, reach))


def _best_placement(
    runs: list[Run], allowed: list[tuple[int, ...]], count: int
) -> Placement | None:
    """The placement that fills every column with the narrowest gaps inside its cells.

    ``cost[column][end]`` is the least total gap inside cells of a placement of
    ``runs[:end]`` into the first ``column`` columns; ``start`` remembers where its last
    cell begins.
    """
    total = len(runs)
    none = float("inf")
    cost = [[none] * (total + 1) for _ in range(count + 1)]
    start = [[0] * (total + 1) for _ in range(count + 1)]
    cost[0][0] = 0.0
    for column in range(count):
        for first in range(total):
            if cost[column][first] == none:
                continue
            for end, inside in _cells_from(runs, allowed, first, column):
                if cost[column][first] + inside < cost[column + 1][end]:
                    cost[column + 1][end] = cost[column][first] + inside
                    start[column + 1][end] = first
    if cost[count][total] == none:
        return None
    placed: Placement = []
    end = total
    for column in range(count, 0, -1):
        placed.insert(0, runs[start[column][end] : end])
        end = start[column][end]
    return placed


def _cells_from(
    runs: list[Run], allowed: list[tuple[int, ...]], first: int, column: int
) -> list[tuple[int, float]]:
    """Where a cell of ``column`` starting at ``runs[first]`` may end, and its inner gaps."""
    found: list[tuple[int, float]] = []
    inside = 0.0
    for end in range(first + 1, len(runs) + 1):
        run = runs[end - 1]
        if column not in allowed[end - 1]:
            break
        if end > first + 1:
            if not _joins(runs[end - 2], run):
                break
            inside += max(run.x0 - runs[end - 2].x1, 0.0)
        found.append((end, inside))
    return found


def _joins(previous: Run, run: Run) -> bool:
    """Whether a run goes on the value before it: a thousands group after a lost separator.

    Runs of one line are at least a word space apart, so the only number two of them make
    is one whose separator was drawn as a gap: a first group of one to three digits, then
    groups of three, no wider apart than a separator. Never a `*`.
    """
    return (
        run.x0 - previous.x1 < _SEPARATOR * run.size
        and _LEADING.fullmatch(previous.text) is not None
        and _FOLLOWING.fullmatch(run.text) is not None
    )


def _value(group: list[Run]) -> str:
    """A cell's runs as one value, its thousands grouped with U+00A0; `*` as printed."""
    printed = group[0].text if len(group) == 1 else "".join(run.text for run in group)
    if printed == SUPPRESSED or _GROUPED.fullmatch(printed):
        return printed  # grouped as the grammar reads it already: most cells
    found = _DIGITS.fullmatch(printed.translate(_SEPARATORS))
    if found is None:
        return " ".join(run.text for run in group)  # left as printed, for the grammar to refuse
    return group_thousands(found[1]) + (found[2] or "")


def _hidden_under_star(runs: list[Run], boxes: Boxes) -> str | None:
    """A problem if a `*` shares its column with another run, without naming that run."""
    columns: dict[int, list[str]] = {}
    for run in runs:
        allowed = _allowed(run, boxes, 0.0)
        if len(allowed) == 1:
            columns.setdefault(allowed[0], []).append(run.text)
    for texts in columns.values():
        if SUPPRESSED in texts and len(texts) > 1:
            return "a cell printed as '*' has more text printed in it"
    return None
