"""Positioned pieces of text on a PDF page, upright as a person reads the page.

Each piece is a string the page shows (:mod:`.content`) with its box: where it starts and
ends along its line, its baseline and its printed font size.

A page is read in the direction most of its text is written: a page turned by ``/Rotate``,
or a table drawn sideways on an upright page, is turned back so that its lines run left to
right and top to bottom (``/Rotate`` breaks a tie). Text written in another direction (a
vertical stamp in the margin) is left out, as a reader of the page skips it. Typographic
ligatures (``ﬁ``) read as their letters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

import pypdf
from pypdf.generic import ContentStream

from publisher.readers.pdf.content import Drawn, PageText
from publisher.readers.pdf.damaged import DAMAGED
from publisher.readers.pdf.fonts import Fonts

_LIGATURE = re.compile("[\ufb00-\ufb06]")
_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb06": "st",
    }
)


class Piece(NamedTuple):
    """A piece of text and its box on the upright page, in points.

    ``x0`` and ``x1`` run left to right along the line, ``y`` is the baseline counted
    down from the top of the page, ``size`` the font size as printed.
    """

    text: str
    x0: float
    x1: float
    y: float
    size: float


def page_pieces(page: pypdf.PageObject, fonts: Fonts) -> list[Piece]:
    """Every visible piece of text on the page, upright.

    Raises:
        Whatever pypdf raises on a damaged page (see :data:`DAMAGED`).
    """
    contents = page.get("/Contents")
    if contents is None:
        return []
    text = PageText(fonts, page.pdf)
    text.read(ContentStream(contents.get_object(), page.pdf, "bytes"), page.get("/Resources"))
    return _upright(text.drawn, _rotation(page))


def _rotation(page: pypdf.PageObject) -> int:
    """The page's ``/Rotate`` as quarter turns, 0 for a missing or broken entry."""
    try:
        return int(page.rotation) // 90 % 4
    except DAMAGED:
        return 0


def _upright(drawn: list[Drawn], rotate: int) -> list[Piece]:
    """The pieces written in the page's main direction, turned to read left to right.

    ``/Rotate`` turns the page clockwise for display, so text upright on the displayed
    page is written that many quarter turns anticlockwise in user space.
    """
    letters = [0, 0, 0, 0]
    for piece in drawn:
        letters[piece.turn] += len(piece.text)
    turn = max(range(4), key=lambda t: (letters[t], t == rotate))
    along, up = _AXES[turn]
    pieces = [
        Piece(p.text, u, u + p.length, -up(p.x, p.y), p.size)
        for p in drawn
        if p.turn == turn
        for u in (along(p.x, p.y),)
    ]
    return [_letters(piece) if _LIGATURE.search(piece.text) else piece for piece in pieces]


def _letters(piece: Piece) -> Piece:
    """The piece with its typographic ligatures read as the letters a person reads."""
    return piece._replace(text=piece.text.translate(_LIGATURES))


_Axis = Callable[[float, float], float]
# Per quarter turn of the writing: the coordinate along the line, and the one up the page.
_AXES: tuple[tuple[_Axis, _Axis], ...] = (
    (lambda x, y: x, lambda x, y: y),
    (lambda x, y: y, lambda x, y: -x),
    (lambda x, y: -x, lambda x, y: -y),
    (lambda x, y: -y, lambda x, y: x),
)
