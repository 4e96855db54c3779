"""The things a DCAT-AP-NO catalogue points at, each from the vocabulary portals check.

data.norge.no validates a harvested catalogue after adding the RDF each object IRI
publishes, and an earlier revision of its shapes, still in use, checks the classes of
what a catalogue points at. So every object is an IRI of a controlled vocabulary (the EU
Publications Office authority lists for licence, file type, theme, language, country and
access right; IANA for media types, without parameters), and the catalogue itself types
the objects whose IRIs publish no RDF (IANA pages, the standards' web pages).
"""

from __future__ import annotations

from dataclasses import dataclass

from publisher.writers import layout

EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
LICENCE = f"{EU}licence/CC_BY_4_0"
CREDIT = "Kilde: Nav (Arbeids- og velferdsetaten)"
CREDIT_EN = "Source: Nav (the Norwegian Labour and Welfare Administration)"
NAV_ORGANISATION = "889640782"


@dataclass(frozen=True, slots=True)
class Standard:
    """A specification a distribution conforms to, with the title DCAT-AP-NO requires."""

    iri: str
    title: str


@dataclass(frozen=True, slots=True)
class Format:
    """A distribution's format: EU file type, IANA media type and standard.

    ``kind`` is the table's file of the release, or None where the distribution is a
    query of the SDMX REST API for the table's slice (``sdmx_format`` names its format).
    """

    key: str
    label: str
    kind: layout.Kind | None
    file_type: str
    media_type: str
    standard: Standard
    sdmx_format: str | None = None


JSON_STAT = Standard("https://json-stat.org/format/", "JSON-stat 2.0")
PX = Standard(
    "https://www.scb.se/en/services/statistical-programs-for-px-files/px-file-format/",
    "PX file format (PC-Axis), AXIS-VERSION 2013",
)
SDMX_CSV = Standard(
    "https://github.com/sdmx-twg/sdmx-csv/blob/master/data-message/docs/sdmx-csv-field-guide.md",
    "SDMX-CSV 2.0",
)
SDMX_ML = Standard("https://sdmx.org/standards-2/", "SDMX-ML 2.1 StructureSpecific data")

# PX is text: IANA registers no PX type, and the EU file-type list has no PX entry.
FORMATS = (
    Format("json-stat", "JSON-stat", layout.JSONSTAT, "JSON", "application/json", JSON_STAT),
    Format("json-stat-en", "JSON-stat (English)", layout.JSONSTAT_EN, "JSON", "application/json",
           JSON_STAT),
    Format("px", "PX", layout.PX, "TXT", "text/plain", PX),
    Format("sdmx-csv", "SDMX-CSV", None, "CSV", "text/csv", SDMX_CSV, "csv"),
    Format("sdmx-ml", "SDMX-ML", None, "XML", "application/xml", SDMX_ML, "structurespecificdata"),
)  # fmt: skip

THEMES = (f"{EU}data-theme/SOCI", f"{EU}data-theme/ECON")
LANGUAGES = (f"{EU}language/NOB", f"{EU}language/ENG")
NORWAY = f"{EU}country/NOR"
PUBLIC = f"{EU}access-right/PUBLIC"
