"""Table rows as read, before their numbers are final.

A row line ends in its values; every line before it that carries no values is part of
its label (labels wrap in Nav's narrow first column, and the values sit on the last
line). When a document lost its thousands separators, a row may have several readings
(``candidates``); :mod:`publisher.parse.resolve` picks one per row from the block totals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from publisher.confidentiality import average_fits, read_range
from publisher.errors import InputError, Location
from publisher.family.spec import SectionSpec
from publisher.model import Cell
from publisher.parse.numbers import VALUE_PATTERN, groupings, to_cell
from publisher.readers.wording import GROUP_SEPARATORS

TOTAL_PREFIX = "I alt"
_TOTAL_WORD = TOTAL_PREFIX + " "
_CODE = re.compile(r"^(?:\d{2}|\d{4})$")
_ENGLISH_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+$")


Cells = tuple[Cell, ...]  # one reading of a row: the average, then the months


@dataclass(slots=True)
class RawRow:
    """A row as read: label, the region code if the section has them, its readings."""

    label: str
    code: str | None
    candidates: list[Cells]
    printed: str  # the value text as printed: a row printed again prints the same
    where: Location
    is_total: bool = False  # an ``I alt …`` row

    def __post_init__(self) -> None:
        self.is_total = self.label == TOTAL_PREFIX or self.label.startswith(_TOTAL_WORD)


@dataclass(slots=True)
class RawBlock:
    """An ``I alt …`` row and the rows under it, found by label."""

    total: RawRow
    rows: dict[str, RawRow] = field(default_factory=dict)


@dataclass(slots=True)
class RawTable:
    """A section's blocks, in order."""

    section: SectionSpec
    where: Location
    blocks: list[RawBlock] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The section title."""
        return self.section.title

    def add(self, row: RawRow) -> None:
        """Add a row, dropping the ``I alt`` row that every page reprints.

        Only an ``I alt`` row is ever reprinted: any other row seen twice in a block means
        a page was read twice (or a damaged file repeats one), and is an error.
        """
        if row.is_total:
            self._add_total(row)
            return
        if not self.blocks:
            raise InputError(
                "row before the first 'I alt' row", f"{row.label!r} in {self.title!r}", row.where
            )
        block = self.blocks[-1]
        earlier = block.rows.get(row.label)
        if earlier is not None:
            _check_repeat(row, earlier)
            raise InputError(
                "row appears twice", f"{row.label!r} was read before at {earlier.where}", row.where
            )
        block.rows[row.label] = row

    def last_code(self) -> str | None:
        """The region code that starts the last row read, if any."""
        rows = self.blocks[-1].rows if self.blocks else {}
        return next(reversed(rows.values())).code if rows else None

    def extend_last(self, lines: list[str]) -> None:
        """Add label lines to the block's last row (its label went on over a page break)."""
        block = self.blocks[-1] if self.blocks else None
        if block is None or not block.rows:
            where = block.total.where if block else self.where
            raise InputError("label without numbers", repr(" ".join(lines)), where)
        label, row = block.rows.popitem()  # a dict keeps its order: the last row read
        row.label = join_label([label, *lines])
        if row.label in block.rows:
            raise InputError("row appears twice", repr(row.label), row.where)
        block.rows[row.label] = row

    def _add_total(self, row: RawRow) -> None:
        earlier = next((b.total for b in self.blocks if b.total.label == row.label), None)
        if earlier is None:
            self.blocks.append(RawBlock(row))
        else:
            _check_repeat(row, earlier)


def _check_repeat(row: RawRow, earlier: RawRow) -> None:
    """A row printed again must print the same numbers (its separators may differ)."""
    if earlier.printed != row.printed and not set(row.candidates) & set(earlier.candidates):
        raise InputError(
            "repeated row with different numbers",
            f"{row.label!r} reads {row.printed!r} here and {earlier.printed!r} at {earlier.where}",
            row.where,
        )


@dataclass(slots=True)
class Split:
    """A row line split into its label text, its value tokens and their readings."""

    label: str
    values: tuple[str, ...]
    readings: list[tuple[str, ...]]
    printed: str


_NUMERIC_CHARS = "0123456789,* " + GROUP_SEPARATORS
# One value token, ASCII digits only: what a row line's numbers are printed with.
_VALUE = re.compile(VALUE_PATTERN, re.ASCII)


@lru_cache(maxsize=65536)
def _is_value(token: str) -> bool:
    """Whether one plain-space separated token is a printed value (cached: they repeat)."""
    return _VALUE.fullmatch(token) is not None


def split_row(text: str, count: int, explicit: bool) -> Split | None:
    """Split a line into its label and readings of its ``count`` trailing values.

    Returns None for a line that carries no values (part of a wrapped label). Raises
    ValueError with a reason when the line ends in numbers that do not make ``count`` values.
    """
    found = _trailing_values(text)
    if found is None:
        return None
    label, values, printed = found
    if not label and len(values) > count and _CODE.match(values[0]):
        # A region code on the same line as the values, with the name on lines above.
        label, values, printed = values[0], values[1:], printed[len(values[0]) + 1 :]
    # With separators kept every token is one value; without them, find the groupings.
    readings = groupings(values, count) if not explicit else _whole(values, count)
    if not readings:
        raise ValueError(f"{' '.join(values)!r} is not {count} values")
    return Split(label, values, readings, printed)


def _whole(values: tuple[str, ...], count: int) -> list[tuple[str, ...]]:
    return [values] if len(values) == count else []


def _trailing_values(text: str) -> tuple[str, tuple[str, ...], str] | None:
    """The label, the two or more value tokens that end the line and their text, if any.

    The values are the longest run of value tokens that ends the line: digits glued to
    the label's last word belong to the label, and a malformed token among the numbers
    ends the run (what is valid after it is taken). ``text`` is a normalised line (no
    runs of spaces), so its tokens are what plain spaces separate.
    """
    if not text or text[-1] not in _NUMERIC_CHARS:
        return None  # a wrapped label's line, not ending in a number
    tokens = text.split(" ")
    valid = list(map(_is_value, tokens))
    start = len(tokens) - valid[::-1].index(False) if False in valid else 0
    if len(tokens) - start < 2:
        return None  # one number: a code or a number that ends a wrapped label line
    values = tuple(tokens[start:])
    return " ".join(tokens[:start]), values, " ".join(values)


def make_row(
    label_lines: list[str], split: Split, with_code: bool, rule: Rule, where: Location
) -> RawRow:
    """A raw row from its label, line by line as printed, and its split value line.

    Raises:
        InputError: The line prints a number written the English way (``4,216``), or
            every reading of it prints a count under the family's threshold as a number.
    """
    label = join_label(label_lines)
    first = label.split(" ", 1)[0]
    english = _english(split)
    if english is not None:
        raise InputError(
            "number with a comma between thousands",
            f"{label!r} prints {english!r}: Nav groups thousands with a space and writes"
            " decimals after a comma, so this reads as a fraction; export it in Norwegian",
            where,
        )
    readings = [tuple(map(to_cell, r)) for r in split.readings]
    return RawRow(
        label=label,
        code=first if with_code and _CODE.match(first) else None,
        candidates=_plausible(_unsuppressed(readings, label, rule, where), rule.threshold),
        printed=split.printed,
        where=where,
    )


def _english(split: Split) -> str | None:
    """The first value written with a comma between thousands (``4,216``), if any."""
    if "," not in split.printed:
        return None  # nearly every row: no decimals, nothing to look at
    return next((v for v in split.values if _ENGLISH_THOUSANDS.match(v)), None)


@dataclass(frozen=True, slots=True)
class Rule:
    """The family's confidentiality rule as the grammar checks it, with the column names."""

    threshold: int  # every count under it is printed as `*`
    columns: tuple[str, ...]  # the average, then each month, for messages


def _unsuppressed(readings: list[Cells], label: str, rule: Rule, where: Location) -> list[Cells]:
    """The readings that print no count under the threshold as a number.

    The report's rule is that such counts are `*`; a file that prints one (a workbook whose
    number format only hides it, a misreading) must not be published. The message names
    the column, never the number.
    """
    allowed = [r for r in readings if _small(r, rule.threshold) is None]
    if allowed:
        return allowed
    column = _small(readings[0], rule.threshold)
    assert column is not None  # noqa: S101 - no reading was allowed
    raise InputError(
        "a count under the threshold printed as a number",
        f"{label!r} prints a number under {rule.threshold} in {rule.columns[column]!r}, where"
        f" the report's rule prints '*'; it is not published",
        where,
    )


def _small(reading: Cells, threshold: int) -> int | None:
    """The first column of the reading that prints a count under the threshold."""
    for column, cell in enumerate(reading):  # a loop, not next(genexpr): once a row
        if cell.value is not None and cell.value < threshold:
            return column
    return None


def starts_row(text: str) -> bool:
    """Whether a line of a region section starts with a county or municipality code."""
    return _CODE.match(text.split(" ", 1)[0]) is not None


def join_label(lines: list[str]) -> str:
    """The label's lines joined; a word broken at its hyphen (``Aurskog-``/``Høland``) closes up."""
    text = ""
    for line in lines:
        glue = "" if not text or (text.endswith("-") and text[-2:-1].isalpha()) else " "
        text = f"{text}{glue}{line}"
    return text


def _plausible(readings: list[Cells], threshold: int) -> list[Cells]:
    """The readings whose year-to-date average fits the months, or all if none does."""
    if len(readings) < 2:
        return readings
    fitting = [r for r in readings if _average_fits(r, threshold)]
    return fitting or readings


def _average_fits(reading: Cells, threshold: int) -> bool:
    average, *months = (cell.value for cell in reading)
    if average is None:
        return True
    known = sum(v for v in months if v is not None)
    hidden = sum(1 for v in months if v is None)
    return average_fits(float(average), float(known), hidden, len(months), read_range(threshold))
