"""The command line, driven through click's CliRunner and as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli import main
from tests.conftest import SAMPLE_TXT
from tests.navgen import generate, render_encrypted, render_fpdf


def test_parse_prints_the_report_as_json() -> None:
    result = CliRunner().invoke(main, ["parse", str(SAMPLE_TXT)])
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.output)
    assert report["report"] == "TILT150"
    assert report["columns"] == ["average", "2026-01"]
    county = report["tables"][2]
    assert county["title"] == "Tiltak og fylke"
    oslo = county["blocks"][0]["rows"][0]
    assert oslo == {
        "label": "03 Oslo",
        "code": "03",
        "page": 4,
        "line": oslo["line"],
        "cells": {"average": 425, "2026-01": 425},
    }
    assert (
        SAMPLE_TXT.read_text(encoding="utf-8").splitlines()[oslo["line"] - 1] == "03 Oslo 425 425"
    )
    unknown = county["blocks"][0]["rows"][-1]
    assert unknown["label"] == "Ukjent"
    assert unknown["cells"] == {"average": "*", "2026-01": "*"}


def test_parse_a_folder_reads_every_report_in_it(tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (nested / "report.txt").write_bytes(SAMPLE_TXT.read_bytes())
    (tmp_path / "README.md").write_text("not a report", encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert [r["source"] for r in json.loads(result.output)] == [str(nested / "report.txt")]


def test_a_folder_without_reports_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["parse", str(tmp_path)])
    assert result.exit_code == 1
    assert "no reports found" in result.output


def _bad_inputs(folder: Path) -> dict[str, Path]:
    """One file for each kind of bad input, written into ``folder``."""
    report, _ = generate(months=1, municipalities=4)
    good = render_fpdf(report, folder / "good.pdf").read_bytes()
    text = SAMPLE_TXT.read_text(encoding="utf-8")
    files = {
        "empty.pdf": b"",
        "random.pdf": bytes(range(256)) * 8,
        "truncated.pdf": good[: len(good) // 2],
        "encrypted.pdf": render_encrypted(report, folder / "e.pdf", "secret").read_bytes(),
        "values.txt": text.replace("03 Oslo 425 425\n", "03 Oslo 425 425 425\n").encode(),
        "section.txt": text.replace("Tiltak og kjønn Rapport", "Tiltak og kjonn Rapport").encode(),
        "repeat.txt": text.replace(
            "Menn 1\xa0482 1\xa0482", "Menn 1\xa0482 1\xa0482\nMenn 1\xa0483 1\xa0483"
        ).encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return {name: folder / name for name in files}


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _bad_inputs(tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("empty.pdf", "empty file"),
        ("random.pdf", "not a PDF"),
        ("truncated.pdf", "truncated PDF"),
        ("encrypted.pdf", "encrypted PDF"),
        ("values.txt", "page 4, line 73: wrong number of values"),
        ("section.txt", "unknown section"),
        ("repeat.txt", "repeated row with different numbers"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_1(
    bad_inputs: dict[str, Path], name: str, says: str
) -> None:
    path = bad_inputs[name]
    done = subprocess.run(
        [sys.executable, "-m", "publisher", "parse", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith(f"error: {path}")
    assert says in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
