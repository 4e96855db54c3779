"""Builds past parsing kept: a month added maps one report, and the release is a cold build's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from publisher.building import audited, kept, pipeline, prepared
from publisher.building.cache import ParseCache
from publisher.building.pipeline import make_cube
from publisher.building.publish import publish
from publisher.building.reading import read_reports
from publisher.disclosure import audit
from publisher.disclosure.system import printed_decimals
from publisher.family.spec import spec_for
from publisher.mapping.observations import map_report
from publisher.merging.cube import Cube
from publisher.model import Report
from tests.navgen import generate, render_text

# (year, months, seed): each report of a year prints its months so far, drawn anew, so
# a later report revises the months an earlier one printed.
_REPORTS = [(2025, 11, 1), (2025, 12, 2), (2026, 1, 3), (2026, 2, 4), (2026, 3, 5)]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Five monthly reports as text, in the order Nav published them."""
    folder = tmp_path_factory.mktemp("archive")
    paths = []
    for year, months, seed in _REPORTS:
        report, _ = generate(year=year, months=months, seed=seed, municipalities=8)
        path = folder / f"TILT150_{year}-{months:02d}.txt"
        path.write_text(render_text(report), "utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def maps(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The source of every report mapped (in this process: jobs=1)."""
    seen: list[str] = []

    def counted(report: Report) -> object:
        seen.append(Path(report.source).name)
        return map_report(report)

    monkeypatch.setattr(prepared, "map_report", counted)
    return seen


@pytest.fixture
def merges_anew(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many reports each merge from scratch took (the pipeline's, not merge_onto's)."""
    seen: list[int] = []
    real = pipeline.merge

    def counted(mapped: list[object], rows: object = None) -> Cube:
        seen.append(len(mapped))
        return real(mapped, rows)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "merge", counted)
    return seen


def _release(cube: Cube, out: Path) -> dict[str, bytes]:
    publish(cube, out)
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _link(paths: list[Path], folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    for path in paths:
        shutil.copy(path, folder / path.name)


@pytest.mark.parametrize("secondary", [False, True])
def test_a_month_added_maps_one_report_and_gives_the_cold_release(
    archive: list[Path],
    tmp_path: Path,
    maps: list[str],
    merges_anew: list[int],
    secondary: bool,
) -> None:
    inputs = tmp_path / "in"
    _link(archive[:-1], inputs)
    cache = ParseCache(tmp_path / "cache")
    make_cube([inputs], cache=cache, secondary=secondary)
    assert len(maps) == 4 and merges_anew == [4]
    _link(archive[-1:], inputs)
    grown = make_cube([inputs], cache=cache, secondary=secondary)
    assert maps[4:] == [archive[-1].name], "only the new report is mapped"
    assert merges_anew == [4], "merged onto the kept cube"
    cold = make_cube([inputs], secondary=secondary)
    assert cold.revisions, "later reports revise earlier months: the test covers revisions"
    assert [str(n) for n in grown.notices] == [str(n) for n in cold.notices]
    assert _release(grown, tmp_path / "grown") == _release(cold, tmp_path / "cold")


def test_an_unchanged_build_maps_and_merges_nothing(
    archive: list[Path], tmp_path: Path, maps: list[str], merges_anew: list[int]
) -> None:
    cache = ParseCache(tmp_path / "cache")
    _link(archive, tmp_path / "in")
    first = make_cube([tmp_path / "in"], cache=cache)
    again = make_cube([tmp_path / "in"], cache=cache)
    assert len(maps) == 5 and merges_anew == [5]
    assert _release(again, tmp_path / "again") == _release(first, tmp_path / "first")


def test_a_month_added_before_the_kept_ones_is_merged_anew_to_the_cold_release(
    archive: list[Path], tmp_path: Path, maps: list[str], merges_anew: list[int]
) -> None:
    inputs = tmp_path / "in"
    _link([archive[0], *archive[2:]], inputs)
    cache = ParseCache(tmp_path / "cache")
    make_cube([inputs], cache=cache)
    _link(archive[1:2], inputs)  # 2025-12 comes after 2026-03 was merged
    grown = make_cube([inputs], cache=cache)
    assert maps[4:] == [archive[1].name], "the kept reports are not mapped again"
    assert merges_anew == [4, 5]
    cold = make_cube([inputs])
    assert _release(grown, tmp_path / "grown") == _release(cold, tmp_path / "cold")


def test_a_replaced_file_is_mapped_again(archive: list[Path], tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    _link(archive, inputs)
    cache = ParseCache(tmp_path / "cache")
    make_cube([inputs], cache=cache)
    shutil.copy(archive[0], inputs / archive[-1].name)  # other content, same path
    grown = make_cube([inputs], cache=cache)
    cold = make_cube([inputs])
    assert _release(grown, tmp_path / "grown") == _release(cold, tmp_path / "cold")


def test_other_code_makes_everything_anew(
    archive: list[Path], tmp_path: Path, maps: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ParseCache(tmp_path / "cache")
    _link(archive[:2], tmp_path / "in")
    make_cube([tmp_path / "in"], cache=cache)
    monkeypatch.setattr(kept, "state_version", lambda: "another-version")
    make_cube([tmp_path / "in"], cache=cache)
    assert len(maps) == 4, "every report mapped again"
    shelves = {p.name for p in (tmp_path / "cache").iterdir() if not p.name.startswith("parse-")}
    assert shelves == {"prepared-another-version", "cube-another-version", "audit-another-version"}


def test_the_audit_part_by_part_is_the_audit_of_the_whole(
    archive: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports, _ = read_reports(archive)
    cube = make_cube(archive)
    spec = spec_for("TILT150")
    assert spec is not None
    additive, decimals = spec.additive_dimensions, printed_decimals(reports)
    whole = [str(n) for n in audit.warnings(cube, additive, decimals)]
    assert any("is exactly determined" in n for n in whole), "the archive has findings"
    assert any("can take only" in n for n in whole), "and narrowed cells"
    in_processes = audited.warnings(cube, additive, decimals, jobs=2)
    assert [str(n) for n in in_processes] == whole
    shelf = kept.Kept(tmp_path / "cache").audits
    parts: list[str] = []
    real = audited._audit

    def counted(part: Cube, **how: object) -> object:
        parts.append(str(part.data["TIME_PERIOD"].iloc[0])[:4])
        return real(part, **how)  # type: ignore[arg-type]

    monkeypatch.setattr(audited, "_audit", counted)
    assert [str(n) for n in audited.warnings(cube, additive, decimals, shelf)] == whole
    assert parts == ["2025", "2026"]
    assert [str(n) for n in audited.warnings(cube, additive, decimals, shelf)] == whole
    assert parts == ["2025", "2026"], "nothing audited again"
