"""A release is whole or not there, and the same inputs always give the same bytes."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE_TXT
from tests.navgen import generate, render_fpdf, render_text


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _build(out: Path, *inputs: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "publisher", "build", *map(str, inputs), "-o", str(out)],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def february(tmp_path_factory: pytest.TempPathFactory) -> Path:
    report, _ = generate(months=2, seed=12)
    path = tmp_path_factory.mktemp("inputs") / "TILT150_2026-02.txt"
    path.write_text(render_text(report), encoding="utf-8")
    return path


def test_the_same_inputs_give_the_same_bytes(tmp_path: Path, february: Path) -> None:
    here = {"TZ": "UTC", "LANG": "C.UTF-8", "PYTHONHASHSEED": "1"}
    there = {"TZ": "Asia/Tokyo", "LANG": "nb_NO.UTF-8", "PYTHONHASHSEED": "2"}
    first = _build(tmp_path / "a", SAMPLE_TXT, february, env=here)
    second = _build(tmp_path / "b", february, SAMPLE_TXT, env=there)
    assert first.wait(timeout=300) == 0, first.communicate()[1]
    assert second.wait(timeout=300) == 0, second.communicate()[1]
    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert a.keys() == b.keys() and len(a) > 30
    assert [name for name in a if a[name] != b[name]] == []


def test_the_manifest_lists_every_input_and_output(tmp_path: Path, february: Path) -> None:
    assert _build(tmp_path / "out", SAMPLE_TXT, february).wait(timeout=300) == 0
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    inputs = {Path(i["path"]).name: i for i in manifest["inputs"]}
    assert (
        inputs["TILT150_2026-01.txt"]["sha256"]
        == hashlib.sha256(SAMPLE_TXT.read_bytes()).hexdigest()
    )
    assert inputs["TILT150_2026-02.txt"]["period"] == {"first": "2026-01", "last": "2026-02"}
    files = _tree(tmp_path / "out")
    listed = {o["path"]: o for o in manifest["outputs"]}
    assert set(listed) == set(files) - {"manifest.json"}
    for path, output in listed.items():
        assert output["sha256"] == hashlib.sha256(files[path]).hexdigest()
        assert output["size"] == len(files[path])
    assert manifest["revisions"], "February revises January"
    assert all(set(r) == {"key", "old", "new"} for r in manifest["revisions"])


@pytest.mark.parametrize("delay", [0.3, 1.2, 2.5])
def test_a_killed_build_leaves_the_previous_release(tmp_path: Path, delay: float) -> None:
    out = tmp_path / "output"
    assert _build(out, SAMPLE_TXT).wait(timeout=300) == 0
    before = _tree(out)
    report, _ = generate(months=12, measures=("avklaring", "oppfølging"), seed=3)
    big = render_fpdf(report, tmp_path / "big.pdf")
    process = _build(out, big)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    if delay < 1:  # still importing, parsing or writing: surely killed
        assert process.returncode == -signal.SIGKILL
    after = _tree(out)
    if after != before:  # killed once the new release was in: it must be whole
        complete = tmp_path / "whole" / "output"
        whole = _build(complete, big)
        whole.communicate(timeout=300)  # its warnings would fill the pipe of a wait()
        assert whole.returncode == 0
        assert after == _tree(complete)
        shutil.rmtree(complete.parent)
    again = _build(out, SAMPLE_TXT)
    assert again.wait(timeout=300) == 0
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.pdf", "output"]  # no leftovers


def _release(out: Path) -> dict[str, bytes]:

    assert _build(out, SAMPLE_TXT).wait(timeout=300) == 0
    return _tree(out)


def test_a_failing_validator_leaves_the_previous_release(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_cube: object
) -> None:
    from publisher.building import publish as publishing
    from publisher.errors import OutputValidationError
    from publisher.validation import release as validation

    out = tmp_path / "output"
    before = _release(out)
    monkeypatch.setattr(validation, "check_file", lambda *_: ["x.json: broken on purpose"])
    with pytest.raises(OutputValidationError):
        publishing.publish(sample_cube, out)  # type: ignore[arg-type]
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_a_full_disk_leaves_the_previous_release(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_cube: object
) -> None:
    import errno

    from publisher.building import publish as publishing
    from publisher.errors import PublisherError

    out = tmp_path / "output"
    before = _release(out)
    written = []
    original = Path.write_bytes

    def write_bytes(self: Path, data: bytes) -> int:
        if len(written) > 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(self)
        return original(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    with pytest.raises(PublisherError, match="cannot write the release: No space left on device"):
        publishing.publish(sample_cube, out)  # type: ignore[arg-type]
    monkeypatch.undo()
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_a_killed_builds_leftovers_are_cleared_even_when_the_release_is_current(
    tmp_path: Path,
) -> None:
    out = tmp_path / "output"
    assert _build(out, SAMPLE_TXT).wait(timeout=300) == 0
    before = _tree(out)
    staging = tmp_path / ".output.k1lled"  # what a build killed while writing leaves
    (staging / "jsonstat").mkdir(parents=True)
    (staging / "jsonstat" / "half.json").write_bytes(b'{"version":')
    again = _build(out, SAMPLE_TXT)
    assert again.wait(timeout=300) == 0
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]
