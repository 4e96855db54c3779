"""What every endpoint owes a client: validators, one-line errors, no 500, no escape."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from publisher.cli import main
from publisher.serve import pxweb
from tests.serve.errors import reason

FYLKE = "/api/v2/tables/TILT150_fylke"


@pytest.mark.parametrize(
    ("url", "status", "names"),
    [
        ("/api/v2/tables/NOPE", 404, "NOPE"),
        ("/api/v2/tables/NOPE/data", 404, "NOPE"),
        (f"{FYLKE}/data?valuecodes[NOPE]=1", 404, "NOPE"),
        (f"{FYLKE}/data?valuecodes[REF_AREA]=77", 404, "77"),
        (f"{FYLKE}/data?valuecodes[REF_AREA]=7*", 404, "7*"),
        (f"{FYLKE}/data?valuecodes[REF_AREA]=top(0)", 400, "valuecodes[REF_AREA]"),
        (f"{FYLKE}/data?valuecodes[REF_AREA]=range(03)", 400, "valuecodes[REF_AREA]"),
        (f"{FYLKE}/data?valuecodes[REF_AREA]=03,,11", 400, "valuecodes[REF_AREA]"),
        (f"{FYLKE}/data?outputFormat=xlsx", 400, "outputFormat"),
        (f"{FYLKE}/data?valuecode[REF_AREA]=03", 400, "valuecode[REF_AREA]"),
        (f"{FYLKE}/data?lang=de", 400, "lang"),
        ("/api/v2/tables?pageSize=0", 400, "pageSize"),
        ("/api/v2/tables?pageNumber=x", 400, "pageNumber"),
        ("/rest/dataflow/NAV/DF_NOPE", 404, "DF_NOPE"),
        ("/rest/codelist/NAV/CL_REGION/9.9", 404, "9.9"),
        ("/rest/widget/NAV", 404, "widget"),
        ("/rest/dataflow/NAV/DF_TILT150?references=cousins", 400, "references"),
        ("/rest/dataflow/NAV/DF_TILT150?detail=allstubs", 501, "allstubs"),
        ("/rest/data/DF_NOPE/all", 404, "DF_NOPE"),
        ("/rest/data/NAV,DF_TILT150,9.9/all", 404, "9.9"),
        ("/rest/data/DF_TILT150/all/OTHER", 404, "OTHER"),
        ("/rest/data/DF_TILT150/M.X", 400, "key"),
        ("/rest/data/DF_TILT150/...77......", 404, "77"),
        ("/rest/data/DF_TILT150/all?startPeriod=2026-13", 400, "startPeriod"),
        ("/rest/data/DF_TILT150/all?endPeriod=jan", 400, "endPeriod"),
        ("/rest/data/DF_TILT150/all?startPeriod=2030", 404, "no observations"),
        ("/rest/data/DF_TILT150/all?dimensionAtObservation=NOPE", 400, "dimensionAtObservation"),
        ("/rest/data/DF_TILT150/all?format=json", 400, "format"),
        ("/rest/data/DF_TILT150/all?lastNObservations=1", 501, "lastNObservations"),
        ("/rest/data/DF_TILT150/all?color=red", 400, "color"),
        ("/px/NOPE.px", 404, "NOPE.px"),
    ],
)
def test_a_clients_mistake_is_one_line(
    client: TestClient, url: str, status: int, names: str
) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert names in reason(response)


def test_an_unacceptable_media_type_is_406(client: TestClient) -> None:
    response = client.get("/rest/data/DF_TILT150/all", headers={"Accept": "application/pdf"})
    assert response.status_code == 406


def test_responses_carry_validators_and_honour_them(client: TestClient) -> None:
    first = client.get(f"{FYLKE}/data", params={"valuecodes[REF_AREA]": "03"})
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    again = client.get(
        f"{FYLKE}/data", params={"valuecodes[REF_AREA]": "03"}, headers={"If-None-Match": etag}
    )
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    since = client.get(
        f"{FYLKE}/data",
        params={"valuecodes[REF_AREA]": "03"},
        headers={"If-Modified-Since": modified},
    )
    assert since.status_code == 304
    other = client.get(f"{FYLKE}/data", params={"valuecodes[REF_AREA]": "11"})
    assert other.status_code == 200 and other.headers["etag"] != etag
    stale = client.get(f"{FYLKE}/data", headers={"If-None-Match": '"something-else"'})
    assert stale.status_code == 200


def test_the_release_files_and_the_page_are_served(
    client: TestClient, sample_release: Path
) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.content == (sample_release / "index.html").read_bytes()
    for path in ("catalog.ttl", "px/TILT150_kommune.px", "sdmx/structure.xml", "manifest.json"):
        assert client.get(f"/{path}").content == (sample_release / path).read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/../pyproject.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/jsonstat/..%2f..%2fpyproject.toml",
        "//etc/passwd",
        "/jsonstat/%2e%2e/manifest.json%00",
    ],
)
def test_no_path_reaches_outside_the_release(server: str, path: str) -> None:
    host, port = urllib.parse.urlsplit(server).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", path)  # sent as written: no client-side normalisation
    response = connection.getresponse()
    body = response.read()
    assert response.status in (400, 404)
    assert b"[tool" not in body and b"root:" not in body


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    endpoint=st.sampled_from(
        [f"{FYLKE}/data", "/api/v2/tables", "/rest/data/DF_TILT150/all", "/rest/codelist/NAV"]
    ),
    name=st.sampled_from(
        [
            "valuecodes[REF_AREA]",
            "valuecodes[TIME_PERIOD]",
            "outputFormat",
            "lang",
            "pageSize",
            "pageNumber",
            "query",
            "startPeriod",
            "endPeriod",
            "references",
            "format",
            "dimensionAtObservation",
            "detail",
        ]
    ),
    value=st.text(max_size=20),
)
def test_no_query_makes_the_server_fail(
    client: TestClient, endpoint: str, name: str, value: str
) -> None:
    response = client.get(endpoint, params={name: value})
    assert response.status_code < 500 or response.status_code == 501, response.text  # SDMX: 501
    if response.status_code >= 400:
        reason(response)


def test_serve_refuses_a_folder_that_is_not_a_release(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "manifest.json" in result.output


def test_the_serve_command_serves_until_stopped(sample_release: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "publisher", "serve", str(sample_release), "--port", str(port)]
    server = subprocess.Popen(command, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/tables") as response:
                    assert response.status == 200
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    assert f"serving {sample_release}/ at http://127.0.0.1:{port}/" in stderr.decode()


def test_any_web_page_may_call_the_api(client: TestClient) -> None:
    response = client.get("/api/v2/tables", headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "ETag" in response.headers["access-control-expose-headers"]


def test_head_answers_like_get_without_a_body(client: TestClient) -> None:
    get, head = client.get("/sdmx/structure.xml"), client.head("/sdmx/structure.xml")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == get.headers["etag"]


def test_a_client_that_takes_gzip_gets_it_with_its_own_etag(
    client: TestClient, sample_release: Path
) -> None:
    path = "/sdmx/DF_TILT150.xml"
    plain = client.get(path, headers={"Accept-Encoding": "identity"})
    zipped = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert int(zipped.headers["content-length"]) < len(plain.content) / 5
    assert zipped.content == plain.content == (sample_release / path[1:]).read_bytes()
    assert zipped.headers["etag"] != plain.headers["etag"]
    refused = client.get(path, headers={"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in refused.headers
    again = client.get(
        path, headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["etag"]}
    )
    assert again.status_code == 304


def test_structures_in_a_format_we_lack_are_406(client: TestClient) -> None:
    json_only = {"Accept": "application/vnd.sdmx.structure+json;version=1.0"}
    assert client.get("/rest/codelist/NAV/CL_REGION", headers=json_only).status_code == 406
    either = {"Accept": "application/vnd.sdmx.structure+json, application/xml;q=0.5"}
    assert client.get("/rest/codelist/NAV/CL_REGION", headers=either).status_code == 200


def test_if_none_match_on_a_post_is_412(client: TestClient) -> None:
    body = b'{"selection": [{"variableCode": "REF_AREA", "valueCodes": ["03"]}]}'
    response = client.post(f"{FYLKE}/data", content=body, headers={"If-None-Match": "*"})
    assert response.status_code == 412
    since = {"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"}
    assert client.post(f"{FYLKE}/data", content=body, headers=since).status_code == 200
    assert client.post(f"{FYLKE}/data", content=body).status_code == 200


def test_the_etag_names_the_host_the_links_name(client: TestClient) -> None:
    one = client.get(f"{FYLKE}/metadata", headers={"Host": "one.example"})
    two = client.get(f"{FYLKE}/metadata", headers={"Host": "two.example"})
    assert "one.example" in one.text and "two.example" in two.text
    assert one.headers["etag"] != two.headers["etag"]
    again = client.get(
        f"{FYLKE}/metadata", headers={"Host": "two.example", "If-None-Match": one.headers["etag"]}
    )
    assert again.status_code == 200


@pytest.mark.parametrize("path", ["/api/v2/config", "/rest/data/DF_NOPE", "/nope", "/"])
def test_no_response_may_be_sniffed(client: TestClient, path: str) -> None:
    assert client.get(path).headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", [f"{FYLKE}/data", "/rest/data/DF_TILT150/all", "/nope"])
def test_an_error_echoes_no_control_character(client: TestClient, path: str) -> None:
    evil = "a\x1b[31mb\r\nX-Injected: 1\x00"
    params = {"valuecodes[REF_AREA]": evil} if "api" in path else {"startPeriod": evil}
    response = client.get(
        path if path != "/nope" else f"/nope{urllib.parse.quote(evil)}", params=params
    )
    assert 400 <= response.status_code < 500
    line = reason(response)
    assert "\x1b" not in line and "\r" not in line and "\x00" not in line


def test_a_revalidation_or_a_head_makes_no_body(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"{FYLKE}/data?valuecodes[REF_AREA]=03"
    etag = client.get(url).headers["etag"]
    made: list[str] = []
    media_type, write = pxweb.WRITERS[pxweb.OutputFormat.JSON_STAT2]

    def counted(*args: object) -> bytes:
        made.append("body")
        return write(*args)  # type: ignore[arg-type]

    monkeypatch.setitem(pxweb.WRITERS, pxweb.OutputFormat.JSON_STAT2, (media_type, counted))
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    head = client.head(url)
    assert head.status_code == 200 and head.headers["etag"] == etag and head.content == b""
    assert made == []
    assert client.get(url).status_code == 200 and made == ["body"]
