"""The PxWebApi 2 endpoints, checked against the sample report's printed numbers."""

from __future__ import annotations

import csv
import io
import math
from typing import Any

import pytest
from pyaxis import pyaxis
from pyjstat import pyjstat
from starlette.testclient import TestClient

from publisher.serve.pxweb import WRITERS, OutputFormat
from publisher.validation.release import check_jsonstat
from tests.serve.errors import reason

TABLES = 9  # the sample prints nine sections
FYLKE = "/api/v2/tables/TILT150_fylke"
# From the sample's text (samples/TILT150_2026-01.txt), "Tiltak og fylke", January 2026:
# "I alt avklaring 3 567", "03 Oslo 425", "11 Rogaland 273", "Ukjent * *".
PRINTED = {"_T": 3567, "03": 425, "11": 273}
SUPPRESSED = "99"


def _cell(document: dict[str, Any], **codes: str) -> tuple[Any, Any]:
    """The value and status of one cell of a JSON-stat dataset, found by its codes."""
    index = 0
    for dim, size in zip(document["id"], document["size"], strict=True):
        category = document["dimension"][dim]["category"]["index"]
        index = index * size + category.index(codes[dim])
    return document["value"][index], document.get("status", {}).get(str(index))


def test_every_output_format_has_a_writer() -> None:
    assert set(WRITERS) == set(OutputFormat)


def test_the_list_pages_through_every_table(client: TestClient) -> None:
    first = client.get("/api/v2/tables", params={"pageSize": 4})
    assert first.status_code == 200
    page = first.json()["page"]
    assert (page["totalElements"], page["totalPages"], page["pageSize"]) == (TABLES, 3, 4)
    ids = []
    for number in (1, 2, 3):
        body = client.get("/api/v2/tables", params={"pageSize": 4, "pageNumber": number}).json()
        ids += [t["id"] for t in body["tables"]]
    assert len(ids) == len(set(ids)) == TABLES
    assert "TILT150_fylke" in ids


def test_a_table_describes_itself_in_both_languages(client: TestClient) -> None:
    nb = client.get(FYLKE).json()
    en = client.get(FYLKE, params={"lang": "en"}).json()
    assert nb["id"] == en["id"] == "TILT150_fylke"
    assert nb["label"].endswith("Tiltak og fylke")
    assert en["label"].endswith("Programme and county")
    assert (nb["firstPeriod"], nb["lastPeriod"], nb["updated"]) == (
        "2026M01",
        "2026M01",
        "2026-02-02T00:00:00Z",
    )
    assert {link["rel"] for link in nb["links"]} == {"self", "metadata", "data"}


def test_the_search_finds_tables_by_words_of_their_title(client: TestClient) -> None:
    found = client.get("/api/v2/tables", params={"query": "fylke"}).json()["tables"]
    assert [t["id"] for t in found] == ["TILT150_fylke"]


def test_metadata_is_json_stat_without_values(client: TestClient) -> None:
    document = client.get(f"{FYLKE}/metadata").json()
    assert document["value"] is None and "status" not in document  # PxWebApi's profile
    assert check_jsonstat({**document, "value": {}}, "metadata") == []  # JSON-stat's empty form
    assert "03" in document["dimension"]["REF_AREA"]["category"]["index"]


def test_a_slice_holds_the_printed_numbers_and_hides_the_suppressed(client: TestClient) -> None:
    codes = ",".join([*PRINTED, SUPPRESSED])
    response = client.get(
        f"{FYLKE}/data", params={"valuecodes[REF_AREA]": codes, "valuecodes[TIME_PERIOD]": "top(1)"}
    )
    document = response.json()
    assert check_jsonstat(document, "slice") == []
    assert document["dimension"]["REF_AREA"]["category"]["index"] == ["_T", "03", "11", SUPPRESSED]
    for area, printed in PRINTED.items():
        for measure in ("PARTICIPANTS", "PARTICIPANTS_YTD_AVG"):
            cell = {"TILTAK": "AVKLARAG", "REF_AREA": area, "MEASURE": measure}
            assert _cell(document, **cell, TIME_PERIOD="2026M01") == (printed, None)
    hidden = _cell(
        document,
        TILTAK="AVKLARAG",
        REF_AREA=SUPPRESSED,
        MEASURE="PARTICIPANTS",
        TIME_PERIOD="2026M01",
    )
    assert hidden == (None, ":")


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("*", None),
        ("0*", ["03"]),
        ("range(03,15)", ["03", "11", "15"]),
        ("from(55)", ["55", "56", "99"]),
        ("to(03)", ["_T", "03"]),
        ("top(2)", ["_T", "03"]),
        ("bottom(1)", ["99"]),
        ("11, 03", ["03", "11"]),
    ],
)
def test_selection_expressions(
    client: TestClient, expression: str, expected: list[str] | None
) -> None:
    index = client.get(f"{FYLKE}/metadata").json()["dimension"]["REF_AREA"]["category"]["index"]
    every = sorted(index, key=index.get)
    document = client.get(f"{FYLKE}/data", params={"valuecodes[REF_AREA]": expression}).json()
    assert document["dimension"]["REF_AREA"]["category"]["index"] == (expected or every)


def test_csv_slice_carries_the_flag_and_no_number(client: TestClient) -> None:
    text = client.get(
        f"{FYLKE}/data", params={"valuecodes[REF_AREA]": f"03,{SUPPRESSED}", "outputFormat": "csv"}
    ).text
    rows = {(r["REF_AREA"], r["MEASURE"]): r for r in csv.DictReader(io.StringIO(text))}
    assert rows["03", "PARTICIPANTS"]["value"] == "425"
    assert rows["03", "PARTICIPANTS"]["REF_AREA_label"] == "Oslo"
    assert (
        rows[SUPPRESSED, "PARTICIPANTS"]["value"],
        rows[SUPPRESSED, "PARTICIPANTS"]["status"],
    ) == ("", ":")


def test_px_slice_reads_back_with_pyaxis(client: TestClient, tmp_path: Any) -> None:
    body = client.get(
        f"{FYLKE}/data", params={"valuecodes[REF_AREA]": f"03,{SUPPRESSED}", "outputFormat": "px"}
    ).content
    path = tmp_path / "slice.px"
    path.write_bytes(body)
    frame = pyaxis.parse(uri=str(path), encoding="utf-8")["DATA"]
    assert len(frame) == 4  # 2 regions x 2 measures x 1 month
    region = next(c for c in frame.columns if "Oslo" in set(frame[c]))
    assert frame.loc[frame[region] == "Oslo", "DATA"].tolist() == ["425", "425"]
    assert frame.loc[frame[region] != "Oslo", "DATA"].isna().all()  # pyaxis reads ".." as NaN
    assert body.decode().rstrip().endswith('".." "..";')


def test_pyjstat_reads_a_slice_by_url(server: str) -> None:
    query = f"valuecodes[REF_AREA]=03,11,{SUPPRESSED}&valuecodes[MEASURE]=PARTICIPANTS"
    url = f"{server}{FYLKE}/data?{query}"
    frame = pyjstat.Dataset.read(url).write("dataframe", naming="id")
    by_area = dict(zip(frame["REF_AREA"], frame["value"], strict=True))
    assert by_area["03"] == PRINTED["03"] and by_area["11"] == PRINTED["11"]
    assert math.isnan(by_area[SUPPRESSED]) or by_area[SUPPRESSED] is None


def test_no_slice_of_any_table_holds_a_suppressed_value(client: TestClient) -> None:
    tables = client.get("/api/v2/tables", params={"pageSize": 100}).json()["tables"]
    suppressed_cells = 0
    for table in tables:
        url = f"/api/v2/tables/{table['id']}/data"
        document = client.get(url).json()
        hidden = [int(i) for i, mark in document["status"].items() if mark == ":"]
        assert all(document["value"][i] is None for i in hidden)
        rows = list(
            csv.DictReader(io.StringIO(client.get(url, params={"outputFormat": "csv"}).text))
        )
        assert len(rows) == math.prod(document["size"])
        assert [i for i, r in enumerate(rows) if r["status"] == ":"] == hidden
        assert all(rows[i]["value"] == "" for i in hidden)
        px_text = client.get(url, params={"outputFormat": "px"}).text
        data = px_text.split("DATA=", 1)[1]
        assert data.count('".."') == len(hidden)
        suppressed_cells += len(hidden)
    assert suppressed_cells > 100  # the sample suppresses many municipalities


def test_config_names_the_formats_and_the_cell_limit(client: TestClient) -> None:
    config = client.get("/api/v2/config").json()
    assert config["dataFormats"] == [f.value for f in OutputFormat]
    assert config["maxDataCells"] == 1_000_000
    assert {lang["id"] for lang in config["languages"]} == {"no", "en"}


def test_a_post_selection_gives_the_same_slice_as_get(client: TestClient) -> None:
    got = client.get(
        f"{FYLKE}/data",
        params={"valuecodes[REF_AREA]": f"03,{SUPPRESSED}", "valuecodes[TIME_PERIOD]": "top(1)"},
    )
    selection = [
        {"variableCode": "REF_AREA", "valueCodes": ["03", SUPPRESSED]},
        {"variableCode": "TIME_PERIOD", "valueCodes": ["top(1)"]},
    ]
    posted = client.post(f"{FYLKE}/data", json={"selection": selection})
    assert posted.status_code == 200
    assert posted.content == got.content
    other = client.post(f"{FYLKE}/data", json={"selection": selection[:1]})
    assert other.headers["etag"] != posted.headers["etag"]


@pytest.mark.parametrize(
    ("body", "status", "names"),
    [
        (b"{", 400, "body"),
        (b"[]", 400, "body"),
        (b'{"selection": 3}', 400, "selection"),
        (b'{"selection": [{"variableCode": "REF_AREA"}]}', 400, "selection"),
        (b'{"selection": [{"variableCode": "NOPE", "valueCodes": ["1"]}]}', 404, "NOPE"),
        (
            b'{"selection": [{"variableCode": "REF_AREA", "valueCodes": ["03"],'
            b' "codelist": "vs_Fylker"}]}',
            404,
            "vs_Fylker",
        ),
    ],
)
def test_a_malformed_post_is_one_line(
    client: TestClient, body: bytes, status: int, names: str
) -> None:
    response = client.post(f"{FYLKE}/data", content=body)
    assert response.status_code == status and names in reason(response)
