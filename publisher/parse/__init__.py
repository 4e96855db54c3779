"""The Nav report grammar: from pages of text to a typed Report."""

from __future__ import annotations

from pathlib import Path

from publisher.model import Report
from publisher.parse.report import parse_document

__all__ = ["parse_document", "parse_file"]


def parse_file(path: Path) -> Report:
    """Read and parse one report file."""
    # Imported here: the xlsx reader uses the grammar's month names, so the readers may
    # be loaded first (publisher.readers → publisher.parse.lines → this package).
    from publisher.readers import read

    return parse_document(read(path))
