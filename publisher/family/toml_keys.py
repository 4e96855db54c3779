"""Reading a spec file's TOML key by key, so a missing or wrong key names itself.

A spec is reviewed and edited by statisticians, so a slip in it must read as an input
error on one line, ``publisher/specs/TILT.toml: bad report spec: key 'structure.dsd' is
missing``, never as a ``KeyError`` from deep inside a writer. :class:`Keys` hands out
each value with its type checked and remembers which keys it handed out, so that a key
nobody asked for (a misspelt one) is an error too.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any

from publisher.errors import InputError, Location

TITLE = "bad report spec"


def parse(text: str, source: str) -> Keys:
    """The top level of a spec file's TOML text; ``source`` names the file in errors."""
    try:
        return Keys(tomllib.loads(text), source)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(TITLE, f"not TOML: {exc}", Location(source)) from exc


class Keys:
    """One TOML table of a spec file, whose values are read by name and type.

    Args:
        data: The table as tomllib read it.
        source: The spec file, for errors.
        path: Where this table is in the file (``structure``, ``section[3]``), for errors.
    """

    def __init__(self, data: dict[str, Any], source: str, path: str = "") -> None:
        self.data, self.source, self.path = data, source, path
        self.read: set[str] = set()

    def error(self, key: str, problem: str) -> InputError:
        """The input error for ``key`` of this table."""
        return InputError(TITLE, f"key {self.name(key)!r} {problem}", Location(self.source))

    def name(self, key: str) -> str:
        """The key's full name in the file: ``structure.dsd``."""
        return f"{self.path}.{key}" if self.path else key

    def _value(self, key: str, kind: type | tuple[type, ...], what: str, default: Any) -> Any:
        self.read.add(key)
        if key not in self.data:
            if default is _REQUIRED:
                raise self.error(key, "is missing")
            return default
        value = self.data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.error(key, f"must be {what}, not {value!r}")
        return value

    def text(self, key: str) -> str:
        """A non-empty string."""
        value = self._value(key, str, "a string", _REQUIRED)
        if not value:
            raise self.error(key, "must not be empty")
        return str(value)

    def optional_text(self, key: str) -> str | None:
        """A non-empty string, or None where the key is left out."""
        if key not in self.data:
            self.read.add(key)
            return None
        return self.text(key)

    def flag(self, key: str, default: bool | None = None) -> bool:
        """A true or false (``default`` None: the key is required)."""
        return bool(
            self._value(key, bool, "true or false", _REQUIRED if default is None else default)
        )

    def integer(self, key: str) -> int:
        """A whole number."""
        return int(self._value(key, int, "a whole number", _REQUIRED))

    def texts(self, key: str) -> tuple[str, ...]:
        """A non-empty list of non-empty strings."""
        value = self._value(key, list, "a list of strings", _REQUIRED)
        if not value or not all(isinstance(v, str) and v for v in value):
            raise self.error(key, "must be a non-empty list of non-empty strings")
        return tuple(value)

    def pattern(self, key: str, flags: int = 0) -> re.Pattern[str]:
        """A regular expression."""
        value = self.text(key)
        try:
            return re.compile(value, flags)
        except re.error as exc:
            raise self.error(key, f"is no regular expression: {exc}") from exc

    def table(self, key: str, optional: bool = False) -> Keys:
        """A table of keys (``optional``: an empty one where the key is left out)."""
        value = self._value(key, dict, "a table", {} if optional else _REQUIRED)
        return Keys(value, self.source, self.name(key))

    def tables(self, key: str, optional: bool = False) -> list[Keys]:
        """An array of tables (``[[key]]``), at least one unless ``optional``."""
        value = self._value(key, list, "an array of tables", [] if optional else _REQUIRED)
        if not all(isinstance(v, dict) for v in value) or (not value and not optional):
            raise self.error(key, "must be one or more tables ([[" + self.name(key) + "]])")
        return [Keys(v, self.source, f"{self.name(key)}[{i}]") for i, v in enumerate(value, 1)]

    def mapping(self, key: str) -> dict[str, str]:
        """A table of strings (optional: empty where left out)."""
        table = self.table(key, optional=True)
        return {k: table.text(k) for k in table.data}

    def words(self, key: str) -> Words:
        """A text in Norwegian and English: a table with ``nb`` and ``en``."""
        table = self.table(key)
        words = Words(table.text("nb"), table.text("en"))
        table.done()
        return words

    def done(self) -> None:
        """Refuse a key nobody read: a misspelt or unknown key is an error, not ignored."""
        unknown = sorted(set(self.data) - self.read)
        if unknown:
            raise self.error(unknown[0], "is not a key a spec has here")


_REQUIRED: Any = object()


@dataclass(frozen=True, slots=True)
class Words:
    """A text in both languages of a release."""

    nb: str
    en: str

    def __call__(self, lang: str) -> str:
        """The text in ``lang`` (``nb`` or ``en``)."""
        return self.nb if lang == "nb" else self.en

    def as_dict(self) -> dict[str, str]:
        """``{"nb": …, "en": …}``, as SDMX names are given."""
        return {"nb": self.nb, "en": self.en}
