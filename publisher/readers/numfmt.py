r"""Excel number formats, applied as Excel shows them: the formats a table of counts uses.

A workbook keeps a number and a format code, and what the sheet shows is the code applied
to the number: ``[<4]"*";#,##0`` shows 2 as ``*`` and 4216 as ``4 216``; ``#,##0`` shows
3545.67 as ``3 546``. A reader that took the stored number would publish counts Nav hides,
so the workbook reader reads every cell through its format.

Design decision: our own formatter for the subset a table of counts uses, and
:class:`FormatError` for every other format, since a format applied wrongly could show a
number the sheet hides. The subset: sections (``pos;neg;zero;text``), conditions
(``[<4]``, ``[>=1000]``), literal text (``"*"``, ``\x``, ``_x`` as a space, ``* `` fill
with spaces), colours (``[Red]``), locale and currency tags (``[$-414]``, ``[$kr-414]``),
``@``, ``General``, and one run of ``0``/``#`` digit placeholders with a thousands comma and
decimals. Refused: dates and times, fractions, scientific notation, percent, ``?``
padding, scaling commas (``#,##0,``), literal text between digit placeholders. No Python
library was sound when this was written (2026): q2numfmt ignores conditions (it shows
2 under ``[<4]"*";#,##0``), xlfmt shows ``[$-414]#,##0`` with a dollar sign, and the
ssf ports of SheetJS SSF fail to start with current babel, print debugging output, or drop
the thousands separator.

Numbers are shown as a Norwegian Excel shows them, with a no-break space between thousands
and a decimal comma, whatever locale tag the code carries.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from functools import lru_cache

from publisher.readers.wording import DECIMAL, group_thousands

_DIGITS_EXCEL_KEEPS = 15  # significant digits of a number in a cell
_GENERAL_DIGITS = 10  # significant digits General shows in a column of standard width
_GENERAL_LARGEST = Decimal(10) ** 11  # from here General shows 1E+11
_GENERAL_SMALLEST = Decimal("1e-4")  # below this General shows 1E-05
_LARGEST = Decimal(10) ** _DIGITS_EXCEL_KEEPS

_TOKEN = re.compile(
    r"""
      "(?P<quoted>[^"]*)"
    | \\(?P<escaped>.)
    | _(?P<space>.)
    | \*(?P<fill>.)
    | \[(?P<bracket>[^\]]*)\]
    | (?P<general>(?i:general))
    | (?P<digits>[0#?,.]+)
    | (?P<scientific>[Ee][+-])
    | (?P<at>@)
    | (?P<semicolon>;)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_CONDITION = re.compile(r"^(?P<op><=|>=|<>|<|>|=)\s*(?P<number>-?\d+(?:\.\d+)?)$")
_COLOURS = frozenset({"black", "blue", "cyan", "green", "magenta", "red", "white", "yellow"})
_COLOUR_NUMBER = re.compile(r"^color\s*\d{1,2}$", re.IGNORECASE)
_CURRENCY = re.compile(r"^\$(?P<symbol>[^-]*)(?:-[0-9A-Fa-f]+)?$")
_FRACTION_PLACES = re.compile(r"^0*#*$")
_DATE_LETTERS = frozenset("yYmMdDhHsSeEbBgGaApP")
_OPERATORS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "=": operator.eq,
    "<>": operator.ne,
}


class FormatError(ValueError):
    """A number format this module does not apply; the message says what in it."""


class _Special(Enum):
    GENERAL = "General"
    TEXT = "@"


@dataclass(frozen=True, slots=True)
class _Digits:
    """A run of digit placeholders such as ``#,##0.0#``."""

    least_whole: int  # digits shown before the point however small the number: the 0s
    grouped: bool  # a thousands separator
    point: bool  # a decimal point, shown even with no decimals after it
    places: int  # decimals rounded to
    least_places: int  # decimals shown even when zero: the 0s after the point


@dataclass(frozen=True, slots=True)
class _Condition:
    op: str
    number: Decimal

    def holds(self, value: Decimal) -> bool:
        return _OPERATORS[self.op](value, self.number)


_Part = str | _Digits | _Special
_Token = _Part | _Condition | None


@dataclass(frozen=True, slots=True)
class _Section:
    parts: tuple[_Part, ...]
    condition: _Condition | None

    @property
    def shows_text(self) -> bool:
        return _Special.TEXT in self.parts

    @property
    def shows_number(self) -> bool:
        return any(isinstance(p, _Digits) or p is _Special.GENERAL for p in self.parts)


@dataclass(frozen=True, slots=True)
class _Format:
    numeric: tuple[_Section, ...]  # positive, negative, zero; or by their conditions
    text: _Section | None


_GENERAL = _Section((_Special.GENERAL,), None)


def display_number(value: int | float | Decimal, code: str) -> str:
    """The text Excel shows for a number under the format ``code``.

    Raises:
        FormatError: The format is outside the subset this module applies, or none of
            its sections applies to the number. The message never holds the number.
    """
    number = _decimal(value)
    section, signed = _choose(_parse(code), number)
    text = "".join(_render(part, abs(number)) for part in section.parts)
    # A negative section prints its own sign ("-#,##0", "(#,##0)"); any other shows "-".
    return f"-{text}" if signed and number < 0 else text


def display_text(text: str, code: str) -> str:
    """The text Excel shows for a text cell under the format ``code``.

    A format without a text section (``…;…;…;@``) shows the text as it is.

    Raises:
        FormatError: The format is outside the subset this module applies.
    """
    section = _parse(code).text
    if section is None:
        return text
    return "".join(text if part is _Special.TEXT else str(part) for part in section.parts)


def _decimal(value: int | float | Decimal) -> Decimal:
    if isinstance(value, float):
        number = Decimal(f"{value:.{_DIGITS_EXCEL_KEEPS}g}")
    else:
        number = Decimal(value)
    if not number.is_finite() or abs(number) >= _LARGEST:
        raise FormatError(f"the number has more than {_DIGITS_EXCEL_KEEPS} digits")
    return number


# -- choosing a section ------------------------------------------------------------------


def _choose(form: _Format, number: Decimal) -> tuple[_Section, bool]:
    """The section that shows the number, and whether a minus sign goes before it."""
    sections = form.numeric
    if not sections:
        return _GENERAL, True
    if sections[0].condition is not None:
        return _conditional(sections, number), True
    if number > 0 or len(sections) == 1:
        return sections[0], True
    if number < 0:
        return sections[1], False
    return sections[2 if len(sections) == 3 else 0], True


def _conditional(sections: tuple[_Section, ...], number: Decimal) -> _Section:
    """Excel's order: the first section whose condition holds, then the one without."""
    first, *others = sections
    if first.condition is not None and first.condition.holds(number):
        return first
    if not others:
        raise FormatError("its one section has a condition that the number does not meet")
    second = others[0]
    if second.condition is None:
        return second
    if second.condition.holds(number):
        return second
    if len(others) == 2:
        return others[1]
    raise FormatError("the number meets neither of its conditions and it has no third section")


# -- parsing a format code ---------------------------------------------------------------


@lru_cache(maxsize=256)
def _parse(code: str) -> _Format:
    sections = [_section(tokens) for tokens in _split(code)]
    if len(sections) > 4:
        raise FormatError("it has more than four sections")
    if len(sections) == 4 or (len(sections) < 4 and sections[-1].shows_text):
        numeric, text = tuple(sections[:-1]), sections[-1]
    else:
        numeric, text = tuple(sections), None
    _check(numeric, text)
    return _Format(numeric, text)


def _check(numeric: tuple[_Section, ...], text: _Section | None) -> None:
    if any(s.shows_text for s in numeric):
        raise FormatError("'@' (the cell's text) stands in a number section")
    if text is not None and text.shows_number:
        raise FormatError("its text section has digit placeholders")
    if any(s.condition is not None for s in numeric[1:]) and numeric[0].condition is None:
        raise FormatError("a later section has a condition and the first has none")
    if len(numeric) == 3 and numeric[0].condition is not None and numeric[1].condition is None:
        raise FormatError("it has three number sections and only the first has a condition")


def _split(code: str) -> Iterator[list[_Token]]:
    """The tokens of each section of the code (sections end at ``;``)."""
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(code):
        kind = match.lastgroup or "other"  # every alternative is a named group
        if kind == "semicolon":
            yield tokens
            tokens = []
        else:
            tokens.append(_HANDLERS[kind](match[kind]))
    yield tokens


def _section(tokens: list[_Token]) -> _Section:
    conditions = [t for t in tokens if isinstance(t, _Condition)]
    if len(conditions) > 1:
        raise FormatError("a section has two conditions")
    parts: list[_Part] = []
    for token in tokens:
        if isinstance(token, str) and parts and isinstance(parts[-1], str):
            parts[-1] += token
        elif token is not None and not isinstance(token, _Condition):
            parts.append(token)
    numbers = [p for p in parts if isinstance(p, _Digits) or p is _Special.GENERAL]
    if len(numbers) > 1:
        raise FormatError("text stands between its digit placeholders")
    return _Section(tuple(parts), conditions[0] if conditions else None)


def _literal(text: str) -> _Token:
    return text


def _space(_: str) -> _Token:
    return " "  # `_)`: room for a character, so a shown space


def _fill(character: str) -> _Token:
    if character != " ":
        raise FormatError(f"'*{character}' fills the cell with {character!r}")
    return ""


def _bracket(content: str) -> _Token:
    if match := _CONDITION.match(content):
        return _Condition(match["op"], Decimal(match["number"]))
    if content.lower() in _COLOURS or _COLOUR_NUMBER.match(content):
        return None
    if match := _CURRENCY.match(content):
        return match["symbol"]
    raise FormatError(f"'[{content}]' is an elapsed time or a tag this reader does not apply")


def _general(_: str) -> _Token:
    return _Special.GENERAL


def _text(_: str) -> _Token:
    return _Special.TEXT


def _scientific(_: str) -> _Token:
    raise FormatError("it shows numbers in scientific notation")


def _digits(run: str) -> _Token:
    if "?" in run:
        raise FormatError("'?' pads digits to a width")
    whole, point, places = run.partition(".")
    if not whole.strip(",") and not places:
        return run  # a lone comma or point is text
    if "." in places or "," in places:
        raise FormatError(f"{run!r} is not a number's placeholders")
    if whole.endswith(","):
        raise FormatError(f"the comma that ends {run!r} scales the number by 1000")
    if not _FRACTION_PLACES.match(places):
        raise FormatError(f"{run!r} has '#' before '0' after the point")
    return _Digits(
        least_whole=whole.count("0"),
        grouped="," in whole,
        point=bool(point),
        places=len(places),
        least_places=places.count("0"),
    )


def _other(character: str) -> _Token:
    if character in _DATE_LETTERS:
        raise FormatError(f"{character!r} is part of a date or a time")
    if character == "%":
        raise FormatError("it shows a percentage")
    if character == "/":
        raise FormatError("it shows a fraction or a date")
    return character


_HANDLERS: dict[str, Callable[[str], _Token]] = {
    "quoted": _literal,
    "escaped": _literal,
    "space": _space,
    "fill": _fill,
    "bracket": _bracket,
    "general": _general,
    "digits": _digits,
    "scientific": _scientific,
    "at": _text,
    "other": _other,
}


# -- showing a number --------------------------------------------------------------------


def _render(part: _Part, magnitude: Decimal) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, _Digits):
        return _placeholders(part, magnitude)
    return _general_number(magnitude)


def _placeholders(digits: _Digits, magnitude: Decimal) -> str:
    rounded = magnitude.quantize(Decimal(1).scaleb(-digits.places), rounding=ROUND_HALF_UP)
    whole, _, places = f"{rounded:f}".partition(".")
    whole = whole.lstrip("0").rjust(digits.least_whole, "0")
    if digits.grouped:
        whole = group_thousands(whole)
    if not digits.point:
        return whole
    return whole + DECIMAL + places.rstrip("0").ljust(digits.least_places, "0")


def _general_number(magnitude: Decimal) -> str:
    """General in a column of standard width: at most ten significant digits."""
    if magnitude == magnitude.to_integral_value() and magnitude < _GENERAL_LARGEST:
        return str(int(magnitude))
    if not _GENERAL_SMALLEST <= magnitude < _GENERAL_LARGEST:
        raise FormatError("General shows this number in scientific notation")
    whole_digits = max(magnitude.adjusted() + 1, 1)
    places = max(_GENERAL_DIGITS - whole_digits, 0)
    rounded = magnitude.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{rounded:f}".partition(".")
    fraction = fraction.rstrip("0")
    return f"{whole}{DECIMAL}{fraction}" if fraction else whole
