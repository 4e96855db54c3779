"""Readers turn input files into pages of text; the registry picks one by suffix."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from publisher.errors import InputError, Location
from publisher.readers.base import Document, Page, Reader
from publisher.readers.pdf import PdfReader
from publisher.readers.text import TextReader
from publisher.readers.xlsx import XlsxReader

READERS: tuple[Reader, ...] = (PdfReader(), TextReader(), XlsxReader())

__all__ = [
    "READERS",
    "Document",
    "Page",
    "Reader",
    "find_inputs",
    "input_files",
    "read",
    "reader_for",
]


def reader_for(path: Path) -> Reader | None:
    """The reader that handles this file's suffix, if any."""
    suffix = path.suffix.lower()
    return next((r for r in READERS if suffix in r.suffixes), None)


def read(path: Path) -> Document:
    """Read one input file into a document."""
    reader = reader_for(path)
    if reader is None:
        known = ", ".join(s for r in READERS for s in r.suffixes)
        raise InputError("unsupported file type", f"expected one of {known}", Location(str(path)))
    return reader.read(path)


def find_inputs(paths: Iterable[Path]) -> list[Path]:
    """The report files named, with folders searched recursively, in a stable order.

    A file named directly must be readable by some reader; files found in a folder
    that no reader handles (a README, say) are skipped.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and reader_for(p) is not None)
            )
        elif path.exists():
            found.append(path)
        else:
            raise InputError("no such file or folder", "", Location(str(path)))
    return found


def input_files(paths: Sequence[Path]) -> list[tuple[Path, str]]:
    """Every report file named or found in a folder, in path order, with its sha256.

    Raises:
        InputError: No report file at all, a path that does not exist, or one unreadable.
    """
    files = sorted(find_inputs(paths), key=str)
    if not files:
        raise InputError(
            "no reports found", "no .pdf or .txt file in " + ", ".join(map(str, paths))
        )
    return [(path, _sha256(path)) for path in files]


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise InputError(
            "cannot read the file", exc.strerror or str(exc), Location(str(path))
        ) from exc
