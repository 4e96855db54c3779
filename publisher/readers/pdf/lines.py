"""Printed lines from positioned pieces, every distance measured in the font's own size.

Pieces whose baselines lie within a fraction of the font size of each other are one
printed line, read left to right; a fixed distance in points would merge the rows of a
table fitted to one page in a tiny font. On a line, pieces that touch are one run (a word,
or a whole cell: a program that draws every glyph on its own gives "4", "2", "1", "6",
which touch), and runs are joined with one space. Pieces that overlap by more than a little
are kept apart: a label that runs on under its neighbour cell is not part of the number
drawn over it.

The emitted text keeps pypdf's habits where the grammar relies on them: a gap between
lines wider than one and a half lines becomes a blank line, so the notes keep their
paragraphs. A soft hyphen (U+00AD) that ends a line joins the next line's first word to
its last without a space; any other soft hyphen is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

from publisher.readers.pdf.content import WORD_GAP
from publisher.readers.pdf.pieces import Piece

# Baselines closer than this many font sizes are one printed line.
SAME_LINE = 0.3
# Pieces closer than this many font sizes are one run, unless they overlap by more than
# OVERLAP (a kerned pair, "LT", overlaps by up to a fifth of an em): the space between two
# words is a quarter of an em or more in any text font.
JOIN = WORD_GAP
OVERLAP = 0.25
# A gap between two lines of more than this many font sizes is a blank line.
WIDE = 1.6
SOFT_HYPHEN = "\u00ad"
_START, _BASELINE = itemgetter(1), itemgetter(3)  # a piece's x0 and y


# Touching pieces of one line are one run: a piece of their text run together and their
# extent (most runs are one piece as it was drawn).
Run = Piece


@dataclass(slots=True)
class Line:
    """A printed line: its baseline (down the page), font size and runs left to right."""

    y: float
    size: float
    runs: list[Run]

    @property
    def text(self) -> str:
        """The line as text: its runs joined by one space."""
        return " ".join(run.text for run in self.runs)


def group_lines(pieces: list[Piece]) -> list[Line]:
    """The printed lines of a page, top to bottom."""
    pieces.sort(key=_BASELINE)
    groups: list[list[Piece]] = []
    for piece in pieces:
        if groups:
            first = groups[-1][0]
            if piece.y - first.y <= SAME_LINE * min(piece.size, first.size):
                groups[-1].append(piece)
                continue
        groups.append([piece])
    return [_line(group) for group in groups]


def _line(pieces: list[Piece]) -> Line:
    if len(pieces) == 1:
        return Line(pieces[0].y, pieces[0].size, pieces)
    pieces.sort(key=_START)
    runs = [pieces[0]]
    for piece in pieces[1:]:
        run = runs[-1]
        if -OVERLAP * piece.size < piece.x0 - run.x1 < JOIN * piece.size:
            runs[-1] = run._replace(text=run.text + piece.text, x1=max(run.x1, piece.x1))
        else:
            runs.append(piece)
    return Line(pieces[0].y, max(piece.size for piece in pieces), runs)


class Word(NamedTuple):
    """A word of a run, its extent estimated from its share of the run's letters."""

    text: str
    x0: float
    x1: float


def words(run: Run) -> list[Word]:
    """The words of a run (split at plain spaces), each with an estimated extent."""
    if " " not in run.text:
        return [Word(run.text, run.x0, run.x1)]
    step = (run.x1 - run.x0) / max(len(run.text), 1)
    found: list[Word] = []
    start = 0
    for text in run.text.split(" "):
        if text:
            found.append(Word(text, run.x0 + start * step, run.x0 + (start + len(text)) * step))
        start += len(text) + 1
    return found


class Printed(NamedTuple):
    """A line as the reader emits it, with where it was printed.

    ``problem`` names what is wrong with the line, for the reader to refuse it with its
    line number once the page's lines are counted.
    """

    y: float
    size: float
    text: str
    problem: str | None = None


def page_text(printed: list[Printed]) -> tuple[list[str], list[str | None]]:
    """The page's lines, a wide gap as a blank line, soft hyphens resolved.

    Returns the lines and, for each, the problem found with it (or None).
    """
    printed = _close_soft_hyphens(printed)
    lines: list[str] = []
    problems: list[str | None] = []
    for index, line in enumerate(printed):
        if index and line.y - printed[index - 1].y > WIDE * max(line.size, printed[index - 1].size):
            lines.append("")
            problems.append(None)
        lines.append(line.text.replace(SOFT_HYPHEN, "") if SOFT_HYPHEN in line.text else line.text)
        problems.append(line.problem)
    return lines, problems


def _close_soft_hyphens(printed: list[Printed]) -> list[Printed]:
    """Lines ending in a soft hyphen joined to the next line without a space."""
    if not any(line.text.endswith(SOFT_HYPHEN) for line in printed):
        return printed
    joined: list[Printed] = []
    for line in printed:
        if joined and joined[-1].text.endswith(SOFT_HYPHEN):
            last = joined.pop()
            problem = last.problem or line.problem
            line = line._replace(text=last.text[:-1] + line.text, problem=problem)
        joined.append(line)
    return joined
