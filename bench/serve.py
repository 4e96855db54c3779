"""Benchmark: `publisher serve` under load, on 127.0.0.1 only, for a bounded number of requests.

Run from the repository root: ``python bench/serve.py [--requests 2000 --clients 4]``.
Builds a release from a generated 12-month report, starts ``publisher serve`` in its own
process, and sends each kind of request from ``--clients`` threads over keep-alive
connections. Prints requests per second and p50/p99 latency per kind, with the whole
table's JSON-stat file (the download a client makes without the API) as the alternative
measured in the same run. Then three tables: the p99 of ordinary requests with and
without hostile ones sent at the same time (a 60 KB selection, a 20,000-item POST), the
server's memory before and after 1,000 POSTs of patterns no client sent before, and the
throughput with ``--workers`` uvicorn processes. Not a test: it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from publisher.building.pipeline import make_cube
from publisher.building.publish import publish
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
    """Build the release, serve it, load each kind of request, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000, help="per kind of request")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--areas", type=int, default=42, help="regions in the data slice")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn processes, last table")
    parser.add_argument("--hostile", type=int, default=20, help="hostile requests per kind")
    parser.add_argument("--skip-kinds", action="store_true", help="only the last three tables")
    args = parser.parse_args()

    report, _ = generate(months=12, measures=MEASURES, municipalities=88)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "TILT150_2026-12.txt"
        source.write_text(render_text(report), encoding="utf-8")
        release = Path(tmp) / "output"
        publish(make_cube([source]), release)
        with _served(release, 1) as (port, pid):
            if not args.skip_kinds:
                _kinds_table(port, args)
            _hostile_table(port, args)
            _memory_table(port, pid)
        if args.workers > 1:
            _workers_table(release, args)


def _kinds_table(port: int, args: argparse.Namespace) -> None:
    etag = _etag(port, "/jsonstat/TILT150_kommune.json")
    print(f"{args.requests} requests per kind from {args.clients} clients, keep-alive\n")
    print("| request | req/s | p50 ms | p99 ms | bytes |\n|---|---:|---:|---:|---:|")
    for name, path in _kinds(args.areas).items():
        headers = {"If-None-Match": etag} if name.startswith("revalidation") else {}
        _load(port, path, min(50, args.requests), args.clients, headers)  # warm up
        r = _load(port, path, args.requests, args.clients, headers)
        row = f"{r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['bytes']:.0f}"
        print(f"| {name} | {row} |")


@contextmanager
def _served(release: Path, workers: int) -> Iterator[tuple[int, int]]:
    """``publisher serve`` on a free loopback port; yields the port and the server's pid."""
    port = _free_port()
    command = [sys.executable, "-m", "publisher", "serve", str(release), "--port", str(port)]
    if workers > 1:
        command += ["--workers", str(workers)]
    server = subprocess.Popen(command, stderr=subprocess.PIPE)
    try:
        _wait(port, server)
        yield port, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


HOSTILE = {
    "60 KB selection (runs of '(')": "(" * 60_000,
    "20,000-item POST (wildcards)": ",".join(["0*"] * 20_000),
}
ORDINARY = f"{KOMMUNE}/data?valuecodes[TILTAK]=top(1)&valuecodes[REF_AREA]=top(10)"


def _hostile_table(port: int, args: argparse.Namespace) -> None:
    """The p99 of an ordinary request alone, then while hostile requests are sent."""
    count = max(200, args.requests // 4)
    _load(port, ORDINARY, 50, args.clients, {})
    alone = _load(port, ORDINARY, count, args.clients, {})
    stop = threading.Event()
    sent: list[tuple[int, float]] = []
    threads = [
        threading.Thread(target=_hostile, args=(port, body, args.hostile, stop, sent))
        for body in HOSTILE.values()
    ]
    for thread in threads:
        thread.start()
    under = _load(port, ORDINARY, count, args.clients, {})
    stop.set()
    for thread in threads:
        thread.join()
    statuses = sorted({status for status, _ in sent})
    slowest = max(seconds for _, seconds in sent) * 1000
    print(f"\nordinary request: {ORDINARY}, {count} from {args.clients} clients;")
    print(f"hostile: {', '.join(HOSTILE)}, up to {args.hostile} of each, one at a time\n")
    print("| load | req/s | p50 ms | p99 ms |\n|---|---:|---:|---:|")
    for name, r in (("ordinary alone", alone), ("ordinary with hostile", under)):
        print(f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} |")
    ratio = under["p99"] / alone["p99"]
    print(
        f"\np99 ratio {ratio:.2f}; {len(sent)} hostile answered {statuses},"
        f" slowest {slowest:.0f} ms"
    )


def _hostile(
    port: int, expression: str, most: int, stop: threading.Event, sent: list[tuple[int, float]]
) -> None:
    """POST one hostile selection again and again, until told to stop or ``most`` times."""
    body = json.dumps({"selection": [{"variableCode": "REF_AREA", "valueCodes": [expression]}]})
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for _ in range(most):
        if stop.is_set():
            break
        start = time.perf_counter()
        connection.request("POST", f"{KOMMUNE}/data", body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        sent.append((response.status, time.perf_counter() - start))
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.close()


def _memory_table(port: int, pid: int, count: int = 1000) -> None:
    """The server's resident memory before and after ``count`` never-seen patterns."""
    before = _rss_mb(pid)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for n in range(count):
        # Half long (50 KB, as a client probing the pattern cache), half short and matchable.
        pattern = f"{n}*{'x' * 50_000}*" if n % 2 else f"0*{n}?*"
        body = json.dumps({"selection": [{"variableCode": "REF_AREA", "valueCodes": [pattern]}]})
        connection.request("POST", f"{KOMMUNE}/data", body, {"Content-Type": "application/json"})
        connection.getresponse().read()
    connection.close()
    after = _rss_mb(pid)
    print(f"\nserver memory (RSS) before and after {count} POSTs of unique patterns\n")
    print("| before MB | after MB | growth MB |\n|---:|---:|---:|")
    print(f"| {before:.0f} | {after:.0f} | {after - before:+.0f} |")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _workers_table(release: Path, args: argparse.Namespace) -> None:
    """Throughput of one worker and of ``--workers``, on the same requests."""
    kinds = {k: v for k, v in _kinds(args.areas).items() if "json-stat2" in k or k == "table list"}
    rows = {}
    for workers in (1, args.workers):
        with _served(release, workers) as (port, _):
            for name, path in kinds.items():
                _load(port, path, min(100, args.requests), args.clients, {})  # warm every worker
                rows[name, workers] = _load(port, path, args.requests, args.clients, {})["rps"]
    print(f"\nthroughput (req/s), {args.requests} requests from {args.clients} clients\n")
    print(f"| request | 1 worker | {args.workers} workers |\n|---|---:|---:|")
    for name in kinds:
        print(f"| {name} | {rows[name, 1]:.0f} | {rows[name, args.workers]:.0f} |")


def _etag(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    return response.headers["ETag"]


if __name__ == "__main__":
    main()
