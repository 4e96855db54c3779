"""The server answers from its release: names from its structure.xml, tables from its files.

A release is edited on disk (its manifest's digests brought along, as a build would write
them), and what the server answers is read with independent readers (orjson, lxml), never
with the code that loaded it.
"""

from __future__ import annotations

import ast
import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner
from lxml import etree
from starlette.testclient import TestClient

from publisher.cli import main
from publisher.errors import PublisherError
from publisher.mapping.codelists import codelist
from publisher.serve import create_app
from publisher.serve.release import load
from publisher.serve.release_tables import month
from publisher.writers.jsonstat import time_id

SERVE = Path(__file__).parents[2] / "publisher" / "serve"
STR = "{http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure}"
COM = "{http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OLD, NEW = "Avklaring", "Avklaring i ny drakt"  # the nb name of CL_TILTAK's AVKLARAG


def _copy(release: Path, to: Path) -> Path:
    return Path(shutil.copytree(release, to, dirs_exist_ok=True))


def _edit(folder: Path, name: str, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` by ``new`` in a file of the release, and its digest in the manifest."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == count, (name, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    manifest = orjson.loads((folder / "manifest.json").read_bytes())
    for entry in manifest["outputs"]:
        if entry["path"] == name:
            entry["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (folder / "manifest.json").write_bytes(orjson.dumps(manifest))


def _rename_in_structure(folder: Path) -> None:
    _edit(
        folder,
        "sdmx/structure.xml",
        f'<str:Code id="AVKLARAG">\n          <com:Name xml:lang="nb">{OLD}</com:Name>',
        f'<str:Code id="AVKLARAG">\n          <com:Name xml:lang="nb">{NEW}</com:Name>',
    )


def _rename_in_tables(folder: Path) -> None:
    """The new name in every table's Norwegian dataset and PX file, as a build writes it."""
    for path in sorted((folder / "jsonstat").glob("TILT150_*.json")):
        _edit(folder, f"jsonstat/{path.name}", f'"AVKLARAG":"{OLD}"', f'"AVKLARAG":"{NEW}"')
        _edit(folder, f"px/{path.stem}.px", f'"{OLD}"', f'"{NEW}"')


def _sdmx_names(body: bytes, codelist_id: str, code: str) -> dict[str, str]:
    """A code's names in an SDMX-ML structure message, read with lxml."""
    root = etree.fromstring(body)
    found = root.findall(f".//{STR}Codelist[@id='{codelist_id}']/{STR}Code[@id='{code}']")
    assert len(found) == 1
    return {name.get(XML_LANG): name.text for name in found[0].findall(f"{COM}Name")}


def test_a_code_renamed_in_the_release_is_served_under_its_new_name(
    sample_release: Path, tmp_path: Path
) -> None:
    assert codelist("CL_TILTAK").get("AVKLARAG").names["nb"] == OLD  # type: ignore[union-attr]
    folder = _copy(sample_release, tmp_path / "output")
    _rename_in_structure(folder)
    _rename_in_tables(folder)
    client = TestClient(create_app(folder))

    metadata = client.get("/api/v2/tables/TILT150_tiltak/metadata").json()
    assert metadata["dimension"]["TILTAK"]["category"]["label"]["AVKLARAG"] == NEW
    values = client.get("/api/v2/codelists/CL_TILTAK").json()["values"]
    assert [v["label"] for v in values if v["code"] == "AVKLARAG"] == [NEW]
    data = client.get("/api/v2/tables/TILT150_fylke/data?valuecodes[TILTAK]=AVKLARAG").json()
    assert data["dimension"]["TILTAK"]["category"]["label"] == {"AVKLARAG": NEW}
    px = client.get("/api/v2/tables/TILT150_tiltak/data?outputFormat=px").content.decode()
    assert f'"{NEW}"' in px and f'"{OLD}"' not in px

    for path in ("/rest/codelist/NAV/CL_TILTAK", "/sdmx/structure.xml"):
        names = _sdmx_names(client.get(path).content, "CL_TILTAK", "AVKLARAG")
        assert names == {"nb": NEW, "en": "Assessment"}


def test_a_release_whose_datasets_and_structure_disagree_is_refused(
    sample_release: Path, tmp_path: Path
) -> None:
    folder = _copy(sample_release, tmp_path / "output")
    _rename_in_structure(folder)  # the datasets still say the old name
    with pytest.raises(PublisherError) as caught:
        load(folder)
    message = caught.value.one_line()
    assert message.startswith(str(folder / "jsonstat" / "TILT150_"))
    assert f"AVKLARAG' is labelled '{OLD}' in nb, not '{NEW}' as structure.xml's name" in message


def test_a_section_the_installed_spec_lacks_is_served_as_the_release_says(
    sample_release: Path, tmp_path: Path
) -> None:
    folder = _copy(sample_release, tmp_path / "output")
    name = "jsonstat/TILT150_tiltak.json"
    for dataset in (name, "jsonstat/en/TILT150_tiltak.json"):
        _edit(folder, dataset, '"section":"Tiltak"', '"section":"Tiltak i ny drakt"')
    _edit(folder, name, 'måned: Tiltak"', 'måned: Tiltak i ny drakt"')
    _edit(folder, "px/TILT150_tiltak.px", 'måned: Tiltak";', 'måned: Tiltak i ny drakt";')
    client = TestClient(create_app(folder))
    answer = client.get("/api/v2/tables/TILT150_tiltak")
    assert answer.status_code == 200
    assert answer.json()["label"].endswith(": Tiltak i ny drakt")


def _manifest_without(name: str) -> Callable[[Path], None]:
    def damage(folder: Path) -> None:
        manifest = orjson.loads((folder / "manifest.json").read_bytes())
        manifest["outputs"] = [e for e in manifest["outputs"] if e["path"] != name]
        (folder / "manifest.json").write_bytes(orjson.dumps(manifest))

    return damage


TIME = '"TIME_PERIOD":{"label":"Måned","category":{"index":["2026M01"]'
BROKEN: dict[str, tuple[Callable[[Path], None], str, str]] = {
    # damage, the file the error names, what it says
    "a malformed month": (
        lambda f: _edit(f, "jsonstat/TILT150_kjonn.json", TIME, TIME.replace("M01", "M13")),
        "jsonstat/TILT150_kjonn.json",
        "'2026M13' is not a month written as 2026M01",
    ),
    "a dataset without its section": (
        lambda f: _edit(f, "jsonstat/TILT150_kjonn.json", ',"section":"Tiltak og kjønn"', ""),
        "jsonstat/TILT150_kjonn.json",
        '"extension.report.section" is not a string',
    ),
    "a codelist structure.xml lacks": (
        lambda f: _edit(f, "jsonstat/TILT150_kjonn.json", '"id":"CL_MEASURE"', '"id":"CL_GONE"'),
        "jsonstat/TILT150_kjonn.json",
        "structure.xml has no codelist NAV:CL_GONE(1.0)",
    ),
    "a code structure.xml lacks": (
        lambda f: _edit(
            f, "sdmx/structure.xml", '<str:Code id="AVKLARAG">', '<str:Code id="GONE">'
        ),
        "jsonstat/TILT150_",
        "NAV:CL_TILTAK(1.0) in structure.xml has no code 'AVKLARAG'",
    ),
    "no English dataset": (
        _manifest_without("jsonstat/en/TILT150_alder.json"),
        "jsonstat/TILT150_alder.json",
        "manifest.json lists no English dataset jsonstat/en/TILT150_alder.json",
    ),
    "no structure": (
        _manifest_without("sdmx/structure.xml"),
        "sdmx/structure.xml",
        "manifest.json lists no sdmx/structure.xml",
    ),
    "a PX file its writer writes otherwise": (
        lambda f: _edit(f, "px/TILT150_kjonn.px", 'UNITS="personer"', 'UNITS="folk"'),
        "px/TILT150_kjonn.px",
        "this server writes the table otherwise (at line 13, UNITS); rebuild the release",
    ),
    "a PX figure changed": (  # the error says where, not the figures
        lambda f: _edit(f, "px/TILT150_kjonn.px", "DATA=\n3567 3567", "DATA=\n3568 3567"),
        "px/TILT150_kjonn.px",
        "this server writes the table otherwise (at line 69, in the data)",
    ),
    "a dataset its writer writes otherwise": (
        lambda f: _edit(f, "jsonstat/en/TILT150_kjonn.json", '"source":"Nav (', '"source":"NAV ('),
        "jsonstat/en/TILT150_kjonn.json",
        'this server writes the table otherwise (at "source")',
    ),
    "data of another dataflow": (
        lambda f: _edit(
            f, "sdmx/DF_TILT150.csv", "NAV:DF_TILT150(1.0)", "NAV:DF_OTHER(1.0)", count=672
        ),
        "sdmx/DF_TILT150.csv",
        "data of NAV:DF_OTHER(1.0), not of TILT150's dataflow NAV:DF_TILT150(1.0)",
    ),
}


@pytest.mark.parametrize("damage", list(BROKEN))
def test_a_broken_release_is_one_line_naming_its_file(
    damage: str, sample_release: Path, tmp_path: Path
) -> None:
    folder = _copy(sample_release, tmp_path / "output")
    change, file, says = BROKEN[damage]
    change(folder)
    with pytest.raises(PublisherError) as caught:
        load(folder)
    message = caught.value.one_line()
    assert message.startswith(f"{folder / file}")
    assert says in message and "\n" not in message and "3567" not in message
    result = CliRunner().invoke(main, ["serve", str(folder)])
    assert result.exit_code == 1
    assert says in result.output and "Traceback" not in result.output


def test_a_month_is_read_back_as_it_is_written() -> None:
    for number in range(1, 13):
        written = f"2026-{number:02d}"
        assert month(time_id(written)) == written
    for wrong in ("2026M1", "2026M00", "2026M13", "2026-01", "26M01", "2026M01 ", "２０２６M01"):
        with pytest.raises(ValueError, match="is not a month"):
            month(wrong)


def test_the_server_imports_no_spec_or_codelist_of_the_package() -> None:
    imported = set()
    for path in SERVE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    assert "publisher.serve.release" in imported  # the scan sees the package's imports
    assert not {m for m in imported if m.startswith(("publisher.family", "publisher.mapping"))}
