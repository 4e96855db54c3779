"""Specs are read key by key: a slip in one is an input error naming the file and the key.

Each case edits the shipped TILT spec's text the way a slip would (a line left out, a
value of the wrong kind, a misspelt key) and checks the one-line message.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from publisher.errors import InputError
from publisher.family.spec import all_specs, load, use_folders
from publisher.mapping.codelists import codelist, for_dimension
from tests.conftest import ROOT, SAMPLE_TXT
from tests.family import demo_family

TILT = ROOT / "publisher" / "specs" / "TILT.toml"
TEXT = TILT.read_text(encoding="utf-8")
SOURCE = "specs/TILT.toml"


def _error(text: str) -> str:
    with pytest.raises(InputError) as caught:
        load(text, SOURCE)
    return caught.value.one_line()


def _without(line: str) -> str:
    """The spec without its first line that starts so."""
    lines = TEXT.splitlines(keepends=True)
    at = next(i for i, text in enumerate(lines) if text.startswith(line))
    return "".join(lines[:at] + lines[at + 1 :])


def _replaced(old: str, new: str) -> str:
    assert old in TEXT
    return TEXT.replace(old, new, 1)


def test_the_shipped_spec_reads_as_tomllib_reads_it() -> None:
    raw = tomllib.loads(TEXT)
    spec = load(TEXT, SOURCE)
    assert spec.family == raw["family"]
    assert spec.threshold == raw["confidentiality"]["threshold"]
    assert spec.measures.monthly == raw["measures"]["monthly"]
    assert spec.measures.unit == raw["measures"]["unit"]
    assert spec.structure.dsd == raw["structure"]["dsd"]
    assert spec.structure.concepts_name.en == raw["structure"]["concepts_name"]["en"]
    assert spec.wording.unit("nb") == raw["wording"]["unit"]["nb"]
    assert spec.wording.keywords == tuple(raw["wording"]["keywords"])
    assert [s.id for s in spec.sections] == [s["id"] for s in raw["section"]]


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("family = ", "family"),
        ("threshold = ", "confidentiality.threshold"),
        ("monthly = ", "measures.monthly"),
        ('unit = "', "measures.unit"),
        ("dsd = ", "structure.dsd"),
        ("concepts_name = ", "structure.concepts_name"),
        ("collection = ", "wording.collection"),
        ("dataset_description = ", "wording.dataset_description"),
        ("rows = ", "section[1].rows"),
        ("additive = ", "section[1].additive"),
    ],
)
def test_a_missing_key_is_named(line: str, key: str) -> None:
    assert _error(_without(line)) == f"{SOURCE}: bad report spec: key '{key}' is missing"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("threshold = 4", 'threshold = "4"', "key 'confidentiality.threshold' must be a whole"
         " number, not '4'"),
        ('dsd = "DSD_TILT"', 'dsd_id = "DSD_TILT"', "key 'structure.dsd' is missing"),
        ('concepts = "CS_TILT"', 'concepts = "CS_TILT"\nconcept = "CS"',
         "key 'structure.concept' is not a key a spec has here"),
        ('additive = false', 'additive = "no"', "key 'section[1].additive' must be true or"
         " false, not 'no'"),
        ('region_level = "county"', 'region_level = "fylke"',
         "key 'section[3].region_level' must be one of ('county', 'municipality')"),
        ('dsd = "DSD_TILT"', 'dsd = "DSD TILT"', "key 'structure.dsd' is 'DSD TILT', no SDMX id"),
        ('concepts = "CS_TILT"', 'concepts = "CS:TILT"', "key 'structure.concepts' is 'CS:TILT'"),
        ("threshold = 4", "threshold = 0", "key 'confidentiality.threshold' must be a positive"),
        ('unit = { nb = "personer", en = "persons" }', 'unit = { nb = "personer" }',
         "key 'wording.unit.en' is missing"),
        ("etter {section}", "etter {seksjon}", "key 'wording.dataset_description' names an"
         " unknown field"),
        ('report_ids = "^TILT1[0-8]0$"', 'report_ids = "^TILT1[0-8"', "key 'report_ids' is no"
         " regular expression"),
        ('rows = "TILTAK"', 'rows = "PROGRAMME"', "key 'section[1].rows' names 'PROGRAMME',"
         " which is not in 'dimensions'"),
        ('scope_dimension = "TILTAK"', 'scope_dimension = "SEX "', "key 'scope_dimension' names"
         " 'SEX ', which is not in 'dimensions'"),
        ('family = "TILT"', 'family = ', "not TOML"),
    ],
)  # fmt: skip
def test_a_wrong_key_is_named(old: str, new: str, message: str) -> None:
    error = _error(_replaced(old, new))
    assert error.startswith(f"{SOURCE}: bad report spec: {message}"), error
    assert "\n" not in error


def test_a_spec_folder_given_twice_over_is_refused(tmp_path: Path) -> None:
    """A second TILT spec (here: a copy in a --specs folder) is a one-line error, no output."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "TILT.toml").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "publisher", "--specs", str(tmp_path / "specs"), "build",
         str(SAMPLE_TXT), "-o", str(out), "--no-cache", "-q"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr == (
        f"error: {tmp_path / 'specs' / 'TILT.toml'}: bad report spec: key 'family':"
        " 'TILT' is family TILT's already\n"
    )
    assert not out.exists()


def test_every_shipped_spec_names_codes_its_codelists_have() -> None:
    """Measures and units are codes: a typo in the spec would publish a code no list has."""
    measures = {c.id for c in for_dimension("MEASURE").codes}
    units = {c.id for c in codelist("CL_UNIT_MEASURE").codes}
    for spec in all_specs():
        assert {spec.measures.monthly, spec.measures.average} <= measures, spec.family
        assert spec.measures.unit in units, spec.family
        for brk in spec.breaks:
            assert set(brk.codes) <= {c.id for c in for_dimension(brk.dimension).codes}
        for code in spec.scope.values():
            assert code in {c.id for c in for_dimension(str(spec.scope_dimension)).codes}


def test_the_codelists_of_a_spec_folder_add_codes(tmp_path: Path) -> None:
    """A --specs folder's list of a known id adds its codes; it may not repeat one."""
    specs = demo_family.write_specs(tmp_path / "specs")
    try:
        use_folders([specs])
        assert {"JOBSEEKERS", "PARTICIPANTS"} <= {c.id for c in for_dimension("MEASURE").codes}
        assert [s.family for s in all_specs()] == ["TILT", "JOBB"]
        again = demo_family.write_specs(tmp_path / "again")
        (again / "codelists" / "CL_MEASURE_JOBB.csv").write_text(
            demo_family.MEASURES.splitlines()[0] + "\nPARTICIPANTS,,Deltakere,Participants,,,,,\n",
            encoding="utf-8",
        )
        (again / "JOBB.toml").unlink()
        use_folders([specs, again])
        with pytest.raises(InputError) as caught:
            for_dimension("MEASURE")
        assert caught.value.one_line() == (
            f"{again / 'codelists'}: codelist repeats codes: CL_MEASURE already has"
            " ['PARTICIPANTS']"
        )
    finally:
        use_folders([])
    assert "JOBSEEKERS" not in {c.id for c in for_dimension("MEASURE").codes}


def test_a_slip_in_a_new_familys_spec_stops_the_build_on_one_line(tmp_path: Path) -> None:
    specs = demo_family.write_specs(tmp_path / "specs")
    spec = specs / "JOBB.toml"
    spec.write_text(spec.read_text(encoding="utf-8").replace('dsd = "DSD_JOBB"\n', ""), "utf-8")
    report = tmp_path / "JOBB110.txt"
    report.write_text(demo_family.report_text(), encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "publisher", "--specs", str(specs), "build", str(report),
         "-o", str(out), "--no-cache", "-q"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr == f"error: {spec}: bad report spec: key 'structure.dsd' is missing\n"
    assert not out.exists()
