"""`publisher build` and `publisher validate` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import SAMPLE_TXT


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "publisher", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


def test_the_readme_command_from_another_folder(tmp_path: Path) -> None:
    # `publisher build samples/` as the README has it: the release goes to output/,
    # a path relative to where the user stands.
    samples = SAMPLE_TXT.parent.resolve()
    done = _run("build", str(samples), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    checked = _run("validate", "output", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr


def test_build_then_validate(tmp_path: Path) -> None:
    out = tmp_path / "output"
    done = _run("build", str(SAMPLE_TXT), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert (out / "jsonstat" / "collection.json").is_file()
    assert (out / "jsonstat" / "en" / "TILT150_kommune.json").is_file()
    checked = _run("validate", str(out))
    assert checked.returncode == 0 and "valid" in checked.stderr


def test_validate_fails_on_a_broken_release(tmp_path: Path) -> None:
    out = tmp_path / "output"
    assert _run("build", str(SAMPLE_TXT), "-o", str(out)).returncode == 0
    path = out / "jsonstat" / "TILT150_kjonn.json"
    dataset = json.loads(path.read_text(encoding="utf-8"))
    dataset["value"] = dataset["value"][:-1]
    path.write_text(json.dumps(dataset), encoding="utf-8")
    (out / "jsonstat" / "TILT150_alder.json").unlink()
    done = _run("validate", str(out))
    assert done.returncode == 1
    assert "TILT150_kjonn.json: value has 5 cells, the sizes make 6" in done.stderr
    assert "link 'http://127.0.0.1:8000/jsonstat/TILT150_alder.json' is not in the release" in (
        done.stderr
    )
    assert "Traceback" not in done.stderr


def test_a_failed_build_leaves_the_previous_release(tmp_path: Path) -> None:
    out = tmp_path / "output"
    assert _run("build", str(SAMPLE_TXT), "-o", str(out)).returncode == 0
    before = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    bad = tmp_path / "bad.txt"
    bad.write_text(
        SAMPLE_TXT.read_text(encoding="utf-8").replace("Menn 1\xa0482", "Menn og andre 1\xa0482"),
        encoding="utf-8",
    )
    done = _run("build", str(bad), "-o", str(out))
    assert done.returncode == 1 and "could not be mapped" in done.stderr
    after = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "output"]
