"""Every JSON-stat dataset and collection, read by the readers clients use.

JSON-stat's own JavaScript Toolkit (npm ``jsonstat-toolkit``, under Node), pyjstat and
the JSON-stat validator on PyPI (``jsonstat-validator``). The release is served over
HTTP on 127.0.0.1 and built with that base URL, so a collection's absolute links are
followed as a client follows them; every cell the toolkit reads is compared with the
SDMX-CSV, and no suppressed cell holds a number.
"""

from __future__ import annotations

import csv
import functools
import http.server
import itertools
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonstat_validator import validate_jsonstat
from pyjstat import pyjstat

from publisher.building.publish import publish
from publisher.merging.cube import Cube
from tests.conftest import ROOT

TOOLKIT = ROOT / "build" / "npm" / "node_modules" / "jsonstat-toolkit"
READER = ROOT / "tests" / "js" / "read_jsonstat.mjs"
KEY = ("TILTAK", "LABOUR_MARKET_STATUS", "REF_AREA", "SEX", "AGE", "EDUCATION_LEV",
       "IMMIGRANT_STATUS", "BIRTH_REGION", "MEASURE", "TIME_PERIOD")  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, sample_cube: Cube) -> Iterator[tuple[str, Path]]:
    """The sample's release, built for and served at a local URL: that URL and the folder."""
    out = tmp_path_factory.mktemp("served") / "output"
    handler = functools.partial(_Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    publish(sample_cube, out, base_url=base)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base, out
    server.shutdown()
    thread.join()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No access log on the test's output."""


@pytest.fixture(scope="module")
def served(site: tuple[str, Path]) -> str:
    return site[0]


@pytest.fixture(scope="module")
def release(site: tuple[str, Path]) -> Path:
    return site[1]


def _documents(release: Path) -> list[Path]:
    return sorted((release / "jsonstat").rglob("*.json"))


def test_the_json_stat_validator_accepts_every_file(release: Path) -> None:
    files = _documents(release)
    assert len(files) == 20
    for path in files:
        assert validate_jsonstat(json.loads(path.read_text(encoding="utf-8"))), path


def test_pyjstat_reads_every_dataset_and_follows_the_collections(
    served: str, release: Path
) -> None:
    for folder in ("jsonstat", "jsonstat/en"):
        frames = pyjstat.Collection.read(f"{served}{folder}/collection.json").write(
            "dataframe_list"
        )
        assert len(frames) == 9
        for frame, path in zip(frames, _items(release / folder), strict=True):
            alone = pyjstat.Dataset.read(path.read_text(encoding="utf-8")).write("dataframe")
            assert frame.equals(alone), path


def _items(folder: Path) -> list[Path]:
    collection = json.loads((folder / "collection.json").read_text(encoding="utf-8"))
    return [folder / item["href"].rsplit("/", 1)[-1] for item in collection["link"]["item"]]


def _toolkit(*inputs: str) -> list[dict[str, Any]]:
    node = shutil.which("node")
    assert node, "Node is missing: run scripts/install-debian-packages.sh"
    assert TOOLKIT.is_dir(), "jsonstat-toolkit is missing: run scripts/install-debian-packages.sh"
    done = subprocess.run(
        [node, str(READER), str(TOOLKIT), *inputs], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    read: list[dict[str, Any]] = json.loads(done.stdout)
    return read


def _sdmx_csv(release: Path) -> dict[tuple[str, ...], tuple[str, str]]:
    with (release / "sdmx" / "DF_TILT150.csv").open(encoding="utf-8", newline="") as f:
        return {
            tuple(row[k] for k in KEY): (row["OBS_VALUE"], row["OBS_STATUS"])
            for row in csv.DictReader(f)
        }


def test_the_toolkit_reads_every_cell_as_the_sdmx_csv_has_it(release: Path) -> None:
    sdmx = _sdmx_csv(release)
    files = [p for p in _documents(release) if p.name != "collection.json"]
    compared = 0
    for path, read in zip(files, _toolkit(*map(str, files)), strict=True):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert read["class"] == "dataset" and read["n"] == len(document["value"])
        assert read["id"] == document["id"] and read["size"] == document["size"]
        fixed = document["extension"]["fixed"]
        cells = itertools.product(*read["categories"])
        for cell, value, status in zip(cells, read["value"], read["status"], strict=True):
            coordinates = {**fixed, **dict(zip(read["id"], cell, strict=True))}
            coordinates["TIME_PERIOD"] = coordinates["TIME_PERIOD"].replace("M", "-")
            number, obs_status = sdmx[tuple(coordinates[k] for k in KEY)]
            if obs_status == "Q":
                assert value is None and status == ":", (path.name, cell)
            else:
                assert value == int(number) and status in (None, "B"), (path.name, cell)
            compared += 1
    assert compared == sum(len(json.loads(p.read_text("utf-8"))["value"]) for p in files)
    assert compared > 1000


def test_the_toolkit_follows_both_collections(served: str) -> None:
    for read in _toolkit(
        f"{served}jsonstat/collection.json", f"{served}jsonstat/en/collection.json"
    ):
        assert read["class"] == "collection" and read["length"] == 9
        assert all(item["class"] == "dataset" and item["n"] > 0 for item in read["items"])
        assert all(item["units"][0]["label"] in ("personer", "persons") for item in read["items"])
