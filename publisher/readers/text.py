"""Text that pypdf already extracted from a report (``.txt``).

Page breaks are gone from such text; every page of a Nav report starts with the header
``Kilde: NAV <report id> <title>`` (``Nav`` since 2022), so that line starts a new page.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import ClassVar

from publisher.errors import InputError, Location
from publisher.readers.base import Document, Page, check_magic
from publisher.readers.wording import PAGE_HEADER


class TextReader:
    """Reads pre-extracted report text, one page per ``Kilde: NAV`` header."""

    suffixes: ClassVar[tuple[str, ...]] = (".txt",)
    magic: ClassVar[bytes | None] = None

    def read(self, path: Path) -> Document:
        """Split the text into pages at each page header."""
        data = check_magic(path, self.magic, "report text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise InputError(
                "not UTF-8 text",
                f"byte {exc.object[exc.start]:#04x} cannot be decoded",
                Location(str(path), line=line),
            ) from exc
        return Document(str(path), split_pages(text.splitlines()))


def split_pages(lines: list[str]) -> tuple[Page, ...]:
    """Group lines into pages; text before the first header belongs to page 1."""
    # The substring test first: it rejects nearly every line without a copy or a pattern.
    starts = [
        i for i, line in enumerate(lines) if "Kilde:" in line and PAGE_HEADER.match(line.strip())
    ] or [0]
    starts[0] = 0
    bounds = [*starts, len(lines)]
    return tuple(
        Page(number=n, lines=tuple(lines[a:b]), first_line=a + 1)
        for n, (a, b) in enumerate(pairwise(bounds), start=1)
    )
