"""Fixtures of the writer tests: the sample's cube and release, built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.cube import Cube


@pytest.fixture
def cube(sample_cube: Cube) -> Cube:
    """The sample report as a cube."""
    return sample_cube


@pytest.fixture
def release(sample_release: Path) -> Path:
    """The release folder built from the sample."""
    return sample_release
