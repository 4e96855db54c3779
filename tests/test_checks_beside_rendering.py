"""A build checks its cube while the workers render: the same warnings, in the same order."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.building.pipeline import make_cube, merged_cube
from publisher.building.publish import publish
from publisher.building.workers import in_workers
from tests.navgen import generate, render_text


def _pid(_: int) -> int:
    return os.getpid()


def test_meanwhile_runs_here_while_the_workers_work() -> None:
    here: list[int] = []
    pids = in_workers(_pid, [1, 2, 3], 2, meanwhile=lambda: here.append(os.getpid()))
    assert here == [os.getpid()] and os.getpid() not in pids


def test_meanwhile_runs_without_workers_too() -> None:
    here: list[int] = []
    assert in_workers(_pid, [1], 1, meanwhile=lambda: here.append(1)) == [os.getpid()]
    assert here == [1]


def _fail() -> None:
    raise ValueError("meanwhile failed")


def test_a_failure_meanwhile_is_raised() -> None:
    with pytest.raises(ValueError, match="meanwhile failed"):
        in_workers(_pid, [1, 2, 3], 2, meanwhile=_fail)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A year on the 2020 regions and one on the 2024 ones: the move to 2024 has work."""
    folder = tmp_path_factory.mktemp("reports")
    for year, regions, seed in [(2023, "2020", 1), (2024, "2024", 2)]:
        report, _ = generate(year=year, months=3, seed=seed, municipalities=8, regions=regions)
        (folder / f"TILT150_{year}.txt").write_text(render_text(report), "utf-8")
    return folder


@pytest.mark.parametrize("regions", ["reported", "2024"])
def test_the_build_warns_as_the_checked_cube_does(
    reports: Path, tmp_path: Path, regions: str
) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "publisher", "build", str(reports), "-o", str(out),
         "--regions", regions, "--no-cache", "--jobs", "2", "--quiet"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    expected = [str(n) for n in make_cube([reports], regions=regions).notices]
    assert any("disclosure" in n for n in expected), "the audit's warnings are covered"
    printed = [line.removeprefix("warning: ") for line in done.stderr.splitlines()]
    assert printed == expected
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert len(manifest["warnings"]) == len(expected)


def _files(release: Path) -> dict[str, bytes]:
    return {str(p.relative_to(release)): p.read_bytes() for p in release.rglob("*") if p.is_file()}


def test_the_release_rendered_beside_the_checks_is_the_checked_cubes(
    reports: Path, tmp_path: Path
) -> None:
    # The workers are forked before the checks end: a writer reading the warnings would
    # write what the cube held then, and the releases would differ.
    unchecked = merged_cube([reports], regions="2024")
    publish(unchecked.cube, tmp_path / "beside", jobs=2, meanwhile=unchecked.check)
    publish(make_cube([reports], regions="2024"), tmp_path / "after", jobs=2)
    assert _files(tmp_path / "beside") == _files(tmp_path / "after")
