"""Parsing in worker processes: the same reports, in the same order, the same errors."""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.building.cache import ParseCache
from publisher.building.pipeline import make_cube
from publisher.building.reading import read_reports
from publisher.errors import InputError, Location, MappingError, PublisherError
from publisher.parse.json_view import report_to_json
from publisher.writers.tidy import cube_csv
from tests.conftest import SAMPLE_PDF, SAMPLE_TXT
from tests.navgen import generate, render_text


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reports")
    for months in (1, 2, 3):
        report, _ = generate(months=months, seed=months, municipalities=8)
        (folder / f"TILT150_2026-{months:02d}.txt").write_text(render_text(report), "utf-8")
    (folder / "b").mkdir()
    shutil.copy(SAMPLE_PDF, folder / "b" / SAMPLE_PDF.name)
    shutil.copy(SAMPLE_TXT, folder / "a_sample.txt")
    return folder


def _json(paths: list[Path], **how: object) -> list[object]:
    reports, _ = read_reports(paths, **how)  # type: ignore[arg-type]
    return [report_to_json(r) | {"sha256": r.sha256} for r in reports]


def test_parallel_serial_and_cached_give_the_same_reports_in_path_order(
    inputs: Path, tmp_path: Path
) -> None:
    serial = _json([inputs], jobs=1)
    assert [r["source"] for r in serial] == sorted(r["source"] for r in serial)  # type: ignore[index]
    assert len(serial) == 5
    assert _json([inputs], jobs=2) == serial
    assert _json([inputs], jobs=4) == serial
    cache = ParseCache(tmp_path / "cache")
    assert _json([inputs], jobs=2, cache=cache) == serial
    assert _json([inputs], jobs=2, cache=cache) == serial  # every report from the cache


def test_parallel_and_serial_cubes_are_identical(inputs: Path) -> None:
    serial = make_cube([inputs], jobs=1)
    parallel = make_cube([inputs], jobs=2)
    assert cube_csv(parallel) == cube_csv(serial)
    assert [str(n) for n in parallel.notices] == [str(n) for n in serial.notices]


def _broken(folder: Path, name: str, line: str = "425 425 425") -> Path:
    text = SAMPLE_TXT.read_text(encoding="utf-8").replace("03 Oslo 425 425", f"03 Oslo {line}")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_error_in_a_worker_is_the_serial_error_of_the_first_bad_file(
    inputs: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    shutil.copytree(inputs, folder)
    first = _broken(folder, "TILT150_2026-02b.txt")
    _broken(folder, "TILT150_2026-03b.txt", "1 2 3 4")
    with pytest.raises(InputError) as serial:
        read_reports([folder], jobs=1)
    with pytest.raises(InputError) as parallel:
        read_reports([folder], jobs=2)
    assert parallel.value.one_line() == serial.value.one_line()
    assert parallel.value.location == serial.value.location
    assert str(parallel.value.location).startswith(f"{first}, page 4, line")


def test_a_worker_error_on_the_command_line_is_one_line_and_writes_nothing(
    inputs: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    shutil.copytree(inputs, folder)
    bad = _broken(folder, "TILT150_2026-02b.txt")
    out = tmp_path / "output"
    done = subprocess.run(
        [sys.executable, "-m", "publisher", "build", str(folder), "-o", str(out), "--jobs", "2"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: {bad}, page 4, line 73: wrong number of values")
    assert done.stderr.count("\n") == 1, done.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "error",
    [
        InputError("wrong number of values", "'1 2 3'", Location("a.txt", 4, 73)),
        PublisherError("cannot write the release", "disk full"),
        MappingError(["a.txt, page 5, line 9: 'X' is no REF_AREA code", "second"]),
    ],
)
def test_errors_cross_processes_whole(error: PublisherError) -> None:
    again = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    assert type(again) is type(error)
    assert again.one_line() == error.one_line() == str(again)
    assert again.__dict__ == error.__dict__
