"""Benchmark: `publisher serve` under load, on 127.0.0.1 only, for a bounded number of requests.

Run from the repository root: ``python bench/serve.py [--requests 2000 --clients 4]``.
Builds a release from a generated 12-month report, starts ``publisher serve`` in its own
process, and sends each kind of request from ``--clients`` threads over keep-alive
connections. Prints requests per second and p50/p99 latency per kind, with the whole
table's JSON-stat file (the download a client makes without the API) as the alternative
measured in the same run. Not a test: it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from publisher.pipeline import make_cube
from publisher.publish import publish
from tests.navgen import generate, render_text

MEASURES = ("avklaring", "arbeidsrettet rehabilitering", "oppfølging")
KOMMUNE = "/api/v2/tables/TILT150_kommune"


def _kinds(areas: int) -> dict[str, str]:
    """The requests measured, by name. A slice is 1 tiltak x areas x 2 measures x 12 months."""
    return {
        "table list": "/api/v2/tables",
        "metadata (JSON-stat, no values)": f"{KOMMUNE}/metadata",
        f"data slice, {areas * 2 * 12} cells, json-stat2": (
            f"{KOMMUNE}/data?valuecodes[TILTAK]=top(1)&valuecodes[REF_AREA]=top({areas})"
        ),
        f"data slice, {areas * 2 * 12} cells, csv": (
            f"{KOMMUNE}/data?valuecodes[TILTAK]=top(1)&valuecodes[REF_AREA]=top({areas})"
            "&outputFormat=csv"
        ),
        "SDMX data, one county, series": "/rest/data/DF_TILT150/...03......",
        "SDMX dataflow, references=all": "/rest/dataflow/NAV/DF_TILT150/latest?references=all",
        "alternative: whole table file": "/jsonstat/TILT150_kommune.json",
        "revalidation (304)": "/jsonstat/TILT150_kommune.json",
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(
                "the server stopped: " + (server.stderr.read().decode() if server.stderr else "")
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def _load(
    port: int, path: str, requests: int, clients: int, headers: dict[str, str]
) -> dict[str, float]:
    """Send ``requests`` GETs of ``path`` from ``clients`` threads; latencies and throughput."""
    latencies: list[float] = []
    sizes: list[int] = []
    lock = threading.Lock()
    share = [requests // clients + (1 if i < requests % clients else 0) for i in range(clients)]

    def client(count: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for _ in range(count):
            start = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = response.read()
            mine.append(time.perf_counter() - start)
            if response.status not in (200, 304):
                raise SystemExit(f"{path}: {response.status} {body[:200]!r}")
        connection.close()
        with lock:
            latencies.extend(mine)
            sizes.append(len(body))

    threads = [threading.Thread(target=client, args=(n,)) for n in share]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    ordered = sorted(latencies)
    return {
        "rps": len(ordered) / elapsed,
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        "bytes": statistics.median(sizes),
    }


def main() -> None:
    """Build the release, serve it, load each kind of request, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000, help="per kind of request")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--areas", type=int, default=42, help="regions in the data slice")
    args = parser.parse_args()

    report, _ = generate(months=12, measures=MEASURES, municipalities=88)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "TILT150_2026-12.txt"
        source.write_text(render_text(report), encoding="utf-8")
        release = Path(tmp) / "output"
        publish(make_cube([source]), release)
        port = _free_port()
        command = [sys.executable, "-m", "publisher", "serve", str(release), "--port", str(port)]
        server = subprocess.Popen(command, stderr=subprocess.PIPE)
        try:
            _wait(port, server)
            etag = _etag(port, "/jsonstat/TILT150_kommune.json")
            print(f"{args.requests} requests per kind from {args.clients} clients, keep-alive\n")
            print("| request | req/s | p50 ms | p99 ms | bytes |\n|---|---:|---:|---:|---:|")
            for name, path in _kinds(args.areas).items():
                headers = {"If-None-Match": etag} if name.startswith("revalidation") else {}
                _load(port, path, min(50, args.requests), args.clients, headers)  # warm up
                r = _load(port, path, args.requests, args.clients, headers)
                row = f"{r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['bytes']:.0f}"
                print(f"| {name} | {row} |")
        finally:
            server.terminate()
            server.wait(timeout=30)


def _etag(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    return response.headers["ETag"]


if __name__ == "__main__":
    main()
