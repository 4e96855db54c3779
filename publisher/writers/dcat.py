"""A DCAT-AP-NO catalogue of the release, for data.norge.no to harvest (Turtle).

One ``dcat:Dataset`` per published table, with the properties DCAT-AP-NO requires and
recommends, and a ``dcat:Distribution`` per format. Each distribution points at the
table's own data: its JSON-stat and PX files, and for SDMX (whose files hold the whole
report family) a query of the SDMX REST API under the base URL for the table's slice.
What a distribution points at is typed and titled here (licence document, media type,
file type, standard, rights statement), since data.norge.no's shapes check it; the
vocabulary itself is in :mod:`publisher.writers.dcat_terms`. Built with rdflib.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, XSD

from publisher.family.spec import joined, spec_of
from publisher.merging.cube import TIME_PERIOD
from publisher.writers import dcat_terms as terms
from publisher.writers import layout
from publisher.writers.sdmx_structure import Identity, dsd_dimensions
from publisher.writers.tables import Table

if TYPE_CHECKING:
    from publisher.writers.layout import File
    from publisher.writers.registry import Edition

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
NAV = URIRef(f"https://data.brreg.no/enhetsregisteret/api/enheter/{terms.NAV_ORGANISATION}")
LICENCE = URIRef(terms.LICENCE)


def catalogue_file(edition: Edition, file: File) -> bytes:
    """The release's catalogue, as the layout's writer of it."""
    return catalogue(list(edition.tables), edition.root, edition.identity).encode()


def catalogue(tables: list[Table], base_url: str, identity: Identity) -> str:
    """The catalogue as Turtle, every IRI under ``base_url``.

    Args:
        tables: The published tables.
        base_url: Where the release is served (a trailing ``/`` is added if missing).
        identity: The SDMX agency and version, for the data queries.
    """
    base = base_url if base_url.endswith("/") else base_url + "/"
    graph = Graph()
    for prefix, namespace in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF),
                              ("vcard", VCARD), ("rdfs", RDFS)):  # fmt: skip
        graph.bind(prefix, namespace)
    catalog = URIRef(base + layout.CATALOGUE_IRI)
    _catalog(graph, catalog, tables)
    _vocabulary(graph)
    contact = _contact(graph)
    key = _Key(identity, base)
    for table in tables:
        graph.add((catalog, DCAT.dataset, _dataset(graph, table, base, contact, key)))
    text: str = graph.serialize(format="turtle")
    return text


def _catalog(graph: Graph, catalog: URIRef, tables: list[Table]) -> None:
    add = graph.add
    add((catalog, RDF.type, DCAT.Catalog))
    add((catalog, DCTERMS.identifier, Literal(str(catalog))))
    words = [spec_of(t.family).wording for t in tables]
    title, description = joined(w.collection for w in words), joined(w.catalogue for w in words)
    for lang in ("nb", "en"):
        add((catalog, DCTERMS.title, Literal(title(lang), lang=lang)))
    for lang in ("nb", "en"):
        add((catalog, DCTERMS.description, Literal(description(lang), lang=lang)))
    add((catalog, DCTERMS.publisher, NAV))
    add((catalog, DCTERMS.license, LICENCE))
    for language in terms.LANGUAGES:
        add((catalog, DCTERMS.language, URIRef(language)))
    if tables:
        latest = max(t.updated for t in tables)
        add((catalog, DCTERMS.modified, Literal(latest.isoformat(), datatype=XSD.date)))


def _vocabulary(graph: Graph) -> None:
    """The publisher, the licence, and the types of what distributions point at."""
    add = graph.add
    add((NAV, RDF.type, FOAF.Agent))
    add((NAV, FOAF.name, Literal("Arbeids- og velferdsetaten (Nav)", lang="nb")))
    add((NAV, DCTERMS.identifier, Literal(terms.NAV_ORGANISATION)))
    add((LICENCE, RDF.type, DCTERMS.LicenseDocument))
    for language in terms.LANGUAGES:
        add((URIRef(language), RDF.type, DCTERMS.LinguisticSystem))
    add((URIRef(terms.NORWAY), RDF.type, DCTERMS.Location))
    for fmt in terms.FORMATS:
        add((URIRef(terms.IANA + fmt.media_type), RDF.type, DCTERMS.MediaType))
        add((URIRef(f"{terms.EU}file-type/{fmt.file_type}"), RDF.type,
             DCTERMS.MediaTypeOrExtent))  # fmt: skip
        standard = URIRef(fmt.standard.iri)
        add((standard, RDF.type, DCTERMS.Standard))
        add((standard, DCTERMS.title, Literal(fmt.standard.title, lang="en")))


def _contact(graph: Graph) -> BNode:
    contact = BNode("contact")
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal("Nav", lang="nb")))
    graph.add((contact, VCARD.hasURL, URIRef("https://www.nav.no/")))
    return contact


class _Key:
    """The SDMX REST data query of a table's slice of its family's dataflow."""

    def __init__(self, identity: Identity, base: str) -> None:
        self.identity, self.base = identity, base

    def url(self, table: Table, sdmx_format: str) -> str:
        codes = {d.id: "+".join(d.codes) for d in table.dimensions}
        order = dsd_dimensions(spec_of(table.family).dimensions)
        parts = [codes.get(d) or table.fixed.get(d, "") for d in order]
        parts[0] = "M"  # FREQ: the reports are monthly
        flow = f"{self.identity.agency},{self.identity.flow_id(table.family)}"
        return (f"{self.base}rest/data/{flow},{self.identity.version}/{'.'.join(parts)}"
                f"?format={sdmx_format}")  # fmt: skip


def _dataset(graph: Graph, table: Table, base: str, contact: BNode, key: _Key) -> URIRef:
    dataset = URIRef(f"{base}datasets/{table.id}")
    months = next(d.codes for d in table.dimensions if d.id == TIME_PERIOD)
    add = graph.add
    add((dataset, RDF.type, DCAT.Dataset))
    add((dataset, DCTERMS.identifier, Literal(str(dataset))))
    for lang in ("nb", "en"):
        add((dataset, DCTERMS.title, Literal(table.title(lang), lang=lang)))
    spec = spec_of(table.family)
    described = spec.wording.describe(
        table.section.title.lower(), months[0], months[-1], table.family, spec.threshold
    )
    add((dataset, DCTERMS.description, Literal(described, lang="nb")))
    add((dataset, DCTERMS.publisher, NAV))
    add((dataset, DCAT.contactPoint, contact))
    for theme in terms.THEMES:
        add((dataset, DCAT.theme, URIRef(theme)))
    for word in (*spec.wording.keywords, table.family):
        add((dataset, DCAT.keyword, Literal(word, lang="nb")))
    for language in terms.LANGUAGES:
        add((dataset, DCTERMS.language, URIRef(language)))
    add((dataset, DCTERMS.spatial, URIRef(terms.NORWAY)))
    add((dataset, DCTERMS.modified, Literal(table.updated.isoformat(), datatype=XSD.date)))
    add((dataset, DCTERMS.accessRights, URIRef(terms.PUBLIC)))
    _period(graph, dataset, table.id, months)
    for fmt in terms.FORMATS:
        url = (base + fmt.kind.path(table.id) if fmt.kind
               else key.url(table, str(fmt.sdmx_format)))  # fmt: skip
        add((dataset, DCAT.distribution, _distribution(graph, dataset, fmt, URIRef(url))))
    return dataset


def _period(graph: Graph, dataset: URIRef, table_id: str, months: tuple[str, ...]) -> None:
    period = BNode(f"period-{table_id}")
    graph.add((dataset, DCTERMS.temporal, period))
    graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
    graph.add((period, DCAT.startDate, Literal(f"{months[0]}-01", datatype=XSD.date)))
    graph.add((period, DCAT.endDate, Literal(_month_end(months[-1]), datatype=XSD.date)))


def _distribution(graph: Graph, dataset: URIRef, fmt: terms.Format, url: URIRef) -> URIRef:
    distribution = URIRef(f"{dataset}/{fmt.key}")
    rights = BNode(f"rights-{dataset.split('/')[-1]}-{fmt.key}")
    add = graph.add
    add((distribution, RDF.type, DCAT.Distribution))
    add((distribution, DCTERMS.title, Literal(f"{dataset.split('/')[-1]} ({fmt.label})",
                                              lang="nb")))  # fmt: skip
    add((distribution, DCTERMS.description, Literal(f"{fmt.label}. {terms.CREDIT}.", lang="nb")))
    add((distribution, DCAT.accessURL, url))
    add((distribution, DCAT.downloadURL, url))
    add((distribution, DCTERMS.format, URIRef(f"{terms.EU}file-type/{fmt.file_type}")))
    add((distribution, DCAT.mediaType, URIRef(terms.IANA + fmt.media_type)))
    add((distribution, DCTERMS.conformsTo, URIRef(fmt.standard.iri)))
    add((distribution, DCTERMS.license, LICENCE))
    add((distribution, DCTERMS.rights, rights))
    add((rights, RDF.type, DCTERMS.RightsStatement))
    add((rights, RDFS.label, Literal(terms.CREDIT, lang="nb")))
    add((rights, RDFS.label, Literal(terms.CREDIT_EN, lang="en")))
    return distribution


def _month_end(month: str) -> str:
    year, number = int(month[:4]), int(month[5:])
    following = date(year + number // 12, number % 12 + 1, 1)
    return (following - timedelta(days=1)).isoformat()
