"""The text a page's content stream shows, string by string, where the page shows it.

The reader follows the content stream's text operators itself; pypdf parses the stream and
reads the fonts (:mod:`.fonts`). Every string shown (a ``Tj``, each string of a ``TJ``) is
placed by the text and graphics matrices and is as long as its glyphs advance the pen
(glyph widths, character and word spacing, horizontal scaling, a ``TJ``'s kerning), so a
piece of text lies exactly where it is printed whichever program wrote the file, in
whatever order, in whatever pieces. Strings set one after another (the pen moved on only by
their glyphs, a kerning, or a move along the line, as programs that place every glyph on its
own do) are one piece, with a space where a space glyph was shown or the gap is a word's.
pypdf's text extraction walks the same operators to build plain text and reports positions
only where it breaks its text; reading them here gives each string's true box, and takes
less time than that extraction.

Form XObjects are followed to a fixed depth and number; an operator whose operands make no
sense is skipped, as pypdf skips it; a content stream pypdf cannot parse is the page's error.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple

from pypdf.generic import ContentStream, DictionaryObject

from publisher.readers.pdf.fonts import FontFace, Fonts

Matrix = list[float]
_IDENTITY: tuple[float, ...] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# Form XObjects inside form XObjects are followed this deep, and this often per page.
_MAX_DEPTH = 8
_MAX_FORMS = 1000
# Below this printed size (in points) text is invisible; beyond the other bound (or at a
# position beyond it) the matrices are broken: a damaged file.
_INVISIBLE = 0.1
_HUGE = 1e6
# A move of the line's start by less than this across the line (in font sizes) keeps to
# the line: programs that place glyph after glyph move it by each glyph's width.
_TOUCH = 0.02
# Two strings set one after the other are one piece unless the pen jumps back more than
# _OVERLAP or on more than _FAR (in font sizes: a kerning that leaves a column's width);
# between them is a word space if a space glyph was shown or the gap is WORD_GAP or more.
_OVERLAP = 0.5
_FAR = 0.8
WORD_GAP = 0.15
# Operands an operator cannot use: it is skipped.
_BAD_OPERANDS = (ValueError, TypeError, IndexError, KeyError, AttributeError, ArithmeticError)


class Drawn(NamedTuple):
    """A shown string in user space.

    Its quarter turn, where it starts, how long it is, its printed size and its text.
    """

    turn: int  # 0 left to right, 1 upwards, 2 right to left, 3 downwards
    x: float
    y: float
    length: float
    size: float
    text: str


class _State:
    """The graphics state the text operators read; ``q`` saves it, ``Q`` restores it."""

    __slots__ = ("char_spacing", "cm", "face", "leading", "rise", "scale", "size", "word_spacing")

    def __init__(self, face: FontFace) -> None:
        self.cm: Matrix = list(_IDENTITY)
        self.face = face
        self.size = 0.0
        self.char_spacing = 0.0
        self.word_spacing = 0.0
        self.scale = 1.0
        self.leading = 0.0
        self.rise = 0.0

    def copy(self) -> _State:
        state = _State(self.face)
        for name in _State.__slots__:
            setattr(state, name, getattr(self, name))
        return state


def _times(m: Matrix, n: Matrix) -> Matrix:
    """The matrix product ``m × n`` of two PDF matrices."""
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


class PageText:
    """Reads the strings a page shows; ``drawn`` holds them in the order they are shown."""

    def __init__(self, fonts: Fonts, pdf: object) -> None:
        self.drawn: list[Drawn] = []
        self._fonts, self._pdf = fonts, pdf
        self._state = _State(fonts.face(None))
        self._saved: list[_State] = []
        self._tm: Matrix = list(_IDENTITY)
        self._lm: Matrix = list(_IDENTITY)
        self._resources: DictionaryObject = DictionaryObject()
        self._font_names: dict[Any, Any] = {}
        self._depth = 0
        self._forms = 0
        self._run: _Run | None = None  # the piece being set, while the pen goes on from it
        self._pen = 0.0  # how far the pen stands from the line's start, along the line

    def read(self, content: ContentStream, resources: object) -> None:
        """Follow the content stream's operators with these resources."""
        outer = self._resources, self._font_names
        self._resources = _dictionary(resources)
        self._font_names = _dictionary(self._resources.get("/Font"))
        try:
            for operands, operator in content.operations:
                handler = _HANDLERS.get(operator)
                if handler is not None:
                    try:  # noqa: SIM105 - cheaper per operator than contextlib.suppress
                        handler(self, operands)
                    except _BAD_OPERANDS:
                        pass
        finally:
            self._resources, self._font_names = outer

    # -- state -------------------------------------------------------------------------

    def _begin_text(self, _: list[Any]) -> None:
        self._tm, self._lm = list(_IDENTITY), list(_IDENTITY)
        self._run, self._pen = None, 0.0

    def _save(self, _: list[Any]) -> None:
        self._saved.append(self._state.copy())

    def _restore(self, _: list[Any]) -> None:
        if self._saved:
            self._state = self._saved.pop()
            self._run = None

    def _concat(self, operands: list[Any]) -> None:
        self._state.cm = _times([float(v) for v in operands[:6]], self._state.cm)
        self._run = None

    def _font(self, operands: list[Any]) -> None:
        resource = self._font_names.get(operands[0])
        self._state.face = self._fonts.face(resource.get_object() if resource is not None else None)
        self._state.size = float(operands[1])

    # -- positions ---------------------------------------------------------------------

    def _move(self, operands: list[Any]) -> None:
        tx, ty, lm = float(operands[0]), float(operands[1]), self._lm
        lm[4], lm[5] = lm[4] + tx * lm[0] + ty * lm[2], lm[5] + tx * lm[1] + ty * lm[3]
        if self._run is not None:
            if abs(ty) <= _TOUCH * abs(self._state.size):
                self._run.after += tx - self._pen  # along the line: set glyph after glyph
            else:
                self._run = None
        self._tm, self._pen = list(lm), 0.0

    def _move_leading(self, operands: list[Any]) -> None:
        self._state.leading = -float(operands[1])
        self._move(operands)

    def _matrix(self, operands: list[Any]) -> None:
        matrix = [float(v) for v in operands[:6]]
        if len(matrix) == 6:
            self._lm, self._tm = matrix, list(matrix)
            self._run, self._pen = None, 0.0

    def _next_line(self, _: list[Any]) -> None:
        self._run = None
        self._move([0.0, -self._state.leading])

    # -- text --------------------------------------------------------------------------

    def _show(self, operands: list[Any]) -> None:
        if isinstance(operands[0], bytes):
            self._string(operands[0])

    def _show_each(self, operands: list[Any]) -> None:
        for item in operands[0]:
            if isinstance(item, bytes):
                self._string(item)
            elif isinstance(item, int | float):
                self._advance(-float(item) / 1000 * self._state.size * self._state.scale)

    def _next_line_show(self, operands: list[Any]) -> None:
        self._next_line(operands)
        self._show(operands)

    def _spaced_next_line_show(self, operands: list[Any]) -> None:
        self._state.word_spacing = float(operands[0])
        self._state.char_spacing = float(operands[1])
        self._next_line(operands)
        self._show(operands[2:])

    def _advance(self, distance: float) -> None:
        """Move the pen along the line (text space), as a glyph or a kerning does."""
        tm = self._tm
        tm[4], tm[5] = tm[4] + distance * tm[0], tm[5] + distance * tm[1]
        self._pen += distance
        if self._run is not None:
            self._run.after += distance

    def _string(self, data: bytes) -> None:
        """Place one shown string and move the pen past it."""
        state = self._state
        shown = state.face.show(data)
        size, spacing, scale = state.size, state.char_spacing, state.scale
        advance = shown.width * size + spacing * shown.glyphs + state.word_spacing * shown.spaces
        advance *= scale
        if not shown.text:  # white space only: it moves the pen and parts words
            if self._run is not None:
                self._run.spaced = self._run.spaced or shown.glyphs > 0
            self._advance(advance)
            return
        lead = (shown.lead * size + spacing * shown.lead_glyphs) * scale
        trail = (shown.trail * size + spacing * shown.trail_glyphs) * scale
        if self._run is not None and shown.lead_glyphs:
            self._run.spaced = True
        self._place(shown.text, lead, advance - lead - trail)
        tm = self._tm
        tm[4], tm[5] = tm[4] + advance * tm[0], tm[5] + advance * tm[1]
        self._pen += advance
        if self._run is not None:  # the pen stands past the string's trailing white space
            self._run.after, self._run.spaced = trail, shown.trail_glyphs > 0

    def _place(self, text: str, start: float, length: float) -> None:
        """Keep a string's piece in user space: text space times the graphics matrix."""
        tm, cm, rise, run = self._tm, self._state.cm, self._state.rise, self._run
        a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
        c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
        size, along = abs(self._state.size) * math.hypot(c, d), math.hypot(a, b)
        if run is not None and run.size == size and run.goes_on(start, abs(self._state.size)):
            self.drawn[-1] = run.extend(text, start, length, along, abs(self._state.size))
            return
        x = start * a + rise * c + tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = start * b + rise * d + tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if not (_INVISIBLE <= size < _HUGE and -_HUGE < x < _HUGE and -_HUGE < y < _HUGE):
            self._run = None
            return
        turn = (0 if a > 0 else 2) if abs(a) >= abs(b) else (1 if b > 0 else 3)
        self.drawn.append(Drawn(turn, x, y, length * along, size, text))
        self._run = _Run(self.drawn[-1], size)

    # -- forms -------------------------------------------------------------------------

    def _form(self, operands: list[Any]) -> None:
        if self._depth >= _MAX_DEPTH or self._forms >= _MAX_FORMS:
            return
        form = _dictionary(self._resources.get("/XObject")).get(operands[0])
        form = form.get_object() if form is not None else None
        if not isinstance(form, DictionaryObject) or form.get("/Subtype") != "/Form":
            return
        self._forms += 1
        matrix = [float(v) for v in form.get("/Matrix", _IDENTITY)][:6]
        self._save(operands)
        self._depth += 1
        try:
            if len(matrix) == 6:
                self._state.cm = _times(matrix, self._state.cm)
            resources = form.get("/Resources")
            self.read(ContentStream(form, self._pdf, "bytes"), resources or self._resources)
        finally:
            self._depth -= 1
            self._restore(operands)


class _Run:
    """The piece being set: strings shown after it go on it while the pen only moves on.

    ``after`` is how far the pen stands past the piece's last visible glyph (text space:
    trailing white space, kerning), ``spaced`` whether a space glyph was shown since.
    """

    __slots__ = ("after", "piece", "size", "spaced")

    def __init__(self, piece: Drawn, size: float) -> None:
        self.piece, self.size = piece, size
        self.after, self.spaced = 0.0, False

    def goes_on(self, start: float, font_size: float) -> bool:
        """Whether a string whose glyphs start ``start`` past the pen continues the piece."""
        return -_OVERLAP * font_size < self.after + start < _FAR * font_size

    def extend(
        self, text: str, start: float, length: float, along: float, font_size: float
    ) -> Drawn:
        """The piece with the string added, a space between if one was shown or left."""
        gap = self.after + start
        space = " " if self.spaced or gap >= WORD_GAP * font_size else ""
        piece = self.piece
        self.piece = piece._replace(
            text=piece.text + space + text, length=piece.length + (gap + length) * along
        )
        return self.piece


def _dictionary(value: object) -> DictionaryObject:
    """The value as a dictionary (resolved), or an empty one."""
    if value is not None and hasattr(value, "get_object"):
        value = value.get_object()
    return value if isinstance(value, DictionaryObject) else DictionaryObject()


def _setter(name: str, factor: float = 1.0) -> Callable[[PageText, list[Any]], None]:
    """A handler that sets one text-state parameter from its operand."""

    def handle(reader: PageText, operands: list[Any]) -> None:
        setattr(reader._state, name, float(operands[0]) * factor)

    return handle


_HANDLERS: dict[bytes, Callable[[PageText, list[Any]], None]] = {
    b"BT": PageText._begin_text,
    b"q": PageText._save,
    b"Q": PageText._restore,
    b"cm": PageText._concat,
    b"Tf": PageText._font,
    b"Tc": _setter("char_spacing"),
    b"Tw": _setter("word_spacing"),
    b"Tz": _setter("scale", 0.01),
    b"TL": _setter("leading"),
    b"Ts": _setter("rise"),
    b"Td": PageText._move,
    b"TD": PageText._move_leading,
    b"Tm": PageText._matrix,
    b"T*": PageText._next_line,
    b"Tj": PageText._show,
    b"TJ": PageText._show_each,
    b"'": PageText._next_line_show,
    b'"': PageText._spaced_next_line_show,
    b"Do": PageText._form,
}
