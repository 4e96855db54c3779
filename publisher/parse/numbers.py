"""The numbers at the end of a table row.

Nav prints counts with a thin or no-break space between thousands (``3\u00a0567``) and a
plain space between columns. Some extractors turn the no-break space into a plain space;
then ``3 567 3 567`` has to be split into values from the known column count alone, and
:func:`groupings` returns every way the digits can be read.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from publisher.model import Cell, Number
from publisher.readers.wording import GROUP_SEPARATORS

SUPPRESSED = "*"

# A group separator between digits: the document kept its thousands separators.
_GROUPED = re.compile(rf"\d[{GROUP_SEPARATORS}]\d{{3}}")
_NO_SEPARATORS = str.maketrans("", "", GROUP_SEPARATORS + " ")
# One printed value as a pattern: `*`, digits grouped by a separator, or plain digits.
VALUE_PATTERN = rf"(?:\*|\d{{1,3}}(?:[{GROUP_SEPARATORS}]\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?)"
_VALUE = re.compile(VALUE_PATTERN)
_LONE = re.compile(r"^(?:\*|0(?:,\d+)?|[1-9]\d*(?:,\d+)?)$")  # no leading zero
_LEAD = re.compile(r"^[1-9]\d{0,2}$")  # the first group of a number split at thousands
_GROUP = re.compile(r"^\d{3}$")  # a following thousands group
_LAST_GROUP = re.compile(r"^\d{3}(?:,\d+)?$")


def keeps_separators(text: str) -> bool:
    """Whether the text shows thousands separators that are not plain spaces."""
    return _GROUPED.search(text) is not None


@lru_cache(maxsize=65536)
def to_cell(text: str) -> Cell:
    """The cell a printed value stands for, thousands separators and all.

    Cells are immutable, so one cell serves every printing of the same value.
    """
    if text == SUPPRESSED:
        return Cell.suppressed()
    digits = text.translate(_NO_SEPARATORS)
    value: Number = Decimal(digits.replace(",", ".")) if "," in digits else int(digits)
    return Cell(value)


def groupings(tokens: tuple[str, ...], count: int) -> list[tuple[str, ...]]:
    """Every way to read plain-space separated tokens as exactly ``count`` values.

    A value is ``*``, a lone number, or a first group of one to three digits followed by
    groups of exactly three digits (the last may carry a decimal comma). A value never
    takes a token the values after it need: a row of ``count`` tokens has one reading at
    most, and no run of three-digit groups is tried that leaves too few tokens.
    """
    if len(tokens) == count:  # most rows: no value has a thousands group to join
        return [tokens] if all(map(_LONE.match, tokens)) else []
    memo: dict[tuple[int, int], list[tuple[tuple[int, int], ...]]] = {}

    def spans(start: int, left: int) -> list[tuple[tuple[int, int], ...]]:
        if left == 0:
            return [()] if start == len(tokens) else []
        last = len(tokens) - left + 1  # the furthest this value may end
        if start >= last:
            return []
        if (start, left) not in memo:
            memo[start, left] = [
                ((start, end), *rest)
                for end in _value_ends(tokens, start, last)
                for rest in spans(end, left - 1)
            ]
        return memo[start, left]

    return [tuple(" ".join(tokens[a:b]) for a, b in found) for found in spans(0, count)]


def _value_ends(tokens: tuple[str, ...], start: int, last: int) -> list[int]:
    """Where a value that starts at ``tokens[start]`` may end (exclusive), up to ``last``."""
    first = tokens[start]
    if not _LONE.match(first):
        return []
    ends = [start + 1]
    if not _LEAD.match(first):
        return ends
    end = start + 1
    while end < last and _LAST_GROUP.match(tokens[end]):
        ends.append(end + 1)
        if not _GROUP.match(tokens[end]):
            break
        end += 1
    return ends
