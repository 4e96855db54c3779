"""Final numbers for every row, checked against the block's ``I alt`` row.

In a section whose rows split the total (sex, age, county, …; ``additive`` in the spec),
the rows of a block add up to its ``I alt`` row, each ``*`` counting what its family's rule allows
(0–3 for TILT: see ``confidentiality.read_range``). That settles two things:

- a row read more than one way (a document that lost its thousands separators) takes
  the reading that keeps every column's sum right; if that leaves more or fewer than one
  combination, the report cannot be read safely and the error says which row;
- a block that does not add up was misread or lost rows (a damaged page reads as no
  text at all in pypdf), and is refused rather than published short.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import product

from publisher.confidentiality import read_range, rounding_slack
from publisher.errors import InputError
from publisher.model import Block, Cell, Number, Row, Table
from publisher.parse.rows import Cells, RawBlock, RawRow, RawTable, Rule

_MOST_COMBINATIONS = 4096


def build_table(raw: RawTable, rule: Rule) -> Table:
    """The model table of a raw table, every row at one reading.

    Args:
        raw: The table as read.
        rule: The family's threshold, and the column names for error messages (the
            average first, then the months).
    """
    if not raw.blocks:
        raise InputError("section without rows", repr(raw.title), raw.where)
    blocks = tuple(_build_block(b, raw.section.additive, rule) for b in raw.blocks)
    return Table(title=raw.title, blocks=blocks)


def _build_block(raw: RawBlock, additive: bool, rule: Rule) -> Block:
    rows = [raw.total, *raw.rows.values()]
    hidden = read_range(rule.threshold)
    chosen = _resolve(rows, additive, hidden)
    if additive and raw.rows and (column := _misfit(chosen, hidden)) is not None:
        raise _short(raw, chosen, column, rule.columns[column], hidden)
    built = [_build_row(row, cells) for row, cells in zip(rows, chosen, strict=True)]
    return Block(total=built[0], rows=tuple(built[1:]))


def _build_row(raw: RawRow, cells: Cells) -> Row:
    return Row(
        label=raw.label,
        code=raw.code,
        average=cells[0],
        months=cells[1:],
        page=raw.where.page,
        line=raw.where.line,
    )


def _resolve(rows: list[RawRow], additive: bool, hidden: tuple[int, int]) -> list[Cells]:
    if all(len(r.candidates) == 1 for r in rows):
        return [r.candidates[0] for r in rows]
    first = next(r for r in rows if len(r.candidates) > 1)
    if not additive:
        raise _ambiguous(first, "the rows of this section need not add up to its 'I alt' row")
    combos = 1
    for row in rows:
        combos *= len(row.candidates)
    if combos > _MOST_COMBINATIONS:
        raise _ambiguous(first, "too many rows in the block can be read more than one way")
    fitting = [c for c in product(*(r.candidates for r in rows)) if _misfit(c, hidden) is None]
    if len(fitting) != 1:
        reason = "no reading" if not fitting else "more than one reading"
        raise _ambiguous(first, f"{reason} of the block adds up to its 'I alt' row")
    return list(fitting[0])


def _misfit(rows: Sequence[Cells], bounds: tuple[int, int]) -> int | None:
    """The first column where the rows after the first do not add up to the first."""
    total, parts = rows[0], rows[1:]
    least, most = bounds  # of each suppressed cell
    for column, (total_cell, *cells) in enumerate(zip(total, *parts, strict=True)):
        if total_cell.value is None:
            continue
        # Averages are rounded row by row, so their sum may miss the total's.
        slack = rounding_slack(len(parts)) if column == 0 else 0
        known, hidden = _column_sum(cells)
        low, high = float(known + least * hidden) - slack, float(known + most * hidden) + slack
        if not low <= float(total_cell.value) <= high:
            return column
    return None


def _column_sum(cells: Sequence[Cell]) -> tuple[Number, int]:
    """The sum of the printed values among the cells, and how many are suppressed."""
    values = [c.value for c in cells if c.value is not None]
    return sum(values), len(cells) - len(values)


def _short(
    raw: RawBlock, chosen: list[Cells], column: int, name: str, bounds: tuple[int, int]
) -> InputError:
    # Only printed numbers are named: the sum of the printed rows and the printed total.
    known, hidden = _column_sum([row[column] for row in chosen[1:]])
    return InputError(
        "rows do not add up to their 'I alt' row",
        f"in {name!r} the {len(chosen) - 1} rows under {raw.total.label!r} print {known}"
        f" plus {hidden} suppressed cells ({'–'.join(map(str, bounds))} each), the 'I alt'"
        f" row prints"
        f" {chosen[0][column].value}: a page or row is missing or misread",
        raw.total.where,
    )


def _ambiguous(row: RawRow, reason: str) -> InputError:
    options = " or ".join(" | ".join(_show(cell) for cell in c) for c in row.candidates)
    return InputError(
        "cannot tell where one number ends and the next begins",
        f"the thousands separators are lost and {row.label!r} reads {options}; {reason}",
        row.where,
    )


def _show(cell: Cell) -> str:
    return "*" if cell.value is None else str(cell.value)
