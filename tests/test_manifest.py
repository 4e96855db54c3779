"""A release says nothing about the machine that built it; files are rendered on every core.

The manifest names inputs relative to what was given; the same inputs in two folders give
one release, byte for byte. The release is the same rendered in one process or several,
and a file that fails its check fails the build from whichever process wrote it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.building import render
from publisher.building.freshness import file_names, input_names, relabel
from publisher.building.publish import publish
from publisher.errors import OutputValidationError
from publisher.merging.cube import Cube
from tests.conftest import ROOT, SAMPLE_TXT
from tests.navgen import generate, render_text


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _inputs(folder: Path) -> Path:
    """The sample and a February report revising it, under ``folder/reports/2026``."""
    reports = folder / "reports" / "2026"
    reports.mkdir(parents=True)
    shutil.copy(SAMPLE_TXT, reports / SAMPLE_TXT.name)
    february, _ = generate(months=2, seed=12)
    (reports / "TILT150_2026-02.txt").write_text(render_text(february), encoding="utf-8")
    return folder / "reports"


def _build(inputs: Path, out: Path, cwd: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "publisher", "build", str(inputs), "-o", str(out), "--quiet"],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_the_same_inputs_in_two_folders_give_one_release(tmp_path: Path) -> None:
    here = _inputs(tmp_path / "here")
    there = _inputs(tmp_path / "elsewhere" / "deeper")
    _build(here, tmp_path / "a", cwd=tmp_path)  # an absolute path
    _build(Path("reports"), tmp_path / "b", cwd=there.parent)  # a relative one
    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []
    manifest = a["manifest.json"].decode("utf-8")
    assert str(tmp_path) not in manifest and "here" not in manifest
    assert '"path": "2026/TILT150_2026-01.txt"' in manifest
    assert '"source": "2026/TILT150_2026-02.txt"' in manifest  # a revision's
    assert '"2026/TILT150_2026-02.txt, page ' in manifest  # a warning's


def test_inputs_are_named_relative_to_what_was_given(tmp_path: Path) -> None:
    for name in ("a/2025/x.txt", "a/2026/x.txt", "a/y.txt", "b/2025/x.txt", "c.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("", encoding="utf-8")
    names = input_names([tmp_path / "a", tmp_path / "c.txt", tmp_path / "a" / "y.txt"])
    assert names == {
        str(tmp_path / "a/2025/x.txt"): "2025/x.txt",
        str(tmp_path / "a/2026/x.txt"): "2026/x.txt",
        str(tmp_path / "a/y.txt"): "y.txt",
        str(tmp_path / "c.txt"): "c.txt",
    }
    # Two folders given, each with a 2025/x.txt: the folders' own names tell them apart.
    names = input_names([tmp_path / "a" / "2025", tmp_path / "b" / "2025"])
    assert sorted(names.values()) == ["a/2025/x.txt", "b/2025/x.txt"]
    # Without what was given (publish called from code), each file as if given itself.
    assert file_names(["/in/2025/x.txt", "/in/2026/x.txt", "/in/y.txt"]) == {
        "/in/2025/x.txt": "2025/x.txt",
        "/in/2026/x.txt": "2026/x.txt",
        "/in/y.txt": "y.txt",
    }


def test_relabelling_is_one_pass_longest_first() -> None:
    names = {"/in/data.txt": "data.txt", "/in/a.txt": "a.txt", "a.txt": "/in/a.txt"}
    assert relabel("/in/data.txt and /in/a.txt", names) == "data.txt and a.txt"
    assert relabel("a.txt, page 2", {"a.txt": "/in/a.txt"}) == "/in/a.txt, page 2"


def test_one_process_or_several_write_the_same_release(tmp_path: Path, sample_cube: Cube) -> None:
    publish(sample_cube, tmp_path / "one", jobs=1)
    publish(sample_cube, tmp_path / "two", jobs=2)
    one, two = _tree(tmp_path / "one"), _tree(tmp_path / "two")
    assert one.keys() == two.keys() and len(one) > 30
    assert [name for name in one if one[name] != two[name]] == []


def test_a_worker_checks_the_bytes_it_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_cube: Cube
) -> None:
    out = tmp_path / "output"
    publish(sample_cube, out, jobs=2)
    before = _tree(out)
    original = render.render

    def leaky(edition: object, file: object) -> bytes:
        data = original(edition, file)  # type: ignore[arg-type]
        if getattr(file, "path", "") != "jsonstat/TILT150_kommune.json":
            return data
        document = json.loads(data)
        hidden = next(int(i) for i, mark in document["status"].items() if mark == ":")
        document["value"][hidden] = 2  # a number where Nav printed a star
        return json.dumps(document).encode()

    monkeypatch.setattr(render, "render", leaky)
    with pytest.raises(OutputValidationError, match=r"TILT150_kommune\.json: cell \d+ is marked"):
        publish(sample_cube, out, jobs=2)
    assert _tree(out) == before
