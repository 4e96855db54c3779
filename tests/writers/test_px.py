"""PX files, read back with pyaxis and pandas-pcaxis: every value and symbol is the cube's."""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pandas_pcaxis import PxParser
from pyaxis import pyaxis

from publisher.merging.cube import Cube

MANDATORY = ("MATRIX", "SUBJECT-CODE", "SUBJECT-AREA", "TITLE", "CONTENTS", "UNITS",
             "DECIMALS", "STUB", "HEADING", "CODEPAGE", "LANGUAGE", "LANGUAGES",
             "CONTVARIABLE", "SOURCE", "NOTE", "DATASYMBOL2")  # fmt: skip


@pytest.fixture
def px_folder(sample_release: Path) -> Path:
    return sample_release / "px"


def _read(path: Path, lang: str | None = None) -> dict[str, Any]:
    # Only "." (not in the reports) becomes NaN; ".." (suppressed) stays as written.
    parsed: dict[str, Any] = pyaxis.parse(
        str(path), encoding="utf-8", null_values=r'^"\."$', sd_values=r"^$", lang=lang
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


def test_a_series_break_is_noted_in_both_languages_and_on_its_month(break_release: Path) -> None:
    """The break comes from a report whose months the release does not take: still noted."""
    path = break_release / "px" / "TILT150_status.px"
    nb, en = _read(path)["METADATA"], _read(path, "en")["METADATA"]
    assert "Brudd i tidsserien fra april 2025 for arbeidssøkere" in nb["NOTE"][0]
    assert "Break in the time series from April 2025 for jobseekers" in en["NOTE"][0]
    assert "sammenlignbare" in nb["VALUENOTE(måned,2025M04)"][0]
    assert "comparable" in en["VALUENOTE(month,2025M04)"][0]
    fylke = _read(break_release / "px" / "TILT150_fylke.px")["METADATA"]
    assert "Brudd" not in fylke["NOTE"][0]  # the county table is at the status total: no break


TEXT_KEYWORDS = ("SUBJECT-AREA", "CONTENTS", "TITLE", "UNITS", "STUB", "HEADING",
                 "CONTVARIABLE", "VALUES", "TIMEVAL", "CODES", "VARIABLECODE", "ELIMINATION",
                 "SOURCE", "NOTE", "VALUENOTE", "LAST-UPDATED", "DATASYMBOL1",
                 "DATASYMBOL2")  # fmt: skip


def _keywords(text: str) -> list[str]:
    return re.findall(r"^([A-Z][A-Z0-9-]*)(\[en\])?[(=]", text, flags=re.MULTILINE)


@pytest.mark.parametrize("which", ["sample", "break"])
def test_every_text_keyword_in_both_languages(
    which: str, sample_release: Path, break_release: Path
) -> None:
    release = sample_release if which == "sample" else break_release
    for path in sorted((release / "px").glob("*.px")):
        found = _keywords(path.read_text(encoding="utf-8"))
        nb = Counter(k for k, en in found if not en and k in TEXT_KEYWORDS)
        en = Counter(k for k, en in found if en)
        assert nb == en, (path.name, nb - en, en - nb)
        assert {"DATASYMBOL1", "DATASYMBOL2", "NOTE", "TITLE"} <= set(en)


def test_lists_are_wrapped_and_data_lines_end_with_a_space(break_release: Path) -> None:
    text = (break_release / "px" / "TILT150_kommune.px").read_text(encoding="utf-8")
    head, data = text.split("DATA=\n")
    # A list wraps; a single text stays whole, and TIMEVAL too (pandas-pcaxis takes no
    # break after TLIST).
    singles = ("TIMEVAL", "NOTE", "VALUENOTE", "TITLE", "ELIMINATION")
    long = [line for line in head.splitlines() if len(line) > 100 and not line.startswith(singles)]
    assert long == [], long
    assert sum(1 for line in head.splitlines() if line.startswith('"')) > 10  # wrapped lists
    lines = data.removesuffix(";\n").split("\n")
    assert all(line.endswith(" ") for line in lines[:-1]) and len(lines) > 50
    # A reader that joins DATA lines without a separator (npm px) keeps every cell apart.
    assert "".join(lines).split() == " ".join(lines).split()


def _pandas_pcaxis(path: Path) -> dict[tuple[str, ...], object]:
    parsed = PxParser(encoding="utf-8").parse(path.read_bytes())
    frame = parsed.to_df(drop_sums=False)
    cells = {}
    for row_key, row in frame.iterrows():
        for column_key, value in row.items():
            key = (*_tuple(row_key), *_tuple(column_key))
            cells[key] = value
    return cells


def _tuple(key: object) -> tuple[str, ...]:
    return tuple(map(str, key)) if isinstance(key, tuple) else (str(key),)


@pytest.mark.parametrize("which", ["sample", "break"])
def test_pandas_pcaxis_and_pyaxis_read_every_file_as_the_json_stat(
    which: str, sample_release: Path, break_release: Path
) -> None:
    release = sample_release if which == "sample" else break_release
    compared = 0
    for path in sorted((release / "px").glob("*.px")):
        dataset = json.loads((release / "jsonstat" / f"{path.stem}.json").read_text("utf-8"))
        # PX names a category by its label, a month by its code.
        labels = [dataset["dimension"][d]["category"]["label"] if d != "TIME_PERIOD" else {}
                  for d in dataset["id"]]  # fmt: skip
        index = [dataset["dimension"][d]["category"]["index"] for d in dataset["id"]]
        by_pandas = _pandas_pcaxis(path)
        by_pyaxis = _read(path)["DATA"]
        assert len(by_pandas) == len(by_pyaxis) == len(dataset["value"])
        stub_then_heading = [
            [lab.get(i, i) for i in ids] for lab, ids in zip(labels, index, strict=True)
        ]
        for cell, value in zip(
            itertools.product(*stub_then_heading), dataset["value"], strict=True
        ):
            read = by_pandas[cell]
            if value is None:  # suppressed, or in no report: a dot code, never a number
                assert read in ("..", "."), (path.name, cell, read)
            else:
                assert read == value, (path.name, cell, read)
            compared += 1
        marks = dataset["status"]
        expected = [str(v) if v is not None else '".."' if marks.get(str(i)) == ":" else ""
                    for i, v in enumerate(dataset["value"])]  # fmt: skip
        assert list(by_pyaxis["DATA"]) == expected
    assert compared > 100
