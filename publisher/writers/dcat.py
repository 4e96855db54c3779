"""A DCAT-AP-NO catalogue of the release, for data.norge.no to harvest (Turtle).

One ``dcat:Dataset`` per published table, each with the properties DCAT-AP-NO requires
(title, description, identifier, publisher, theme, contact point) and recommends
(temporal and spatial coverage, language, keywords, modified), and a ``dcat:Distribution``
per format (JSON-stat, PX, SDMX-CSV, SDMX-ML) with format, media type, ``conformsTo``,
licence CC BY 4.0 and an access URL under a configurable base URL. Built with rdflib.
"""

from __future__ import annotations

from datetime import date, timedelta

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from publisher.cube import TIME_PERIOD
from publisher.tables import Table
from publisher.writers.jsonstat import SDMX_CSV, SDMX_DATA

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
NAV = URIRef("https://data.brreg.no/enhetsregisteret/api/enheter/889640782")
THEMES = (URIRef(f"{EU}data-theme/SOCI"), URIRef(f"{EU}data-theme/ECON"))
NORWAY = URIRef(f"{EU}country/NOR")
LANGUAGES = {"nb": URIRef(f"{EU}language/NOB"), "en": URIRef(f"{EU}language/ENG")}
CREDIT = "Kilde: Nav (Arbeids- og velferdsetaten)"

# (label, path of the file in the release, EU file type, media type, specification)
_FORMATS = (
    ("JSON-stat", "jsonstat/{table}.json", "JSON", "application/json",
     "https://json-stat.org/format/"),
    ("JSON-stat (English)", "jsonstat/en/{table}.json", "JSON", "application/json",
     "https://json-stat.org/format/"),
    ("PX", "px/{table}.px", "TXT", "text/x-pcaxis",
     "https://www.scb.se/en/services/statistical-programs-for-px-files/px-file-format/"),
    ("SDMX-CSV", "sdmx/DF_{family}.csv", "CSV", SDMX_CSV,
     "https://github.com/sdmx-twg/sdmx-csv/blob/master/data-message/docs/sdmx-csv-field-guide.md"),
    ("SDMX-ML", "sdmx/DF_{family}.xml", "XML", SDMX_DATA,
     "https://sdmx.org/standards-2/"),
)  # fmt: skip


def catalogue(tables: list[Table], base_url: str) -> str:
    """The catalogue as Turtle, every IRI under ``base_url`` (which ends with ``/``)."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    graph = Graph()
    graph.bind("dcat", DCAT)
    graph.bind("dct", DCTERMS)
    graph.bind("foaf", FOAF)
    graph.bind("vcard", VCARD)
    catalog = URIRef(f"{base}catalog")
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal("Nav: tiltaksdeltakere", lang="nb")))
    graph.add((catalog, DCTERMS.title, Literal("Nav: programme participants", lang="en")))
    graph.add((catalog, DCTERMS.description, Literal(
        "Nav sine månedlige rapporter om deltakere på arbeidsmarkedstiltak som åpne data.",
        lang="nb",
    )))  # fmt: skip
    graph.add((catalog, DCTERMS.publisher, NAV))
    graph.add((catalog, DCTERMS.license, LICENCE))
    _publisher(graph)
    contact = _contact(graph)
    for table in tables:
        graph.add((catalog, DCAT.dataset, _dataset(graph, table, base, contact)))
    text: str = graph.serialize(format="turtle")
    return text


def _publisher(graph: Graph) -> None:
    graph.add((NAV, RDF.type, FOAF.Agent))
    graph.add((NAV, FOAF.name, Literal("Arbeids- og velferdsetaten (Nav)", lang="nb")))
    graph.add((NAV, DCTERMS.identifier, Literal("889640782")))


def _contact(graph: Graph) -> BNode:
    contact = BNode("contact")
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal("Nav", lang="nb")))
    graph.add((contact, VCARD.hasURL, URIRef("https://www.nav.no/")))
    return contact


def _dataset(graph: Graph, table: Table, base: str, contact: BNode) -> URIRef:
    dataset = URIRef(f"{base}datasets/{table.id}")
    months = next(d.codes for d in table.dimensions if d.id == TIME_PERIOD)
    add = graph.add
    add((dataset, RDF.type, DCAT.Dataset))
    add((dataset, DCTERMS.identifier, Literal(str(dataset))))
    for lang in ("nb", "en"):
        add((dataset, DCTERMS.title, Literal(table.title(lang), lang=lang)))
    add((dataset, DCTERMS.description, Literal(
        f"Deltakere på tiltak etter {table.section.title.lower()}, per måned"
        f" {months[0]} til {months[-1]}, fra Navs rapport {table.family}. Tall under 4 er"
        " skjult av Nav (statistikkloven § 7-1).",
        lang="nb",
    )))  # fmt: skip
    add((dataset, DCTERMS.publisher, NAV))
    add((dataset, DCAT.contactPoint, contact))
    for theme in THEMES:
        add((dataset, DCAT.theme, theme))
    for word in ("arbeidsmarkedstiltak", "Nav", table.family):
        add((dataset, DCAT.keyword, Literal(word, lang="nb")))
    for language in LANGUAGES.values():
        add((dataset, DCTERMS.language, language))
    add((dataset, DCTERMS.spatial, NORWAY))
    add((dataset, DCTERMS.modified, Literal(table.updated.isoformat(), datatype=XSD.date)))
    add((dataset, DCTERMS.accessRights, URIRef(f"{EU}access-right/PUBLIC")))
    period = BNode(f"period-{table.id}")
    add((dataset, DCTERMS.temporal, period))
    add((period, RDF.type, DCTERMS.PeriodOfTime))
    add((period, DCAT.startDate, Literal(f"{months[0]}-01", datatype=XSD.date)))
    add((period, DCAT.endDate, Literal(_month_end(months[-1]), datatype=XSD.date)))
    for label, path, file_type, media, spec in _FORMATS:
        add((dataset, DCAT.distribution, _distribution(graph, table, base, label, path,
                                                        file_type, media, spec)))  # fmt: skip
    return dataset


def _distribution(
    graph: Graph, table: Table, base: str, label: str, path: str, file_type: str, media: str,
    spec: str,
) -> URIRef:  # fmt: skip
    url = URIRef(base + path.format(table=table.id, family=table.family))
    distribution = URIRef(f"{base}datasets/{table.id}/{label.split()[0].lower()}"
                          f"{'-en' if '(English)' in label else ''}")  # fmt: skip
    graph.add((distribution, RDF.type, DCAT.Distribution))
    graph.add((distribution, DCTERMS.title, Literal(f"{table.id} ({label})", lang="nb")))
    graph.add((distribution, DCTERMS.description, Literal(f"{label}. {CREDIT}.", lang="nb")))
    graph.add((distribution, DCAT.accessURL, url))
    graph.add((distribution, DCAT.downloadURL, url))
    graph.add((distribution, DCTERMS.format, URIRef(f"{EU}file-type/{file_type}")))
    graph.add(
        (
            distribution,
            DCAT.mediaType,
            URIRef(f"https://www.iana.org/assignments/media-types/{media}"),
        )
    )
    graph.add((distribution, DCTERMS.conformsTo, URIRef(spec)))
    graph.add((distribution, DCTERMS.license, LICENCE))
    graph.add((distribution, DCTERMS.rights, Literal(CREDIT, lang="nb")))
    return distribution


def _month_end(month: str) -> str:
    year, number = int(month[:4]), int(month[5:])
    following = date(year + number // 12, number % 12 + 1, 1)
    return (following - timedelta(days=1)).isoformat()
