"""Final numbers for every row: pick one reading per row where the digits were ambiguous.

Only a document that lost its thousands separators has rows with several readings. The
rows of a block add up to its ``I alt`` row (each ``*`` being 0–3), so the readings that
keep every column's sum consistent are the right ones; if that leaves more or fewer than
one combination, the report cannot be read safely and the error says which row.
"""

from __future__ import annotations

from itertools import product

from publisher.errors import InputError
from publisher.model import Block, Row, Table
from publisher.parse.numbers import to_cell
from publisher.parse.rows import RawBlock, RawRow, RawTable

_MOST_COMBINATIONS = 4096
_MOST_HIDDEN = 3  # Nav prints `*` for counts under 4


def build_table(raw: RawTable) -> Table:
    """The model table of a raw table, every row at one reading."""
    return Table(title=raw.title, blocks=tuple(_build_block(b) for b in raw.blocks))


def _build_block(raw: RawBlock) -> Block:
    rows = [raw.total, *raw.rows.values()]
    chosen = _resolve(rows)
    built = [_build_row(row, reading) for row, reading in zip(rows, chosen, strict=True)]
    return Block(total=built[0], rows=tuple(built[1:]))


def _build_row(raw: RawRow, reading: tuple[str, ...]) -> Row:
    cells = [to_cell(v) for v in reading]
    return Row(
        label=raw.label,
        code=raw.code,
        average=cells[0],
        months=tuple(cells[1:]),
        page=raw.where.page,
        line=raw.where.line,
    )


def _resolve(rows: list[RawRow]) -> list[tuple[str, ...]]:
    if all(len(r.candidates) == 1 for r in rows):
        return [r.candidates[0] for r in rows]
    first = next(r for r in rows if len(r.candidates) > 1)
    combos = 1
    for row in rows:
        combos *= len(row.candidates)
    if combos > _MOST_COMBINATIONS:
        raise _ambiguous(first, "too many rows in the block can be read more than one way")
    fitting = [c for c in product(*(r.candidates for r in rows)) if _adds_up(c)]
    if len(fitting) != 1:
        reason = "no reading" if not fitting else "more than one reading"
        raise _ambiguous(first, f"{reason} of the block adds up to its 'I alt' row")
    return list(fitting[0])


def _adds_up(readings: tuple[tuple[str, ...], ...]) -> bool:
    cells = [[to_cell(v) for v in reading] for reading in readings]
    total, parts = cells[0], cells[1:]
    for column, total_cell in enumerate(total):
        if total_cell.value is None:
            continue
        # Averages are rounded row by row, so their sum may miss the total's by one a row.
        slack = len(parts) if column == 0 else 0
        column_cells = [row[column] for row in parts]
        known = sum(c.value for c in column_cells if c.value is not None)
        hidden = sum(1 for c in column_cells if c.value is None)
        if not known - slack <= total_cell.value <= known + _MOST_HIDDEN * hidden + slack:
            return False
    return True


def _ambiguous(row: RawRow, reason: str) -> InputError:
    options = " or ".join(" | ".join(c) for c in row.candidates)
    return InputError(
        "cannot tell where one number ends and the next begins",
        f"the thousands separators are lost and {row.label!r} reads {options}; {reason}",
        row.where,
    )
