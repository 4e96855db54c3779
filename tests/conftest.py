"""Shared fixtures: the sample report shipped in samples/."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.model import Report
from publisher.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TXT = ROOT / "samples" / "TILT150_2026-01.txt"
SAMPLE_PDF = ROOT / "samples" / "TILT150_2026-01.pdf"


@pytest.fixture(scope="session")
def sample_report() -> Report:
    """The sample report, parsed from its pypdf-extracted text."""
    return parse_file(SAMPLE_TXT)
