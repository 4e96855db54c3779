"""A made-up report family, JOBB ("Helt ledige"), given purely as data files.

Its spec and its codelist additions are written to a folder the way a statistician would
write them for a new family; :func:`report_text` draws one of its reports with the report
generator (``tests.navgen``), from a TILT-shaped synthetic report cut down to the family's
three sections. Nothing here is publisher code: the publisher reads the folder with
``--specs``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from publisher.model import Report
from tests.navgen import generate, render_text

REPORT = "JOBB110"
TITLE = "Helt ledige. Demografi. Tidsserie måned"
# The generator's section titles, and the titles this family prints instead.
SECTIONS = {"Tiltak og fylke": "Ledige og fylke", "Tiltak og kjønn": "Ledige og kjønn",
            "Tiltak og alder": "Ledige og alder"}  # fmt: skip

SPEC = """\
family = "JOBB"
report_ids = "^JOBB1[0-9]0$"
notes_section = "Om statistikken"
dimensions = ["REF_AREA", "SEX", "AGE"]

[confidentiality]
threshold = 4

[measures]
monthly = "JOBSEEKERS"
average = "JOBSEEKERS_YTD_AVG"
unit = "PS"

[structure]
dsd = "DSD_JOBB"
dsd_name = { nb = "Helt ledige (JOBB)", en = "Registered unemployed (JOBB)" }
concepts = "CS_JOBB"
concepts_name = { nb = "Begreper for JOBB", en = "JOBB concepts" }

[wording]
name = { nb = "Helt ledige", en = "Registered unemployed" }
subject = { nb = "Arbeidsledighet", en = "Unemployment" }
unit = { nb = "ledige", en = "jobseekers" }
counted = { nb = "Ledige", en = "Jobseekers" }
collection = { nb = "Nav: helt ledige", en = "Nav: registered unemployed" }
catalogue.nb = "Nav sine månedlige tall for helt ledige."
catalogue.en = "Nav's monthly unemployment figures."
dataset_description = "Ledige etter {section}, {first}–{last}, {report}; under {threshold} skjult."
keywords = ["arbeidsledighet", "Nav"]
page_title = { nb = "Helt ledige", en = "Registered unemployed" }
about.nb = "Tallene er fra JOBB-familien: helt ledige etter fylke, kjønn og alder."
about.en = "Registered unemployed by county, sex and age, from Nav's JOBB reports."

[title_en]
JOBB110 = "Registered unemployed. Demography. Monthly time series"

[[section]]
title = "Ledige og fylke"
id = "fylke"
title_en = "Unemployed by county"
rows = "REF_AREA"
region_level = "county"
additive = true

[[section]]
title = "Ledige og kjønn"
id = "kjonn"
title_en = "Unemployed by sex"
rows = "SEX"
additive = true

[[section]]
title = "Ledige og alder"
id = "alder"
title_en = "Unemployed by age"
rows = "AGE"
additive = true
"""

# The family's measures join CL_MEASURE (a list of a known id adds its codes).
CODELIST_INDEX = """\
[[codelist]]
id = "CL_MEASURE"
file = "CL_MEASURE_JOBB.csv"
dimension = "MEASURE"
agency = "PUBLISHER"
version = "1.0"
"""
MEASURES = """\
id,parent,name_nb,name_en,name_se,name_nn,valid_from,valid_to,aliases
JOBSEEKERS,,Helt ledige,Registered unemployed,,,,,
JOBSEEKERS_YTD_AVG,,Gjennomsnitt hittil i år,Year-to-date average,,,,,
"""


def write_specs(folder: Path) -> Path:
    """The family's spec folder: ``JOBB.toml`` and ``codelists/``."""
    (folder / "codelists").mkdir(parents=True)
    (folder / "JOBB.toml").write_text(SPEC, encoding="utf-8")
    (folder / "codelists" / "index.toml").write_text(CODELIST_INDEX, encoding="utf-8")
    (folder / "codelists" / "CL_MEASURE_JOBB.csv").write_text(MEASURES, encoding="utf-8")
    return folder


def report(seed: int = 7) -> tuple[Report, dict[tuple[str, str, str], tuple[int, ...]]]:
    """A JOBB110 report of two months and the true counts behind it, by the new titles."""
    drawn, truth = generate(family=REPORT, title=TITLE, months=2, seed=seed, municipalities=5)
    tables = tuple(
        dataclasses.replace(t, title=SECTIONS[t.title]) for t in drawn.tables if t.title in SECTIONS
    )
    counts = {(SECTIONS[s], block, row): v for (s, block, row), v in truth.items() if s in SECTIONS}
    return dataclasses.replace(drawn, tables=tables), counts


def report_text(seed: int = 7) -> str:
    """The report as the text pypdf extracts from Nav's PDFs."""
    return render_text(report(seed)[0])
