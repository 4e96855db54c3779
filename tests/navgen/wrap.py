"""Excel-like line wrapping of a cell's text in a column of a given width.

Excel breaks a wrapped cell after a space or after a hyphen inside a word (``3414 Nord-`` /
``Odal``), keeps a lone ``-`` on the line before the break (``55 Troms -`` / ``Romsa -``),
and cuts a word that is wider than the column at the last character that fits
(``Nåavmesjenjae`` / ``lmie``). Widths come from the caller, so the wrapping follows the
font that is actually drawn.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Measure = Callable[[str], float]
"""Width of a text in the same unit as the column width."""

# A piece ends after its trailing spaces, or after a hyphen that is followed by a letter.
_PIECE = re.compile(r"\S*?-(?=[^\W\d_])|\S+\s*|\s+")


def wrap(text: str, width: float, measure: Measure) -> tuple[str, ...]:
    """Wrap ``text`` into lines no wider than ``width``.

    Args:
        text: The cell text; runs of whitespace are printed as one space.
        width: The column's text width.
        measure: Width of a string, in the unit of ``width``.

    Returns:
        The lines, without trailing spaces; at least one line.
    """
    lines: list[str] = []
    line = ""
    for piece in _PIECE.findall(" ".join(text.split())):
        if measure((line + piece).rstrip()) <= width:
            line += piece
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = piece
        while measure(line.rstrip()) > width and len(line.rstrip()) > 1:
            cut = _fitting_prefix(line, width, measure)
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return tuple(lines)


def _fitting_prefix(word: str, width: float, measure: Measure) -> int:
    """Length of the longest prefix of ``word`` that fits (at least one character)."""
    cut = 1
    while cut < len(word) and measure(word[: cut + 1]) <= width:
        cut += 1
    return cut
