"""Progress bars on a terminal only, the build's summary, and the up-to-date build."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher import progress
from publisher.cli import main
from tests.conftest import ROOT, SAMPLE_TXT

SAMPLES = ROOT / "samples"
SUMMARY = re.compile(
    r"^(?P<done>.*): (?P<reports>\d+) reports, (?P<tables>\d+) tables,"
    r" (?P<observations>[\d,]+) observations \((?P<suppressed>[\d,]+) suppressed\),"
    r" (?P<warnings>\d+) warnings; [\d.]+ s$"
)


def _build(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["build", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stderr.splitlines()


def _sample_numbers() -> dict[str, int]:
    """What the sample's text says: its section titles and its cells printed as ``*``."""
    lines = SAMPLE_TXT.read_text(encoding="utf-8").splitlines()
    titles = {
        line.split(" Rapport oppdatert:")[0] for line in lines if "Rapport oppdatert:" in line
    }
    titles.discard("Om statistikken")  # the notes page, no table
    stars = sum(line.split().count("*") for line in lines)
    return {"tables": len(titles), "suppressed": stars}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("release") / "out"
    code, lines = _build(str(SAMPLES), "-o", str(out))
    assert code == 0, lines
    return out, lines


def test_the_summary_counts_what_the_sample_says(built: tuple[Path, list[str]]) -> None:
    out, lines = built
    match = SUMMARY.match(lines[-1])
    assert match, lines[-1]
    expected = _sample_numbers()
    assert expected == {"tables": 9, "suppressed": 236}  # 118 rows of `* *`
    files = len([p for p in out.rglob("*") if p.is_file()])
    assert match["done"] == f"{files} files written to {out}/"
    assert int(match["reports"]) == 2  # the sample's text and its PDF, two files
    assert int(match["tables"]) == expected["tables"]
    assert match["observations"] == "672"  # each file gives the same 672: merged, 672
    assert int(match["suppressed"].replace(",", "")) == expected["suppressed"]
    warnings = [line for line in lines if line.startswith("warning: ")]
    assert int(match["warnings"]) == len(warnings) == len(lines) - 1
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["summary"]["warnings"] == len(manifest["warnings"]) == len(warnings)


def test_no_progress_bars_off_a_terminal_and_quiet_prints_only_warnings(
    tmp_path: Path, built: tuple[Path, list[str]]
) -> None:
    _, lines = built
    assert all(line.startswith("warning: ") for line in lines[:-1])  # no bar drawn
    code, quiet = _build(str(SAMPLES), "-o", str(tmp_path / "out"), "--quiet")
    assert code == 0
    assert quiet == lines[:-1], "the warnings, and nothing else"


def test_a_build_with_nothing_changed_is_up_to_date(
    tmp_path: Path, built: tuple[Path, list[str]]
) -> None:
    out = tmp_path / "out"
    shutil.copytree(built[0], out)
    code, lines = _build(str(SAMPLES), "-o", str(out))
    assert code == 0
    assert lines[:-1] == built[1][:-1], "the same warnings"
    assert lines[-1].startswith(f"{out}/ is up to date, nothing written: ")
    assert SUMMARY.match(lines[-1])["observations"] == "672"  # type: ignore[index]


@pytest.mark.parametrize("change", ["edit", "delete", "add", "remove", "option", "input"])
def test_any_change_builds_again(
    tmp_path: Path, built: tuple[Path, list[str]], change: str
) -> None:
    out = tmp_path / "out"
    shutil.copytree(built[0], out)
    inputs = [str(SAMPLES)]
    args: list[str] = []
    if change == "edit":
        (out / "index.html").write_text("edited", encoding="utf-8")
    elif change == "delete":
        (out / "px" / "TILT150_kjonn.px").unlink()
    elif change == "add":
        (out / "px" / "extra.px").write_text("x", encoding="utf-8")
    elif change == "remove":
        shutil.rmtree(out)
    elif change == "option":
        args = ["--agency", "SSB"]
    else:
        inputs = [str(SAMPLE_TXT)]
    code, lines = _build(*inputs, "-o", str(out), *args)
    assert code == 0
    assert "files written to" in lines[-1]
    assert (out / "index.html").read_text(encoding="utf-8") != "edited"
    assert not (out / "px" / "extra.px").exists()
    assert (out / "px" / "TILT150_kjonn.px").is_file()


def test_bars_draw_a_line_per_stage_on_a_terminal() -> None:
    from rich.console import Console

    bars = progress.bars()
    screen = io.StringIO()
    bars.console = Console(file=screen, force_terminal=True, width=80)  # type: ignore[attr-defined]
    with bars.stage("parse", 3) as advance:
        for _ in range(3):
            advance()
    with bars.stage("render", 1) as advance:
        advance()
    text = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", screen.getvalue())
    assert "parse" in text and "3/3" in text
    assert "render" in text and "1/1" in text


def test_silent_counts_nothing_and_draws_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    with progress.SILENT.stage("parse", 2) as advance:
        advance()
    assert capsys.readouterr() == ("", "")
