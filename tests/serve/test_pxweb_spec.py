"""What PxAPI-2.yml has and an earlier server refused or ignored, as regression tests."""

from __future__ import annotations

import orjson
import pytest
from starlette.testclient import TestClient

from tests.serve.errors import reason

FYLKE = "/api/v2/tables/TILT150_fylke"


def test_config_has_every_member_the_spec_requires(client: TestClient) -> None:
    config = client.get("/api/v2/config").json()
    assert config["maxCallsPerTimeWindow"] >= 1 and config["timeWindow"] >= 1
    assert config["dataFormats"] == ["json-stat2", "csv", "px"]


def test_tables_take_past_days_and_discontinued(client: TestClient) -> None:
    every = client.get("/api/v2/tables", params={"includeDiscontinued": "true"}).json()
    assert every["page"]["totalElements"] == 9
    assert every["tables"][0]["updated"].endswith("T00:00:00Z")
    recent = client.get("/api/v2/tables", params={"pastDays": 1}).json()
    assert recent["page"]["totalElements"] == 0  # the sample was updated in 2026-02
    assert client.get("/api/v2/tables", params={"pastDays": 100_000}).json()["tables"]
    assert client.get("/api/v2/tables", params={"includeDiscontinued": "maybe"}).status_code == 400
    beyond = client.get("/api/v2/tables", params={"pageNumber": 99}).json()
    assert beyond["tables"] == [] and beyond["page"]["totalPages"] == 1


def test_a_codelist_is_served_and_named_by_the_metadata(client: TestClient) -> None:
    metadata = client.get(f"{FYLKE}/metadata").json()
    named = metadata["dimension"]["REF_AREA"]["extension"]["codelists"][0]
    assert named["id"] == "CL_REGION"
    codelist = client.get(named["links"][0]["href"].replace("http://testserver", "")).json()
    assert {"code": "03", "label": "Oslo", "valueMap": ["03"]} in codelist["values"]
    missing = client.get("/api/v2/codelists/vs_Fylker")
    assert missing.status_code == 404 and "vs_Fylker" in reason(missing)


def test_the_default_selection_is_what_data_answers_without_one(client: TestClient) -> None:
    selection = client.get(f"{FYLKE}/defaultselection").json()
    body = {
        "selection": [
            {k: s[k] for k in ("variableCode", "valueCodes")} for s in selection["selection"]
        ]
    }
    chosen = client.post(f"{FYLKE}/data", content=orjson.dumps(body)).json()
    assert chosen["size"] == client.get(f"{FYLKE}/data").json()["size"]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"codelist[REF_AREA]": "CL_REGION"}, 200),
        ({"codelist[REF_AREA]": "vs_Fylker"}, 404),
        ({"codelist[NOPE]": "CL_REGION"}, 404),
        ({"heading": "TIME_PERIOD", "stub": "REF_AREA,TILTAK"}, 200),
        ({"heading": "TIME_PERIOD,MEASURE", "outputFormat": "px"}, 200),
        ({"heading": "REF_AREA", "outputFormat": "px"}, 400),
        ({"heading": "NOPE"}, 400),
        ({"heading": "REF_AREA", "stub": "REF_AREA"}, 400),
        ({"outputFormat": "csv", "outputFormatParams": "UseCodesAndTexts"}, 200),
        ({"outputFormat": "csv", "outputFormatParams": "SeparatorTab"}, 400),
        ({"outputFormatParams": "Nonsense"}, 400),
        ({"outputFormat": "xlsx"}, 400),
    ],
)
def test_data_parameters_of_the_spec(
    client: TestClient, params: dict[str, str], status: int
) -> None:
    response = client.get(f"{FYLKE}/data", params={"valuecodes[TIME_PERIOD]": "top(1)", **params})
    assert response.status_code == status, response.text
    if status != 200:
        reason(response)


def test_a_post_says_what_it_sends_and_where_it_goes(client: TestClient) -> None:
    body = {"selection": [{"variableCode": "REF_AREA", "valueCodes": ["03"]}]}
    wrong = client.post(
        f"{FYLKE}/data", content=orjson.dumps(body), headers={"Content-Type": "text/plain"}
    )
    assert wrong.status_code == 415 and "Content-Type" in reason(wrong)
    placed = {**body, "placement": {"heading": ["REF_AREA"], "stub": []}}
    px = client.post(f"{FYLKE}/data", params={"outputFormat": "px"}, content=orjson.dumps(placed))
    assert px.status_code == 400 and "heading" in reason(px)
    unknown = {"selection": [{"variableCode": "REF_AREA", "valueCodes": ["03"], "codeList": "x"}]}
    assert client.post(f"{FYLKE}/data", content=orjson.dumps(unknown)).status_code == 400


def test_errors_are_problem_details(client: TestClient) -> None:
    response = client.get("/api/v2/tables/NOPE")
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank", "title": "Not Found", "status": 404, "detail": "no table 'NOPE'"
    }  # fmt: skip
