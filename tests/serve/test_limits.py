"""A hostile client costs bounded time and memory, and gets a 4xx; a fault is one 500."""

from __future__ import annotations

import fnmatch
import logging
import socket
import time
import urllib.parse
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from publisher.cli import main
from publisher.serve import create_app, pxweb_documents
from publisher.serve.limits import Limits
from tests.serve.conftest import serving
from tests.serve.errors import reason

FYLKE = "/api/v2/tables/TILT150_fylke"


def _post(client: TestClient, codes: list[str], **headers: str) -> object:
    body = {"selection": [{"variableCode": "REF_AREA", "valueCodes": codes}]}
    return client.post(f"{FYLKE}/data", content=orjson.dumps(body), headers=headers)


@pytest.mark.parametrize(
    "expression",
    ["(" * 60_000, "top(" + "(" * 30_000, ",".join(["0*"] * 20_000), "?" * 60_000],
)
def test_a_long_selection_is_answered_at_once(client: TestClient, expression: str) -> None:
    start = time.perf_counter()
    response = client.post(
        f"{FYLKE}/data",
        content=orjson.dumps(
            {"selection": [{"variableCode": "REF_AREA", "valueCodes": [expression]}]}
        ),
    )
    # Linear: tens of milliseconds. The quadratic regex took 7 s on the first.
    assert time.perf_counter() - start < 2
    assert response.status_code in (400, 404)
    assert len(reason(response)) <= 300


def test_selection_items_are_limited(tmp_path: Path, sample_release: Path) -> None:
    client = TestClient(create_app(sample_release, Limits(items=5)))
    assert _post(client, ["03", "11", "15", "18", "31"]).status_code == 200  # type: ignore[attr-defined]
    response = _post(client, ["03", "11", "15", "18", "31", "32"])
    assert response.status_code == 400 and "more than 5" in reason(response)  # type: ignore[arg-type, attr-defined]


def test_no_pattern_a_client_sends_is_kept(client: TestClient) -> None:
    before = fnmatch._compile_pattern.cache_info().currsize  # type: ignore[attr-defined]
    for n in range(200):
        _post(client, [f"{n}*{'x' * 50}*"])
    assert fnmatch._compile_pattern.cache_info().currsize == before  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "query",
    [
        "valuecodes[REF_AREA]=top(²)",
        "valuecodes[REF_AREA]=top(1,²)",
        "valuecodes[REF_AREA]=top(" + "9" * 5000 + ")",
        "valuecodes[REF_AREA]=top(1," + "9" * 5000 + ")",
        "valuecodes[REF_AREA]=top(1)x",
        "valuecodes[REF_AREA]=03)",
        "valuecodes[REF_AREA]=nope(1)",
    ],
)
def test_a_number_python_would_take_is_400(client: TestClient, query: str) -> None:
    response = client.get(f"{FYLKE}/data?{urllib.parse.quote(query, safe='=[]')}")
    assert response.status_code == 400
    reason(response)


@pytest.mark.parametrize("value", ["²", "9" * 5000, "1.0", "-1", " 1"])
@pytest.mark.parametrize("name", ["pageSize", "pageNumber"])
def test_a_page_python_would_take_is_400(client: TestClient, name: str, value: str) -> None:
    response = client.get("/api/v2/tables", params={name: value})
    assert response.status_code == 400 and name in reason(response)


def test_cells_over_the_limit_are_403(sample_release: Path) -> None:
    client = TestClient(create_app(sample_release, Limits(cells=10)))
    response = client.get(f"{FYLKE}/data")
    assert response.status_code == 403 and "at most 10" in reason(response)
    assert client.get("/api/v2/config").json()["maxDataCells"] == 10


def test_a_body_over_the_limit_is_413(sample_release: Path) -> None:
    client = TestClient(create_app(sample_release, Limits(body_bytes=1000)))
    declared = client.post(f"{FYLKE}/data", content=b" " * 1001)
    assert declared.status_code == 413 and "1000 bytes" in reason(declared)

    def chunks() -> object:
        yield b" " * 600
        yield b" " * 600

    chunked = client.post(f"{FYLKE}/data", content=chunks())  # type: ignore[arg-type]
    assert chunked.status_code == 413
    sdmx = client.post("/rest/data/DF_TILT150/all", content=b" " * 1001)
    assert sdmx.status_code == 413 and reason(sdmx)


def test_a_fault_is_one_logged_500_and_the_connection_stays(
    sample_release: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(pxweb_documents, "__version__", object())  # orjson cannot write it
    with serving(create_app(sample_release)) as url:
        port = int(url.rsplit(":", 1)[1])
        with (
            socket.create_connection(("127.0.0.1", port), timeout=10) as sock,
            caplog.at_level(logging.ERROR),
        ):
            first = _exchange(sock, "/api/v2/config")
            second = _exchange(sock, "/api/v2/tables")
    assert first.startswith(b"HTTP/1.1 500") and b"application/problem+json" in first
    assert second.startswith(b"HTTP/1.1 200")
    assert len([r for r in caplog.records if r.levelno >= logging.ERROR]) == 1


def _exchange(sock: socket.socket, path: str) -> bytes:
    """One keep-alive GET on ``sock``: the response head and body."""
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
    while len(body) < length:
        body += sock.recv(65536)
    return head + b"\r\n\r\n" + body


def test_a_slow_client_is_cut_off(sample_release: Path) -> None:
    limits = Limits(request_seconds=0.5)
    with serving(create_app(sample_release, limits), limits) as url:
        port = int(url.rsplit(":", 1)[1])
        slow = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(20)]
        for sock in slow:
            sock.sendall(b"GET /api/v2/config HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        body = socket.create_connection(("127.0.0.1", port), timeout=5)
        body.sendall(
            b"POST /api/v2/tables/TILT150_fylke/data HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
        )
        start = time.monotonic()
        for sock in slow:
            assert sock.recv(100) == b""  # closed by the server, not by our timeout
        assert time.monotonic() - start < 4
        assert body.recv(100).startswith(b"HTTP/1.1 408")
        with socket.create_connection(("127.0.0.1", port), timeout=5) as fresh:
            assert _exchange(fresh, "/api/v2/config").startswith(b"HTTP/1.1 200")
        for sock in [*slow, body]:
            sock.close()


def test_a_head_over_the_limit_is_refused(sample_release: Path) -> None:
    limits = Limits(header_bytes=4096)
    with serving(create_app(sample_release, limits), limits) as url:
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"GET /api/v2/config HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 8000)
            assert sock.recv(100).startswith(b"HTTP/1.1 4")


def test_the_command_documents_every_limit_with_its_default() -> None:
    text = " ".join(CliRunner().invoke(main, ["serve", "--help"]).output.split())
    defaults = Limits()
    for flag, value in [
        ("--max-header-bytes", defaults.header_bytes),
        ("--max-body-bytes", defaults.body_bytes),
        ("--max-items", defaults.items),
        ("--max-cells", defaults.cells),
        ("--request-timeout", defaults.request_seconds),
    ]:
        assert flag in text and f"(default {value:.10g}" in text
