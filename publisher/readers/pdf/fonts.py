"""A PDF's fonts as the reader needs them: what a shown string says and how wide it is.

pypdf reads each font once (its ``Font``: the encoding, the ``/ToUnicode`` map and the
glyph widths from ``/Widths`` or ``/W``); this module decodes a string as pypdf's own text
extraction does (bytes to codes by the encoding, codes to text by the map) and adds up its
glyph widths, so every piece of text gets its true extent. Strings repeat (labels, headings,
small numbers), so each font keeps what it has decoded. A font pypdf cannot read (or text
shown before any font is set) gives U+FFFD for every byte and half an em per glyph:
garbage the grammar refuses, never a guess.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from pypdf.generic import DictionaryObject

# pypdf's font reader: it is not exported from pypdf.generic, so its module is named here.
from pypdf.generic._font import Font

from publisher.readers.pdf.damaged import DAMAGED

# A glyph of a font pypdf cannot read is taken as half an em wide.
_ESTIMATED_WIDTH = 500.0
_UNREADABLE = "\ufffd"
_SPACE = 32  # the one code that word spacing (Tw) applies to, in a one-byte font


class Shown(NamedTuple):
    """A decoded string: its text, and the widths (in ems) and glyph counts of its parts.

    ``width`` and ``glyphs`` are the whole string's, ``spaces`` the one-byte spaces in it;
    ``lead`` and ``trail`` the width of the white space at its ends, ``lead_glyphs`` and
    ``trail_glyphs`` their glyphs. The text is stripped of that white space.
    """

    text: str
    width: float
    glyphs: int
    spaces: int
    lead: float
    lead_glyphs: int
    trail: float
    trail_glyphs: int


class FontFace:
    """One font: decodes shown strings, with what they say and their glyph widths."""

    def __init__(self, resource: object) -> None:
        self._encoding: str | dict[int, str] | None = None
        self._map: dict[Any, Any] = {}
        self._widths: dict[str, float] = {}
        self._default = _ESTIMATED_WIDTH
        self._scale = 1 / 1000  # glyph widths are thousandths of an em
        self._space: tuple[str, float] | None = None
        self._shown: dict[bytes, Shown] = {}
        if isinstance(resource, DictionaryObject):
            try:
                self._read(Font.from_font_resource(resource), resource)
            except DAMAGED:
                self._encoding = None  # unreadable: U+FFFD for every byte

    def _read(self, font: Font, resource: DictionaryObject) -> None:
        self._map = dict(font.character_map)
        self._widths = {str(k): float(v) for k, v in font.character_widths.items()}
        self._default = float(self._widths.get("default") or _ESTIMATED_WIDTH)
        self._space = (str(font.space_char), float(font.space_width))
        if resource.get("/Subtype") == "/Type3":  # widths in glyph space, as its matrix says
            self._scale = float(resource.get("/FontMatrix", [0.001])[0])
        self._encoding = font.encoding

    def show(self, data: bytes) -> Shown:
        """What a shown string says and how wide its parts are (remembered per string)."""
        shown = self._shown.get(data)
        if shown is None:
            shown = self._shown[data] = self._decode(data)
        return shown

    def _decode(self, data: bytes) -> Shown:
        codes, texts = self._codes(data)
        widths = [self._width(code) for code in codes]
        spaces = data.count(_SPACE) if isinstance(self._encoding, dict) else 0
        lead = _blank_run(texts)
        trail = _blank_run(texts[lead:][::-1])
        end = len(texts) - trail
        return Shown(
            text="".join(texts[lead:end]),
            width=sum(widths) * self._scale,
            glyphs=len(codes),
            spaces=spaces,
            lead=sum(widths[:lead]) * self._scale,
            lead_glyphs=lead,
            trail=sum(widths[end:]) * self._scale,
            trail_glyphs=trail,
        )

    def _codes(self, data: bytes) -> tuple[list[str], list[str]]:
        """The glyph codes (as pypdf keys widths) and the text of each, as pypdf decodes."""
        encoding, mapping = self._encoding, self._map
        decoded = _decoded(data, encoding) if isinstance(encoding, str) else None
        if isinstance(encoding, dict):  # one byte per code: byte -> glyph's text -> map
            glyphs = [encoding.get(byte, chr(byte)) for byte in data]
            codes = [chr(byte) for byte in data]
        elif decoded is not None:  # codes of any length, by a named encoding
            glyphs = codes = decoded
        else:
            return [chr(byte) for byte in data], [_UNREADABLE] * len(data)
        return codes, [str(mapping.get(glyph, glyph)) for glyph in glyphs]

    def _width(self, code: str) -> float:
        if self._space is not None and code == self._space[0]:
            return self._space[1]
        return self._widths.get(code, self._default)


def _decoded(data: bytes, encoding: str) -> list[str] | None:
    """The bytes decoded by a named encoding as pypdf does it, or None for an unknown name."""
    try:
        return list(data.decode(encoding, "surrogatepass"))
    except UnicodeDecodeError:
        return list(data.decode(encoding, "replace"))
    except LookupError:
        return None


def _blank_run(texts: list[str]) -> int:
    """How many of the first texts are white space (or nothing)."""
    count = 0
    for text in texts:
        if text and not text.isspace():
            break
        count += 1
    return count


class Fonts:
    """Every font of a document, read once however many pages use it."""

    def __init__(self) -> None:
        self._faces: dict[int, tuple[object, FontFace]] = {}

    def face(self, resource: object) -> FontFace:
        """The font a font resource dictionary describes."""
        known = self._faces.get(id(resource))
        if known is None or known[0] is not resource:
            known = (resource, FontFace(resource))
            self._faces[id(resource)] = known  # the resource is kept, so its id stays its own
        return known[1]
