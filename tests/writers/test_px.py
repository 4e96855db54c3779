"""PX files of the sample, read back with pyaxis: every value and symbol is the cube's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pyaxis import pyaxis

from publisher.cube import Cube

MANDATORY = ("MATRIX", "SUBJECT-CODE", "SUBJECT-AREA", "TITLE", "CONTENTS", "UNITS",
             "DECIMALS", "STUB", "HEADING", "CODEPAGE", "LANGUAGE", "LANGUAGES",
             "CONTVARIABLE", "SOURCE", "NOTE", "DATASYMBOL2")  # fmt: skip


@pytest.fixture
def px_folder(sample_release: Path) -> Path:
    return sample_release / "px"


def _read(path: Path) -> dict[str, Any]:
    # Only "." (not in the reports) becomes NaN; ".." (suppressed) stays as written.
    parsed: dict[str, Any] = pyaxis.parse(
        str(path), encoding="utf-8", null_values=r'^"\."$', sd_values=r"^$"
    )
    return parsed


def test_one_px_file_per_table_with_the_keywords_pxweb_needs(px_folder: Path) -> None:
    files = sorted(p.name for p in px_folder.glob("*.px"))
    assert len(files) == 9 and "TILT150_kommune.px" in files
    metadata = _read(px_folder / "TILT150_fylke.px")["METADATA"]
    assert all(keyword in metadata for keyword in MANDATORY)
    assert metadata["CODEPAGE"] == ["utf-8"] and metadata["LANGUAGES"] == ["nb", "en"]
    assert metadata["DATASYMBOL2"] == [":"]
    text = (px_folder / "TILT150_fylke.px").read_text(encoding="utf-8")
    assert 'TIMEVAL("måned")=TLIST(M1),"2026M01";' in text
    assert metadata["ELIMINATION(region)"] == ["Hele landet"]
    assert metadata["VARIABLECODE(region)"] == ["REF_AREA"]


def test_every_value_and_symbol_is_the_cubes(px_folder: Path, cube: Cube) -> None:
    key = [*cube.dimensions, "MEASURE", "TIME_PERIOD"]
    expected = {
        tuple(row[k] for k in key): (row["OBS_VALUE"], row["OBS_STATUS"])
        for row in cube.data.to_dict("records")
    }
    checked = suppressed = 0
    for path in sorted(px_folder.glob("*.px")):
        px = _read(path)
        metadata, data = px["METADATA"], px["DATA"]
        variables = [*metadata["STUB"], *metadata["HEADING"]]
        code_of = {
            v: dict(zip(metadata[f"VALUES({v})"], metadata[f"CODES({v})"], strict=True))
            for v in variables
        }
        dimension_of = {v: metadata[f"VARIABLECODE({v})"][0] for v in variables}
        fixed = {"TILTAK": "G_AVKLARING"}  # the report's scope where a table has no tiltak
        for row in data.to_dict("records"):
            codes = {dimension_of[v]: code_of[v][row[v]] for v in variables}
            codes["TIME_PERIOD"] = codes["TIME_PERIOD"].replace("M", "-")
            cell = tuple(codes.get(k, fixed.get(k, "_T")) for k in key)
            value, status = expected[cell]
            if status == "Q":
                assert row["DATA"] == '".."', (path.name, cell)
                suppressed += 1
            else:
                assert float(row["DATA"]) == value, (path.name, cell)
            checked += 1
    assert checked > 600 and suppressed > 200


def test_sample_numbers_at_their_codes(px_folder: Path) -> None:
    data = _read(px_folder / "TILT150_fylke.px")["DATA"]
    monthly = data[data["statistikkvariabel"] == "Tiltaksdeltakere"]
    by_region = dict(zip(monthly["region"], monthly["DATA"], strict=True))
    assert by_region["Oslo"] == "425" and by_region["Hele landet"] == "3567"
    assert by_region["Uoppgitt"] == '".."'


def test_a_series_break_is_noted(tmp_path: Path) -> None:
    from publisher.pipeline import make_cube
    from publisher.publish import publish
    from tests.navgen import generate, render_text

    report, _ = generate(year=2025, months=6, seed=9)
    source = tmp_path / "TILT150_2025-06.txt"
    source.write_text(render_text(report), encoding="utf-8")
    publish(make_cube([source]), tmp_path / "output")
    metadata = _read(tmp_path / "output" / "px" / "TILT150_status.px")["METADATA"]
    assert "Brudd i tidsserien: 2025-04" in metadata["NOTE"][0]
