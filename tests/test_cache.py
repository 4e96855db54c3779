"""The parse cache: a hit parses nothing, and anything doubtful is a miss."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import publisher
from publisher.building import cache as cache_module
from publisher.building import reading
from publisher.building.cache import ParseCache, default_dir, parser_version
from publisher.building.reading import read_reports
from publisher.model import Report
from publisher.parse.json_view import report_to_json
from tests.conftest import SAMPLE_PDF, SAMPLE_TXT
from tests.navgen import generate, render_text


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for months in (1, 2):
        report, _ = generate(months=months, seed=months, municipalities=8)
        (folder / f"TILT150_2026-{months:02d}.txt").write_text(render_text(report), "utf-8")
    shutil.copy(SAMPLE_PDF, folder / SAMPLE_PDF.name)
    return folder


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file the pipeline parses (in this process: jobs=1)."""
    seen: list[Path] = []
    real = reading.parse_file

    def counted(path: Path) -> Report:
        seen.append(path)
        return real(path)

    monkeypatch.setattr(reading, "parse_file", counted)
    return seen


def _json(reports: list[Report]) -> list[object]:
    """Everything parsed, with source, page and line (which Report equality ignores)."""
    return [report_to_json(r) | {"sha256": r.sha256} for r in reports]


def test_a_hit_parses_nothing_and_gives_the_same_reports(
    inputs: Path, tmp_path: Path, parses: list[Path]
) -> None:
    cache = ParseCache(tmp_path / "cache")
    first, _ = read_reports([inputs], cache=cache)
    assert len(parses) == 3
    again, _ = read_reports([inputs], cache=ParseCache(tmp_path / "cache"))
    assert len(parses) == 3, "nothing parsed the second time"
    assert _json(again) == _json(first)
    uncached, _ = read_reports([inputs])
    assert _json(uncached) == _json(first)


def test_only_a_new_file_is_parsed(inputs: Path, tmp_path: Path, parses: list[Path]) -> None:
    cache = ParseCache(tmp_path / "cache")
    read_reports([inputs], cache=cache)
    report, _ = generate(months=3, seed=3, municipalities=8)
    added = inputs / "TILT150_2026-03.txt"
    added.write_text(render_text(report), "utf-8")
    reports, _ = read_reports([inputs], cache=cache)
    assert parses[3:] == [added]
    assert [Path(r.source).name for r in reports] == sorted(p.name for p in inputs.iterdir())


def test_the_same_content_elsewhere_is_a_hit_read_as_from_there(
    tmp_path: Path, parses: list[Path]
) -> None:
    cache = ParseCache(tmp_path / "cache")
    read_reports([SAMPLE_TXT], cache=cache)
    moved = tmp_path / "elsewhere" / "report.txt"
    moved.parent.mkdir()
    shutil.copy(SAMPLE_TXT, moved)
    (report,), _ = read_reports([moved], cache=cache)
    assert parses == [SAMPLE_TXT]
    assert report.source == str(moved)
    assert report_to_json(report)["source"] == str(moved)


def test_a_changed_parser_version_invalidates(
    inputs: Path, tmp_path: Path, parses: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    read_reports([inputs], cache=ParseCache(tmp_path / "cache"))
    old = {p.name for p in (tmp_path / "cache").iterdir()}
    monkeypatch.setattr(cache_module, "parser_version", lambda: "another-version")
    read_reports([inputs], cache=ParseCache(tmp_path / "cache"))
    assert len(parses) == 6, "every file parsed again"
    assert {p.name for p in (tmp_path / "cache").iterdir()} == {"parse-another-version"}
    assert old != {"parse-another-version"}


def test_the_parser_version_follows_the_code_and_the_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = parser_version.__wrapped__()
    assert now == parser_version()
    monkeypatch.setattr(publisher, "__version__", "99.0")
    assert parser_version.__wrapped__() != now


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05garbage"])
def test_a_corrupt_entry_is_a_miss(
    inputs: Path, tmp_path: Path, parses: list[Path], damage: bytes
) -> None:
    cache = ParseCache(tmp_path / "cache")
    first, _ = read_reports([inputs], cache=cache)
    entries = list(cache.entries.iterdir())
    assert len(entries) == 3
    for entry in entries:
        entry.write_bytes(damage)
    again, _ = read_reports([inputs], cache=cache)
    assert len(parses) == 6
    assert _json(again) == _json(first)
    third, _ = read_reports([inputs], cache=cache)
    assert len(parses) == 6, "the entries were written anew"
    assert _json(third) == _json(first)


def test_the_cache_folder_may_be_deleted(inputs: Path, tmp_path: Path, parses: list[Path]) -> None:
    cache = ParseCache(tmp_path / "cache")
    first, _ = read_reports([inputs], cache=cache)
    shutil.rmtree(tmp_path / "cache")
    again, _ = read_reports([inputs], cache=cache)
    assert len(parses) == 6
    assert _json(again) == _json(first)
    assert len(list(cache.entries.iterdir())) == 3


def test_an_unwritable_cache_is_no_error(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    (report,), _ = read_reports([SAMPLE_TXT], cache=ParseCache(blocked / "cache"))
    assert report.family == "TILT150"


def test_the_default_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PUBLISHER_CACHE_DIR", str(tmp_path / "mine"))
    assert default_dir() == tmp_path / "mine"
    monkeypatch.delenv("PUBLISHER_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_dir() == tmp_path / "xdg" / "publisher"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_dir() == tmp_path / "home" / ".cache" / "publisher"


def test_the_suite_keeps_away_from_the_real_cache() -> None:
    assert Path.home() / ".cache" not in default_dir().parents
