"""Positioned pieces of text on a PDF page, upright as a person reads the page.

pypdf's ``visitor_text`` hook reports every piece of text it extracts with the text and
graphics matrices at its start, its font resource and its font size; that costs next to
nothing on top of pypdf's plain extraction. From these the reader keeps a box per piece:
where it starts and ends along its line, its baseline and its printed font size. The end
comes from the font's own glyph widths (``/Widths`` or ``/W``, as pypdf's font object reads
them, once per font and document); only a font pypdf cannot read falls back to an estimate
from the font size.

A page is read in the direction most of its text is written: a page turned by ``/Rotate``,
or a table drawn sideways on an upright page, is turned back so that its lines run left to
right and top to bottom (``/Rotate`` breaks a tie). Text written in another direction (a
vertical stamp in the margin) is left out, as a reader of the page skips it.
"""

from __future__ import annotations

import importlib
import math
import struct
import zlib
from collections.abc import Callable
from typing import Any, NamedTuple

import pypdf
from pypdf.errors import PyPdfError

# What pypdf raises on a damaged file: its own errors, and whatever a broken object
# makes its parsing code trip over (a KeyError, a zlib or struct error, deep recursion …).
DAMAGED = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    ArithmeticError,
    RecursionError,
    zlib.error,
    struct.error,
)

# Typographic ligatures read as the letters a person reads in them.
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
# A glyph of a font pypdf cannot read is taken as half an em wide.
_ESTIMATED_WIDTH = 500.0
# Below this printed size (in points) a piece is invisible: a damaged or degenerate matrix.
_INVISIBLE = 0.1


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


class _Raw(NamedTuple):
    """A piece as pypdf drew it: the quarter turn it is written in, in user space."""

    turn: int  # 0 left to right, 1 upwards, 2 right to left, 3 downwards
    x: float
    y: float
    length: float
    size: float
    text: str


class GlyphWidths:
    """The glyph widths of each font of a document, by character, read once per font."""

    def __init__(self) -> None:
        self._fonts: dict[int, tuple[object, dict[str, float], float]] = {}

    def ems(self, font: object, text: str) -> float:
        """The width of ``text`` set in ``font`` at size 1 (in ems)."""
        known = self._fonts.get(id(font))
        if known is None or known[0] is not font:
            known = (font, *_read_widths(font))
            self._fonts[id(font)] = known  # the font is kept, so its id stays its own
        widths, default = known[1], known[2]
        return sum([widths.get(char, default) for char in text]) / 1000.0


def _font_reader() -> Callable[[object], Any] | None:
    """The font reader of pypdf (``Font.from_font_resource``), where this pypdf has one."""
    try:
        module = importlib.import_module("pypdf.generic._font")
    except ImportError:
        return None
    reader = getattr(getattr(module, "Font", None), "from_font_resource", None)
    return reader if callable(reader) else None


_READ_FONT = _font_reader()


def _read_widths(font: object) -> tuple[dict[str, float], float]:
    """Widths (thousandths of an em) by the character each glyph stands for, and a default."""
    if _READ_FONT is None or font is None:
        return {}, _ESTIMATED_WIDTH
    try:
        read = _READ_FONT(font)
        by_code: dict[str, float] = dict(read.character_widths)
        glyphs = _glyph_texts(read.encoding, read.character_map)
    except DAMAGED:
        return {}, _ESTIMATED_WIDTH
    widths: dict[str, float] = {}
    for code, text in glyphs:
        width = by_code.get(code)
        if width is not None and text:
            for char in text:  # a ligature's width is shared by its letters
                widths.setdefault(char, float(width) / len(text))
    default = float(by_code.get("default", _ESTIMATED_WIDTH) or _ESTIMATED_WIDTH)
    return widths, default


def _glyph_texts(encoding: object, character_map: dict[Any, Any]) -> list[tuple[str, str]]:
    """Each glyph code (as pypdf keys its widths) with the text pypdf extracts for it."""
    if isinstance(encoding, dict):  # a simple font: byte code -> glyph -> text
        return [
            (chr(code), str(character_map.get(glyph, glyph))) for code, glyph in encoding.items()
        ]
    return [(str(code), str(text)) for code, text in character_map.items()]


def page_pieces(page: pypdf.PageObject, widths: GlyphWidths) -> list[Piece]:
    """Every visible piece of text on the page, upright.

    Raises:
        Whatever pypdf raises on a damaged page (see :data:`DAMAGED`).
    """
    raw: list[_Raw] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        text = text.strip()
        if text:
            found = _raw_piece(text, cm, tm, font, size, widths)
            if found is not None:
                raw.append(found)

    page.extract_text(visitor_text=visit)
    return _upright(raw, _rotation(page))


def _raw_piece(
    text: str, cm: list[float], tm: list[float], font: object, size: float, widths: GlyphWidths
) -> _Raw | None:
    """The piece in user space: the text matrix times the graphics matrix."""
    a = tm[0] * cm[0] + tm[1] * cm[2]
    b = tm[0] * cm[1] + tm[1] * cm[3]
    c = tm[2] * cm[0] + tm[3] * cm[2]
    d = tm[2] * cm[1] + tm[3] * cm[3]
    x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
    printed = abs(size) * math.hypot(c, d)
    if not (printed >= _INVISIBLE and math.isfinite(x) and math.isfinite(y) and printed < 1e4):
        return None
    length = widths.ems(font, text) * abs(size) * math.hypot(a, b)
    turn = (0 if a > 0 else 2) if abs(a) >= abs(b) else (1 if b > 0 else 3)
    return _Raw(turn, x, y, length, printed, text.translate(_LIGATURES))


def _rotation(page: pypdf.PageObject) -> int:
    """The page's ``/Rotate`` as quarter turns, 0 for a missing or broken entry."""
    try:
        return int(page.rotation) // 90 % 4
    except DAMAGED:
        return 0


def _upright(raw: list[_Raw], rotate: int) -> list[Piece]:
    """The pieces written in the page's main direction, turned to read left to right.

    ``/Rotate`` turns the page clockwise for display, so text upright on the displayed
    page is written that many quarter turns anticlockwise in user space.
    """
    letters = [0, 0, 0, 0]
    for piece in raw:
        letters[piece.turn] += len(piece.text)
    turn = max(range(4), key=lambda t: (letters[t], t == rotate))
    along, up = _AXES[turn]
    return [
        Piece(p.text, u, u + p.length, -up(p.x, p.y), p.size)
        for p in raw
        if p.turn == turn
        for u in (along(p.x, p.y),)
    ]


_Axis = Callable[[float, float], float]
# Per quarter turn of the writing: the coordinate along the line, and the one up the page.
_AXES: tuple[tuple[_Axis, _Axis], ...] = (
    (lambda x, y: x, lambda x, y: y),
    (lambda x, y: y, lambda x, y: -x),
    (lambda x, y: -x, lambda x, y: -y),
    (lambda x, y: -y, lambda x, y: x),
)
