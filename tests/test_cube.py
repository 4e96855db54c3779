"""Many reports, one series: merging, revisions, repeated files, unmapped labels."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from publisher.building.pipeline import make_cube
from publisher.checking.consistency import check_averages, check_hierarchies
from publisher.errors import MappingError
from publisher.mapping.observations import map_report
from publisher.merging.cube import Cube, merge
from publisher.model import Cell, Month, Period, Report, Row
from tests.conftest import SAMPLE_TXT
from tests.navgen import generate, render_text

KEY_OSLO = {"TILTAK": "AVKLARAG", "REF_AREA": "0301", "MEASURE": "PARTICIPANTS"}


def _edit_rows(report: Report, table: str, edit: Callable[[Row], Row]) -> Report:
    tables = tuple(
        dataclasses.replace(
            t,
            blocks=tuple(
                dataclasses.replace(b, rows=tuple(edit(r) for r in b.rows)) for b in t.blocks
            ),
        )
        if t.title == table
        else t
        for t in report.tables
    )
    return dataclasses.replace(report, tables=tables)


def _january_of(february: Report) -> Report:
    """The January report that came before a January–February one."""

    def first_month(row: Row) -> Row:
        return dataclasses.replace(row, average=row.months[0], months=row.months[:1])

    tables = tuple(
        dataclasses.replace(
            t,
            blocks=tuple(
                dataclasses.replace(
                    b, total=first_month(b.total), rows=tuple(map(first_month, b.rows))
                )
                for b in t.blocks
            ),
        )
        for t in february.tables
    )
    january = Period(Month(2026, 1), Month(2026, 1))
    return dataclasses.replace(
        february, period=january, tables=tables, updated=date(2026, 2, 2), source="jan.txt"
    )


def _value(cube: Cube, month: str, **codes: str) -> object:
    data = cube.data
    mask = data["TIME_PERIOD"] == month
    for dimension in cube.key:
        if dimension not in ("FAMILY", "TIME_PERIOD"):
            mask &= data[dimension] == codes.get(dimension, "_T")
    (row,) = data[mask].to_dict("records")
    return row


@pytest.fixture(scope="module")
def february() -> Report:
    report, _ = generate(months=2, seed=21, updated=date(2026, 3, 2))
    return dataclasses.replace(report, source="feb.txt")


def test_a_later_report_revises_an_earlier_month(february: Report) -> None:
    january = _january_of(february)

    def revise_oslo(row: Row) -> Row:
        if row.code != "0301":
            return row
        revised = Cell(int(row.months[0].value) + 7)  # type: ignore[arg-type]
        return dataclasses.replace(row, months=(revised, *row.months[1:]))

    revised = _edit_rows(february, "Tiltak og kommune", revise_oslo)
    cube = merge([map_report(revised), map_report(january)])  # order of input does not matter
    old = next(r for b in january.table("Tiltak og kommune").blocks for r in b.rows
               if r.code == "0301").months[0].value  # fmt: skip
    assert old is not None
    row = _value(cube, "2026-01", **KEY_OSLO)
    assert (row["OBS_VALUE"], row["SOURCE"]) == (old + 7, "feb.txt")
    (revision,) = cube.revisions
    assert dict(revision.key)["REF_AREA"] == "0301"
    assert (revision.old_value, revision.new_value) == (old, old + 7)
    assert (revision.old_source, revision.new_source) == ("jan.txt", "feb.txt")
    assert (revision.old_updated, revision.new_updated) == (date(2026, 2, 2), date(2026, 3, 2))
    january_averages = [o for o in map_report(january).observations if o.key[-2].endswith("AVG")]
    assert len(cube.data) == len(map_report(revised).observations) + len(january_averages)


def test_a_revision_to_suppressed_withholds_the_old_number(february: Report) -> None:
    january = _january_of(february)

    def suppress_oslo(row: Row) -> Row:
        if row.code != "0301":
            return row
        return dataclasses.replace(row, months=(Cell.suppressed(), *row.months[1:]))

    cube = merge([map_report(january), map_report(_edit_rows(february, "Tiltak og kommune",
                                                            suppress_oslo))])  # fmt: skip
    (revision,) = cube.revisions
    assert (revision.old_value, revision.old_status) == (None, "A")
    assert (revision.new_value, revision.new_status) == (None, "Q")
    row = _value(cube, "2026-01", **KEY_OSLO)
    assert row["OBS_STATUS"] == "Q" and pd.isna(row["OBS_VALUE"])


def test_the_same_report_twice_gives_no_duplicates(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copy(SAMPLE_TXT, copy)
    once = make_cube([SAMPLE_TXT])
    twice = make_cube([SAMPLE_TXT, copy])
    assert len(twice.data) == len(once.data) == 672
    assert twice.revisions == []
    assert any("the same file as" in str(n) for n in twice.notices)


def test_the_sample_pdf_and_text_merge_without_revisions() -> None:
    cube = make_cube([SAMPLE_TXT.parent])
    assert len(cube.data) == 672
    assert cube.revisions == []
    # The only warnings: the disclosure audit's (tests/test_audit.py)
    assert [n for n in cube.notices if not n.message.startswith("disclosure:")] == []


def _unmappable(tmp_path: Path) -> Path:
    text = SAMPLE_TXT.read_text(encoding="utf-8")
    text = text.replace("1101 Eigersund 9 9", "9876 Fantasia 9 9")
    text = text.replace("Kvinner 2\xa0085 2\xa0085", "Kvinner og menn 2\xa0085 2\xa0085")
    path = tmp_path / "unmappable.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_labels_are_reported_together(tmp_path: Path) -> None:
    path = _unmappable(tmp_path)
    with pytest.raises(MappingError) as caught:
        make_cube([path])
    problems = caught.value.problems
    assert len(problems) == 2
    fantasia, kvinner = sorted(problems, key=lambda p: "Fantasia" not in p)
    assert fantasia.startswith(f"{path}, page 11, line ")
    assert "Tiltak og kommune: '9876 Fantasia' is no REF_AREA code (closest:" in fantasia
    assert "Tiltak og kjønn: 'Kvinner og menn' is no SEX code (closest: F Kvinner" in kvinner


def test_the_cli_writes_nothing_when_labels_do_not_map(tmp_path: Path) -> None:
    out = tmp_path / "out" / "cube.csv"
    done = subprocess.run(
        [sys.executable, "-m", "publisher", "cube", str(_unmappable(tmp_path)), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert len(lines) == 3 and all(line.startswith("error: ") for line in lines)
    assert "2 labels could not be mapped" in lines[-1]
    assert not out.exists()


def test_children_above_their_total_are_a_warning(sample_report: Report) -> None:
    def inflate_oslo(row: Row) -> Row:
        return dataclasses.replace(row, months=(Cell(500),)) if row.code == "0301" else row

    cube = merge([map_report(_edit_rows(sample_report, "Tiltak og kommune", inflate_oslo))])
    notices = [str(n) for n in check_hierarchies(cube, frozenset({"REF_AREA"}))]
    assert any("REF_AREA=03 PARTICIPANTS 2026-01: total 425, children print 500" in n
               and "more than the total" in n for n in notices)  # fmt: skip


def test_an_average_that_does_not_fit_its_months_is_a_warning(sample_report: Report) -> None:
    def skew_oslo(row: Row) -> Row:
        return dataclasses.replace(row, average=Cell(500)) if row.code == "03" else row

    notices = check_averages(_edit_rows(sample_report, "Tiltak og fylke", skew_oslo))
    (notice,) = notices
    assert "'03 Oslo': the average 500 does not fit its months" in str(notice)
    assert notice.location is not None and notice.location.page == 4


def test_the_cli_writes_the_cube_and_the_revisions(tmp_path: Path) -> None:
    out, log = tmp_path / "cube.csv", tmp_path / "revisions.csv"
    command = ["cube", str(SAMPLE_TXT), "-o", str(out), "--revisions", str(log)]
    done = subprocess.run(
        [sys.executable, "-m", "publisher", *command],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("FAMILY,TILTAK,LABOUR_MARKET_STATUS,REF_AREA,SEX,AGE,")
    assert len(lines) == 673
    lund = [line for line in lines if ",1112,_T," in line]
    assert lund == [
        f"TILT150,AVKLARAG,_T,1112,_T,_T,_T,_T,_T,{m},2026-01,,Q,A,2026-02-02,{SAMPLE_TXT},11"
        for m in ("PARTICIPANTS", "PARTICIPANTS_YTD_AVG")
    ]
    assert log.read_text(encoding="utf-8").count("\n") == 1  # the header only


def test_a_series_over_the_reform_on_the_2024_structure(tmp_path: Path) -> None:
    old, _ = generate(year=2023, months=12, regions="2020", seed=4)
    new, _ = generate(year=2024, months=2, seed=5)
    paths = []
    for report, name in ((old, "TILT150_2023-12.txt"), (new, "TILT150_2024-02.txt")):
        paths.append(tmp_path / name)
        paths[-1].write_text(render_text(report), encoding="utf-8")
    reported = make_cube(paths)
    harmonised = make_cube(paths, regions="2024")
    assert len(harmonised.data) == len(reported.data)

    def months(cube: Cube, code: str) -> list[str]:
        rows = cube.data[(cube.data["REF_AREA"] == code) & (cube.data["MEASURE"] == "PARTICIPANTS")]
        return sorted(set(rows["TIME_PERIOD"]))

    assert months(reported, "3001")[-1] == "2023-12" and months(reported, "3101")[0] == "2024-01"
    assert months(harmonised, "3001") == []
    assert months(harmonised, "3101")[:1] == ["2023-01"] and "2024-02" in months(harmonised, "3101")
    assert months(harmonised, "30") == months(reported, "30")  # Viken was split: kept
    assert any("REF_AREA 30 was split" in str(n) for n in harmonised.notices)
    assert not any("was split" in str(n) for n in reported.notices)


def test_a_break_any_report_announces_marks_the_merged_series(tmp_path: Path) -> None:
    """A break one report announces marks the month that another report holds.

    The January 2026 report says the series break from April 2025; the January–June 2025
    report, which holds April 2025, says nothing.
    """
    january, _ = generate(year=2026, months=1, seed=4)
    first_half, _ = generate(year=2025, months=6, seed=3)
    quiet = dataclasses.replace(
        first_half, notes=tuple(n for n in first_half.notes if "brudd" not in n), source="h1.txt"
    )
    assert map_report(quiet).breaks == []
    cube = merge([map_report(january), map_report(quiet)])
    (brk,) = cube.families["TILT150"].breaks
    assert (brk.month, brk.dimension, brk.codes) == ("2025-04", "LABOUR_MARKET_STATUS",
                                                     ("ARBS", "ANDRE"))  # fmt: skip
    data = cube.data
    marked = data[data["OBS_STATUS"] == "B"]
    assert len(marked) > 0 and set(marked["TIME_PERIOD"]) == {"2025-04"}
    assert set(marked["LABOUR_MARKET_STATUS"]) == {"ARBS", "ANDRE"}
    april = data[(data["TIME_PERIOD"] == "2025-04")
                 & data["LABOUR_MARKET_STATUS"].isin(["ARBS", "ANDRE"])]  # fmt: skip
    assert set(april["OBS_STATUS"]) <= {"B", "Q"}  # a suppressed cell stays suppressed
    assert not cube.revisions  # the two reports hold different months: nothing revised
