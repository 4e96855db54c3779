"""Reading a release back: each table, rewritten from what was read, is the file again."""

from __future__ import annotations

import hashlib
import logging
import shutil
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from starlette.testclient import TestClient

from publisher.building.pipeline import make_cube
from publisher.building.publish import publish
from publisher.errors import PublisherError
from publisher.serve import create_app
from publisher.serve.release import load
from publisher.writers import jsonstat, px
from tests.conftest import SAMPLE_TXT
from tests.navgen import generate, render_text


@pytest.fixture(scope="module")
def break_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A release of a 2025 report whose notes announce a series break in April."""
    report, _ = generate(year=2025, months=6, seed=9)
    folder = tmp_path_factory.mktemp("break")
    source = folder / "TILT150_2025-06.txt"
    source.write_text(render_text(report), encoding="utf-8")
    publish(make_cube([source]), folder / "output")
    return folder / "output"


@pytest.mark.parametrize("which", ["sample", "break"])
def test_every_table_reads_back_to_its_files(
    which: str, sample_release: Path, break_release: Path
) -> None:
    folder = sample_release if which == "sample" else break_release
    release = load(folder)
    assert len(release.tables) == 9
    marks = set()
    for table_id, table in release.tables.items():
        for lang, path in (("nb", "jsonstat"), ("en", "jsonstat/en")):
            document = jsonstat.dataset(table, lang, jsonstat.BASE_URL, release.identity)
            written = jsonstat.dumps(document)
            assert written == release.files[f"{path}/{table_id}.json"].body
        assert px.px_file(table).encode() == release.files[f"px/{table_id}.px"].body
        marks |= set(table.data["OBS_STATUS"])
    assert marks == ({"A", "Q"} if which == "sample" else {"A", "Q", "B"})


def test_a_release_changed_after_its_build_is_refused(sample_release: Path, tmp_path: Path) -> None:
    copy = tmp_path / "output"
    copy.mkdir()
    for path in sample_release.rglob("*"):
        if path.is_file():
            target = copy / path.relative_to(sample_release)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    load(copy)  # an intact copy loads
    (copy / "px" / "TILT150_fylke.px").write_text("edited", encoding="utf-8")
    with pytest.raises(PublisherError, match="changed after it was built"):
        load(copy)


def test_the_server_follows_a_new_release_built_in_its_folder(tmp_path: Path) -> None:
    out = tmp_path / "output"
    publish(make_cube([SAMPLE_TXT]), out)
    client = TestClient(create_app(out))
    before = client.get("/api/v2/tables/TILT150_fylke")
    assert before.json()["lastPeriod"] == "2026M01"
    report, _ = generate(year=2025, months=6, seed=9)
    source = tmp_path / "TILT150_2025-06.txt"
    source.write_text(render_text(report), encoding="utf-8")
    publish(make_cube([source]), out)  # swapped in under the running server
    after = client.get("/api/v2/tables/TILT150_fylke")
    assert after.json()["lastPeriod"] == "2025M06"
    assert after.headers["etag"] != before.headers["etag"]
    (out / "px" / "TILT150_fylke.px").write_text("edited", encoding="utf-8")
    (out / "manifest.json").touch()  # a release edited by hand: kept as it was loaded
    assert client.get("/api/v2/tables/TILT150_fylke").json()["lastPeriod"] == "2025M06"


def _copy(release: Path, to: Path) -> Path:
    return Path(shutil.copytree(release, to, dirs_exist_ok=True))


def _outside(folder: Path) -> None:
    (folder.parent / "outside.txt").write_text("secret", encoding="utf-8")
    manifest = orjson.loads((folder / "manifest.json").read_bytes())
    digest = hashlib.sha256(b"secret").hexdigest()
    manifest["outputs"].append({"path": "../outside.txt", "sha256": digest})
    (folder / "manifest.json").write_bytes(orjson.dumps(manifest))


def _garbage(name: str) -> Callable[[Path], None]:
    def damage(folder: Path) -> None:
        (folder / name).write_bytes(b"\x00garbage{<")
        manifest = orjson.loads((folder / "manifest.json").read_bytes())
        for entry in manifest["outputs"]:
            if entry["path"] == name:
                entry["sha256"] = hashlib.sha256(b"\x00garbage{<").hexdigest()
        (folder / "manifest.json").write_bytes(orjson.dumps(manifest))

    return damage


DAMAGES: dict[str, Callable[[Path], None]] = {
    "a path outside": _outside,
    "a truncated manifest": lambda f: (f / "manifest.json").write_bytes(
        (f / "manifest.json").read_bytes()[:100]
    ),
    "an empty manifest": lambda f: (f / "manifest.json").write_bytes(b"{}"),
    "a manifest of nulls": lambda f: (f / "manifest.json").write_bytes(b'{"outputs": [null]}'),
    "garbage JSON-stat": _garbage("jsonstat/TILT150_fylke.json"),
    "garbage structure": _garbage("sdmx/structure.xml"),
    "garbage SDMX-CSV": _garbage("sdmx/DF_TILT150.csv"),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_release_that_cannot_be_loaded_is_refused_and_the_old_one_kept(
    damage: str, sample_release: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = _copy(sample_release, tmp_path / "output")
    client = TestClient(create_app(folder))
    before = client.get("/api/v2/tables/TILT150_fylke")
    DAMAGES[damage](folder)
    with pytest.raises(PublisherError):
        load(folder)
    with pytest.raises(PublisherError):
        create_app(folder)
    with caplog.at_level(logging.WARNING, logger="publisher.serve"):
        after = client.get("/api/v2/tables/TILT150_fylke")
    assert after.status_code == 200 and after.headers["etag"] == before.headers["etag"]
    assert "keeping the release loaded before" in caplog.text
    assert client.get("/../outside.txt").status_code == 404
    assert client.get("/outside.txt").status_code == 404
