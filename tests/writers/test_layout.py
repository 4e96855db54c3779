"""The release layout: every format has its files and writer, and a release is its layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.writers import layout
from publisher.writers.layout import Format, Scope
from publisher.writers.registry import writer


def test_every_format_has_a_kind_and_every_kind_a_writer() -> None:
    assert {k.format for k in layout.KINDS} == set(Format)
    for kind in layout.KINDS:
        if kind.format is Format.MANIFEST:
            assert kind.writer == ""  # publish writes it last, from every other file's digest
            continue
        assert callable(writer(kind)), kind


def test_paths_are_read_back_to_their_kind_family_and_table() -> None:
    files = layout.files({"TILT150": ["TILT150_fylke", "TILT150_kjonn"], "TILT200": []},
                         ["SDMXMessage.xsd"])  # fmt: skip
    paths = [f.path for f in files]
    assert len(paths) == len(set(paths))
    assert "jsonstat/en/TILT150_kjonn.json" in paths
    assert "sdmx/DF_TILT200.csv" in paths and "sdmx/sdmx21/SDMXMessage.xsd" in paths
    assert paths[-1] == "manifest.json"
    for file in files:
        found = layout.find(file.path)
        assert found is not None
        assert found.kind == file.kind, file.path
        assert found.table == file.table
        assert found.family == (file.family if file.kind.scope is Scope.FAMILY else None)
    assert layout.find("jsonstat/collection.json") == layout.File(
        "jsonstat/collection.json", layout.COLLECTION
    )
    assert layout.find("sdmx/TILT150.csv") is None  # a dataflow is DF_ and its family
    assert layout.find("README.md") is None


def test_the_sample_release_holds_exactly_its_layout(release: Path) -> None:
    written = sorted(p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file())
    tables = sorted(
        p.stem for p in (release / "jsonstat").glob("*.json") if p.name != "collection.json"
    )
    schemas = [p.name for p in (release / "sdmx" / "sdmx21").iterdir()]
    expected = layout.files({"TILT150": tables}, sorted(schemas))
    assert written == sorted(f.path for f in expected)
    assert len(tables) == 9  # the sample's nine sections


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("px/TILT150_fylke.px", "text/x-pcaxis; charset=utf-8"),
        ("sdmx/DF_TILT150.csv", "application/vnd.sdmx.data+csv;version=2.0.0; charset=utf-8"),
        ("sdmx/structure.xml", "application/vnd.sdmx.structure+xml;version=2.1"),
        ("jsonstat/en/TILT150_fylke.json", "application/json"),
        ("index.html", "text/html; charset=utf-8"),
        ("notes.txt", None),
    ],
)
def test_media_types(path: str, media_type: str | None) -> None:
    assert layout.media_type(path) == media_type


def test_dataflows_are_named_and_read_back() -> None:
    assert layout.flow_id("TILT150") == "DF_TILT150"
    assert layout.family_of("DF_TILT150") == "TILT150"
    assert layout.family_of("TILT150") is None
