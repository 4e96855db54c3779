"""JSON-stat datasets of the sample: right numbers at the right categories, read by others.

The numbers are checked against the sample text (its region rows by their printed code,
the other rows by a label-to-code table written here), every file against the official
schema and the JSON-stat rules, and every dataset read back with pyjstat.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pyjstat import pyjstat

from publisher.building.pipeline import make_cube
from publisher.building.publish import publish
from publisher.merging.cube import Cube
from publisher.validation.release import check_jsonstat, check_release
from tests.conftest import SAMPLE_TXT

SECTIONS = {
    "Tiltak og fylke": ("fylke", "REF_AREA"),
    "Tiltak og kommune": ("kommune", "REF_AREA"),
    "Tiltak og kjønn": ("kjonn", "SEX"),
    "Tiltak og alder": ("alder", "AGE"),
    "Tiltak og utdanning": ("utdanning", "EDUCATION_LEV"),
    "Tiltak og innvandrer status": ("innvandrer", "IMMIGRANT_STATUS"),
    "Tiltak og fødeland innvandrere": ("fodeland", "BIRTH_REGION"),
}
LABELS = {  # the last printed line of a row's label -> its code, by hand
    "Kvinner": "F", "Menn": "M", "19 år og under": "Y_LT20", "20-24 år": "Y20T24",
    "25-29 år": "Y25T29", "30-39 år": "Y30T39", "40-49 år": "Y40T49", "50-59 år": "Y50T59",
    "60 år og over": "Y_GE60", "Grunnskolenivå": "ED0-2", "skolenivå": "ED3_4",
    "kort inntil 4 år": "ED5_6", "lang over 4 år": "ED7_8", "utdanning": "_U",
    "I alt avklaring": "_T", "Ikke innvandrer": "IKKE_INNVANDRER", "Innvandrer": "INNVANDRER",
    "Afrika": "002", "Asia": "142", "Europa": "150", "Oceania": "019_009", "Ukjent": "_U",
}  # fmt: skip
_VALUE = r"(\*|\d{1,3}(?:\xa0\d{3})*)"
_ROW = re.compile(rf"^(.*?) ?{_VALUE} {_VALUE}$")


def _load(release: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((release / "jsonstat" / name).read_text(encoding="utf-8"))
    return data


def _cell(dataset: dict[str, Any], **codes: str) -> tuple[Any, str | None]:
    """The value and status of one cell, found by category codes."""
    index = 0
    for dim_id, size in zip(dataset["id"], dataset["size"], strict=True):
        categories = dataset["dimension"][dim_id]["category"]["index"]
        index = index * size + categories.index(codes[dim_id])
    return dataset["value"][index], dataset["status"].get(str(index))


_NOT_LABEL = re.compile(r"^(Kilde: |Gjennom$|snitt hittil$|i år|Side |\w+ \d{4} - )")


def _printed(section: str) -> list[tuple[str, str, str, str]]:
    """(first label line, last label line, average, January) of every row of a section."""
    rows, current, label = [], "", []
    for line in SAMPLE_TXT.read_text(encoding="utf-8").splitlines():
        line = line.strip(" ")
        if "Rapport oppdatert" in line:
            current, label = line.split(" Rapport oppdatert")[0], []
        elif not line or _NOT_LABEL.match(line):
            continue
        elif match := _ROW.match(line):
            lines = [*label, match[1]]
            if current == section:
                rows.append((lines[0], lines[-1], match[2], match[3]))
            label = []
        else:
            label.append(line)
    return rows


def _code(dimension: str, first: str, last: str) -> str:
    if last == "I alt avklaring":
        return "_T"
    if dimension != "REF_AREA":
        return LABELS[last]
    if first == "Ukjent":
        return "Ukjent"
    return first.split(" ")[0]


@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_every_printed_number_and_star_is_in_its_dataset(release: Path, section: str) -> None:
    table, dimension = SECTIONS[section]
    dataset = _load(release, f"TILT150_{table}.json")
    unknown = "99" if table == "fylke" else "9999"
    checked = 0
    for first, last, average, january in _printed(section):
        code = _code(dimension, first, last).replace("Ukjent", unknown)
        for measure, printed in (("PARTICIPANTS", january), ("PARTICIPANTS_YTD_AVG", average)):
            value, status = _cell(dataset, TILTAK="AVKLARAG", MEASURE=measure,
                                  TIME_PERIOD="2026M01", **{dimension: code})  # fmt: skip
            if printed == "*":
                assert (value, status) == (None, ":"), (section, first, last)
            else:
                assert (value, status) == (int(printed.replace("\xa0", "")), None), (first, last)
            checked += 1
    assert checked >= 2 * 3


def test_suppressed_cells_are_null_and_marked_everywhere(release: Path) -> None:
    stars = SAMPLE_TXT.read_text(encoding="utf-8").count(" *")
    marked = 0
    for path in sorted((release / "jsonstat").rglob("TILT150_*.json")):
        dataset = json.loads(path.read_text(encoding="utf-8"))
        for index, mark in dataset["status"].items():
            assert mark == ":"
            assert dataset["value"][int(index)] is None, path.name
        if path.parent.name == "jsonstat":
            marked += len(dataset["status"])
    assert marked == stars > 200


def test_the_release_passes_the_schema_and_the_rules(release: Path) -> None:
    assert check_release(release) == []
    assert len(list((release / "jsonstat").rglob("*.json"))) == 20


def test_pyjstat_reads_every_dataset_back_to_the_cube(release: Path, cube: Cube) -> None:
    dims = [*cube.dimensions, "MEASURE", "TIME_PERIOD"]
    observed = {
        tuple(row[d] for d in dims): row["OBS_VALUE"] for row in cube.data.to_dict("records")
    }
    for path in sorted((release / "jsonstat").glob("TILT150_*.json")):
        frame = pyjstat.Dataset.read(path.read_text(encoding="utf-8")).write(
            "dataframe", naming="id"
        )
        dataset = json.loads(path.read_text(encoding="utf-8"))
        assert len(frame) == len(dataset["value"]) > 0
        fixed = dataset["extension"]["fixed"]
        for row in frame.to_dict("records"):
            row["TIME_PERIOD"] = row["TIME_PERIOD"].replace("M", "-")
            expected = observed[tuple(row.get(d, fixed.get(d)) for d in dims)]
            if expected is None or expected != expected:  # NA: suppressed
                assert row["value"] != row["value"], (path.name, row)
            else:
                assert row["value"] == expected, (path.name, row)


def test_labels_in_norwegian_and_in_english(release: Path) -> None:
    nb, en = _load(release, "TILT150_fylke.json"), _load(release, "en/TILT150_fylke.json")
    assert nb["label"].endswith("Tiltak og fylke") and en["label"].endswith("Programme and county")
    assert nb["dimension"]["TIME_PERIOD"]["category"]["label"] == {"2026M01": "Januar 2026"}
    assert en["dimension"]["TIME_PERIOD"]["category"]["label"] == {"2026M01": "January 2026"}
    assert nb["dimension"]["REF_AREA"]["category"]["label"]["_T"] == "Hele landet"
    assert en["dimension"]["REF_AREA"]["category"]["label"]["_T"] == "Norway"
    assert nb["role"] == {"time": ["TIME_PERIOD"], "metric": ["MEASURE"], "geo": ["REF_AREA"]}
    assert nb["extension"]["status"]["sdmx"][":"] == {"OBS_STATUS": "Q", "CONF_STATUS": "A"}


def test_the_collection_lists_every_dataset(release: Path) -> None:
    collection = _load(release, "collection.json")
    hrefs = [item["href"] for item in collection["link"]["item"]]
    base = "http://127.0.0.1:8000/"
    assert len(hrefs) == 9 and all(h.startswith(f"{base}jsonstat/TILT150_") for h in hrefs)
    assert all((release / h.removeprefix(base)).is_file() for h in hrefs)
    assert all(item["class"] == "dataset" for item in collection["link"]["item"])


def test_municipalities_are_children_of_their_counties(release: Path) -> None:
    kommune = _load(release, "TILT150_kommune.json")
    child = kommune["dimension"]["REF_AREA"]["category"]["child"]
    # The counties are not in the municipality table: its municipalities hang from _T.
    assert len(child["_T"]) == 291 and {"0301", "5007", "9999"} <= set(child["_T"])
    fylke = _load(release, "TILT150_fylke.json")
    assert len(fylke["dimension"]["REF_AREA"]["category"]["child"]["_T"]) == 16


def test_the_same_input_gives_the_same_bytes(tmp_path: Path, release: Path) -> None:
    again = tmp_path / "again"
    publish(make_cube([SAMPLE_TXT]), again)
    for path in sorted((release / "jsonstat").rglob("*.json")):
        assert (again / path.relative_to(release)).read_bytes() == path.read_bytes()


def _cycle(d: dict[str, Any]) -> None:
    d["dimension"]["A"]["category"].update(child={"x": ["y"], "y": ["x"]})


def _stranger(d: dict[str, Any]) -> None:
    d["dimension"]["A"]["category"].update(child={"x": ["z"]})


def _dataset() -> dict[str, Any]:
    return {
        "version": "2.0",
        "class": "dataset",
        "id": ["A", "B"],
        "size": [2, 2],
        "dimension": {
            "A": {"category": {"index": ["x", "y"], "child": {"x": ["y"]}}},
            "B": {"category": {"index": ["p", "q"]}},
        },
        "value": [1, None, 3, 4],
        "status": {"1": ":"},
    }


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d.update(value=[1, None, 3]), "value has 3 cells, the sizes make 4"),
        (lambda d: d.update(status={"1": ":", "0": ":"}), "cell 0 is marked suppressed"),
        (lambda d: d.update(status={"9": "B"}), "status index 9 is outside the cells"),
        (_cycle, "child has a cycle"),
        (_stranger, "child names unknown categories"),
        (lambda d: d.update(size=[2, 3]), "dimension B: 2 categories (2 unique), size 3"),
        (lambda d: d.pop("size"), "breaks the schema's 'required' rule"),
        (lambda d: d.update(updated="yesterday"), "$.updated: breaks the schema"),
        (lambda d: d.update(link={"alternate": [{"href": "../px/a.px"}]}), "'format' rule"),
        (lambda d: d.update(href="http://exa mple.no/"), "$.href: breaks the schema's 'format'"),
    ],
)
def test_the_validator_finds_what_is_wrong(change: Any, problem: str) -> None:
    assert check_jsonstat(_dataset(), "d.json") == []
    broken = _dataset()
    change(broken)
    problems = check_jsonstat(broken, "d.json")
    assert any(problem in p for p in problems), problems


def test_links_lead_to_the_same_data_in_the_other_formats(release: Path) -> None:
    for name in ("TILT150_fylke.json", "en/TILT150_fylke.json"):
        dataset = _load(release, name)
        hrefs = [link["href"] for links in dataset["link"].values() for link in links]
        assert len(hrefs) == 4 and all(h.startswith("http://127.0.0.1:8000/") for h in hrefs)
        assert all((release / h.split("/", 3)[3]).is_file() for h in hrefs), hrefs


def test_our_codelists_are_named_as_the_sdmx_structure_names_them(release: Path) -> None:
    structure = (release / "sdmx" / "structure.xml").read_text(encoding="utf-8")
    for path in sorted((release / "jsonstat").rglob("TILT150_*.json")):
        for ref in json.loads(path.read_text(encoding="utf-8"))["extension"]["codelists"].values():
            assert ref["agency"] != "PUBLISHER", path
            urn = f"Codelist={ref['agency']}:{ref['id']}({ref['version']})"
            assert f'urn="urn:sdmx:org.sdmx.infomodel.codelist.{urn}"' in structure, (path, ref)
