"""A new report family is data: a spec folder and a report, built beside TILT in one release.

The made-up family JOBB (:mod:`tests.family.demo_family`) is given with ``--specs``; the
release must carry its own data structure, concept scheme and dataflow, its wording in
every format, and its numbers as the report generator drew them. Every file is read back
with an independent reader (sdmx1, csv, json, rdflib), never with the writers.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
import sdmx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS

from tests.conftest import ROOT, SAMPLE_TXT
from tests.family import demo_family
from tests.family.demo_family import REPORT

FLOW = f"DF_{REPORT}"
BLOCK = "I alt avklaring"  # the generator's block; the family has no dimension for it


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("jobb")
    specs = demo_family.write_specs(folder / "specs")
    report = folder / f"{REPORT}_2026-02.txt"
    report.write_text(demo_family.report_text(), encoding="utf-8")
    out = folder / "out"
    done = subprocess.run(
        [sys.executable, "-m", "publisher", "--specs", str(specs), "build", str(report),
         str(SAMPLE_TXT), "-o", str(out), "--no-cache", "-q"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out


def test_each_family_has_its_own_data_structure(release: Path) -> None:
    msg = sdmx.read_sdmx(release / "sdmx" / "structure.xml")
    assert {"DSD_JOBB", "DSD_TILT"} <= set(msg.structure)
    assert {"CS_JOBB", "CS_TILT"} <= set(msg.concept_scheme)
    assert msg.dataflow[FLOW].structure.id == "DSD_JOBB"
    assert msg.dataflow["DF_TILT150"].structure.id == "DSD_TILT"
    dsd = msg.structure["DSD_JOBB"]
    assert [d.id for d in dsd.dimensions] == ["FREQ", "REF_AREA", "SEX", "AGE", "MEASURE",
                                              "TIME_PERIOD"]  # fmt: skip
    assert str(dsd.name["nb"]) == "Helt ledige (JOBB)"
    assert str(msg.concept_scheme["CS_JOBB"].name["en"]) == "JOBB concepts"
    assert len(msg.structure["DSD_TILT"].dimensions) == 11  # FREQ, TILT's eight, MEASURE, time
    measures = {code.id for code in msg.codelist["CL_MEASURE"]}
    assert {"JOBSEEKERS", "JOBSEEKERS_YTD_AVG", "PARTICIPANTS"} <= measures


def test_the_sdmx_data_carry_the_generated_counts(release: Path) -> None:
    with (release / "sdmx" / f"{FLOW}.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0])[3:9] == ["FREQ", "REF_AREA", "SEX", "AGE", "MEASURE", "TIME_PERIOD"]
    assert {r["STRUCTURE_ID"] for r in rows} == {f"NAV:{FLOW}(1.0)"}
    assert {r["UNIT_MEASURE"] for r in rows} == {"PS"}
    _, truth = demo_family.report()
    for sex, label in (("F", "Kvinner"), ("M", "Menn")):
        printed = {
            r["TIME_PERIOD"]: (r["OBS_VALUE"], r["OBS_STATUS"])
            for r in rows
            if (r["SEX"], r["REF_AREA"], r["AGE"], r["MEASURE"]) == (sex, "_T", "_T", "JOBSEEKERS")
        }
        counts = truth["Ledige og kjønn", BLOCK, label]
        assert printed == {
            f"2026-{month:02d}": (str(count), "A") if count >= 4 else ("NaN", "Q")
            for month, count in enumerate(counts, start=1)
        }


def test_the_family_speaks_its_own_words(release: Path) -> None:
    nb = json.loads((release / "jsonstat" / "collection.json").read_text(encoding="utf-8"))
    en = json.loads((release / "jsonstat" / "en" / "collection.json").read_text(encoding="utf-8"))
    assert "Nav: helt ledige" in nb["label"] and "Nav: tiltaksdeltakere" in nb["label"]
    assert "Nav: registered unemployed" in en["label"]
    dataset = json.loads((release / "jsonstat" / "en" / f"{REPORT}_kjonn.json").read_bytes())
    units = dataset["dimension"]["MEASURE"]["category"]["unit"]
    assert {u["label"] for u in units.values()} == {"jobseekers"}
    px = (release / "px" / f"{REPORT}_alder.px").read_text(encoding="utf-8")
    for line in ('CONTENTS="Helt ledige";', 'SUBJECT-AREA[en]="Unemployment";', 'UNITS="ledige";'):
        assert line in px.splitlines()
    tilt = (release / "px" / "TILT150_alder.px").read_text(encoding="utf-8")
    assert 'CONTENTS="Tiltaksdeltakere";' in tilt.splitlines()
    page = (release / "index.html").read_text(encoding="utf-8")
    assert "<h1>Helt ledige / Tiltaksdeltakere – åpne data fra Nav</h1>" in page
    assert "Tallene er fra JOBB-familien: helt ledige etter fylke, kjønn og alder.</p>" in page
    assert "Ledige etter kjønn" in page  # the bar chart's title: what the family counts


def test_the_catalogue_describes_the_family_from_its_spec(release: Path) -> None:
    graph = Graph().parse(release / "catalog.ttl", format="turtle")
    dataset = next(d for d in graph.subjects(DCAT.keyword, Literal("arbeidsledighet", lang="nb")))
    assert {str(k) for k in graph.objects(dataset, DCAT.keyword)} == {"arbeidsledighet", "Nav",
                                                                      REPORT}  # fmt: skip
    descriptions = {str(d) for d in graph.objects(dataset, DCTERMS.description)}
    assert any(d.startswith("Ledige etter ledige og ") and "under 4 skjult" in d
               for d in descriptions)  # fmt: skip
    catalog = next(graph.subjects(DCAT.dataset, dataset))
    assert isinstance(catalog, URIRef)
    titles = {str(t) for t in graph.objects(catalog, DCTERMS.title)}
    assert any("Nav: helt ledige" in t for t in titles)


def _build(specs: Path, report: Path, out: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "publisher", "--specs", str(specs), "build", str(report),
         "-o", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_an_edited_spec_makes_another_build(tmp_path: Path) -> None:
    """The spec folder is an input: unchanged, the release is up to date; edited, it is not."""
    specs = demo_family.write_specs(tmp_path / "specs")
    report = tmp_path / f"{REPORT}.txt"
    report.write_text(demo_family.report_text(), encoding="utf-8")
    out = tmp_path / "out"
    _build(specs, report, out)
    assert "up to date" in _build(specs, report, out)
    spec = specs / "JOBB.toml"
    spec.write_text(spec.read_text(encoding="utf-8").replace('"Helt ledige"', '"Ledige"'), "utf-8")
    assert "up to date" not in _build(specs, report, out)
    px = (out / "px" / f"{REPORT}_alder.px").read_text(encoding="utf-8").splitlines()
    assert 'CONTENTS="Ledige";' in px
