"""Shared fixtures: the sample report shipped in samples/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from publisher.building.pipeline import make_cube
from publisher.building.publish import publish
from publisher.merging.cube import Cube
from publisher.model import Report
from publisher.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TXT = ROOT / "samples" / "TILT150_2026-01.txt"
SAMPLE_PDF = ROOT / "samples" / "TILT150_2026-01.pdf"


@pytest.fixture(scope="session", autouse=True)
def _private_parse_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Builds in tests (and the commands they run) keep parsed reports in a temp folder."""
    folder = tmp_path_factory.mktemp("parse-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PUBLISHER_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="session")
def sample_report() -> Report:
    """The sample report, parsed from its pypdf-extracted text."""
    return parse_file(SAMPLE_TXT)


@pytest.fixture(scope="session")
def sample_cube() -> Cube:
    """The sample report (text) as a cube."""
    return make_cube([SAMPLE_TXT])


@pytest.fixture(scope="session")
def sample_release(tmp_path_factory: pytest.TempPathFactory, sample_cube: Cube) -> Path:
    """The release folder built from the sample report's cube."""
    out = tmp_path_factory.mktemp("release") / "output"
    publish(sample_cube, out)
    return out
