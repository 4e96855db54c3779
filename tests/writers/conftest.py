"""Fixtures of the writer tests, each built once per session.

The sample's cube and release, and a release over a series break that only one of its
reports announces.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from publisher.building.pipeline import make_cube
from publisher.building.publish import publish
from publisher.merging.cube import Cube
from tests.navgen import generate, render_text


@pytest.fixture
def cube(sample_cube: Cube) -> Cube:
    """The sample report as a cube."""
    return sample_cube


@pytest.fixture
def release(sample_release: Path) -> Path:
    """The release folder built from the sample."""
    return sample_release


@pytest.fixture(scope="session")
def break_inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two reports, one announcing the April 2025 break; April 2025 comes from the other.

    The January 2026 report has the note; the January–June 2025 report has it removed.
    """
    folder = tmp_path_factory.mktemp("break-inputs")
    january, _ = generate(year=2026, months=1, seed=4)
    first_half, _ = generate(year=2025, months=6, seed=3)
    quiet = tuple(n for n in first_half.notes if "brudd" not in n)
    assert len(quiet) < len(first_half.notes)
    paths = []
    reports = {"TILT150_2026-01.txt": january,
               "TILT150_2025-06.txt": dataclasses.replace(first_half, notes=quiet)}  # fmt: skip
    for name, report in reports.items():
        path = folder / name
        path.write_text(render_text(report), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="session")
def break_cube(break_inputs: list[Path]) -> Cube:
    """The merged cube of the two reports of :func:`break_inputs`."""
    return make_cube(break_inputs)


@pytest.fixture(scope="session")
def break_release(tmp_path_factory: pytest.TempPathFactory, break_cube: Cube) -> Path:
    """The release of :func:`break_cube`: seven months, one of them after a break."""
    out = tmp_path_factory.mktemp("break-release") / "output"
    publish(break_cube, out)
    return out
