"""The numbers at the end of a table row.

Nav prints counts with a thin or no-break space between thousands (``3\u00a0567``) and a
plain space between columns. Some extractors turn the no-break space into a plain space;
then ``3 567 3 567`` has to be split into values from the known column count alone, and
:func:`groupings` returns every way the digits can be read.
"""

from __future__ import annotations

import re
from decimal import Decimal

from publisher.model import Cell, Number

GROUP_SEPARATORS = "\u00a0\u202f\u2009"
SUPPRESSED = "*"

# A group separator between digits: the document kept its thousands separators.
_GROUPED = re.compile(rf"\d[{GROUP_SEPARATORS}]\d{{3}}")
_VALUE = re.compile(rf"^(?:\*|\d{{1,3}}(?:[{GROUP_SEPARATORS}]\d{{3}})*(?:,\d+)?|\d+(?:,\d+)?)$")
_TOKEN = re.compile(rf"^[\d{GROUP_SEPARATORS},*]+$")
_LEAD = re.compile(r"^[1-9]\d{0,2}$")  # the first group of a number split at thousands
_GROUP = re.compile(r"^\d{3}$")  # a following thousands group
_LAST_GROUP = re.compile(r"^\d{3}(?:,\d+)?$")


def keeps_separators(text: str) -> bool:
    """Whether the text shows thousands separators that are not plain spaces."""
    return _GROUPED.search(text) is not None


def is_numeric(token: str) -> bool:
    """Whether a whitespace-separated token is (part of) a printed value."""
    return _TOKEN.match(token) is not None and token[0] != ","


def to_cell(text: str) -> Cell:
    """The cell a printed value stands for (separators already removed or not)."""
    if text == SUPPRESSED:
        return Cell.suppressed()
    digits = "".join(ch for ch in text if ch not in GROUP_SEPARATORS and ch != " ")
    value: Number = Decimal(digits.replace(",", ".")) if "," in digits else int(digits)
    return Cell(value)


def explicit_values(tokens: tuple[str, ...]) -> tuple[str, ...] | None:
    """The tokens as values when each token is a whole value, or None if one is not."""
    return tokens if all(_VALUE.match(t) for t in tokens) else None


def groupings(tokens: tuple[str, ...], count: int) -> list[tuple[str, ...]]:
    """Every way to read plain-space separated tokens as exactly ``count`` values.

    A value is ``*``, a lone number, or a first group of one to three digits followed by
    groups of exactly three digits (the last may carry a decimal comma).
    """
    memo: dict[tuple[int, int], list[tuple[tuple[int, int], ...]]] = {}

    def spans(start: int, left: int) -> list[tuple[tuple[int, int], ...]]:
        if left == 0:
            return [()] if start == len(tokens) else []
        if len(tokens) - start < left:
            return []
        if (start, left) not in memo:
            memo[start, left] = [
                ((start, end), *rest)
                for end in _value_ends(tokens, start)
                for rest in spans(end, left - 1)
            ]
        return memo[start, left]

    return [tuple(" ".join(tokens[a:b]) for a, b in found) for found in spans(0, count)]


def _value_ends(tokens: tuple[str, ...], start: int) -> list[int]:
    """Where a value that starts at ``tokens[start]`` may end (exclusive)."""
    first = tokens[start]
    if not _VALUE.match(first):
        return []
    ends = [start + 1]
    if not _LEAD.match(first):
        return ends
    end = start + 1
    while end < len(tokens) and _LAST_GROUP.match(tokens[end]):
        ends.append(end + 1)
        if not _GROUP.match(tokens[end]):
            break
        end += 1
    return ends
