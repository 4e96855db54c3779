"""The command line, driven through click's CliRunner and as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from publisher.cli import main
from tests.conftest import SAMPLE_TXT


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


def test_bad_input_is_one_line_on_stderr_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"\x00\x01garbage" * 50)
    done = subprocess.run(
        [sys.executable, "-m", "publisher", "parse", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == f"error: {bad}: not a PDF: it does not start with b'%PDF-'\n"
