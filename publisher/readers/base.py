"""What every reader gives the parser: a document of pages of text lines."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol

from publisher.errors import InputError, Location


@dataclass(frozen=True, slots=True)
class Page:
    """The text of one page, one string per printed line.

    ``first_line`` is the line number of ``lines[0]`` in the input, so error messages can
    point into a text file; for a PDF it is 1 (lines counted within the page).
    """

    number: int
    lines: tuple[str, ...]
    first_line: int = 1
    sheet: str | None = None  # a workbook's sheet
    rows: tuple[int, ...] | None = None  # a sheet's row number of each line

    def line_number(self, index: int) -> int:
        """The number of the line at ``index``: its row in a sheet, else counted."""
        return self.rows[index] if self.rows is not None else self.first_line + index


@dataclass(frozen=True, slots=True)
class Document:
    """An input file as pages of text."""

    name: str
    pages: tuple[Page, ...]


class Reader(Protocol):
    """Turns one kind of input file into a :class:`Document`.

    A reader declares the suffixes it handles and, where the format has them, the magic
    bytes it expects at the start; :func:`check_magic` checks them before any library runs.
    """

    suffixes: ClassVar[tuple[str, ...]]
    magic: ClassVar[bytes | None]

    def read(self, path: Path) -> Document:
        """Read the file into pages of text lines."""
        ...


MAX_INPUT_BYTES = 200 * 1024 * 1024  # a year of Nav's PDFs is a few MB; keep memory bounded


def check_magic(path: Path, magic: bytes | None, what: str) -> bytes:
    """Read the file, refusing an empty one or one that does not start as ``what`` should."""
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputError(
                "file too large",
                f"{size / 2**20:.0f} MB; the limit is {MAX_INPUT_BYTES / 2**20:.0f} MB",
                Location(str(path)),
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            "cannot read the file", exc.strerror or str(exc), Location(str(path))
        ) from exc
    if not data.strip():
        raise InputError("empty file", f"there is no {what} in it", Location(str(path)))
    if magic is not None and not data.lstrip()[:1024].startswith(magic):
        raise InputError(f"not a {what}", f"it does not start with {magic!r}", Location(str(path)))
    return data
