"""The DCAT-AP-NO catalogue: what data.norge.no runs on it finds no violation.

data.norge.no adds the RDF each object IRI publishes and runs pyshacl with the official
DCAT-AP-NO 2.00 shapes and RDFS inference. Here pyshacl runs on the same inputs, offline:
the shapes, ontologies and published triples shipped in ``publisher/schemas/dcat-ap-no``
(each block of ``published.ttl`` names its source).
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, SH
from starlette.testclient import TestClient

from publisher.merging.cube import Cube
from publisher.serve import create_app
from publisher.validation.release import check_catalogue
from publisher.writers.tables import tables

SHAPES = resources.files("publisher") / "schemas" / "dcat-ap-no"
EU_LICENCE = URIRef("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0")
BASE = "http://127.0.0.1:8000/"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
# Object IRIs whose owners publish no RDF (HTML pages, a JSON API): nothing to add.
NO_RDF = ("https://www.iana.org/assignments/media-types/", "https://json-stat.org/",
          "https://www.scb.se/", "https://github.com/sdmx-twg/", "https://sdmx.org/",
          "https://data.brreg.no/enhetsregisteret/api/enheter/", "https://www.nav.no/")  # fmt: skip


def _graph(name: str, fmt: str) -> Graph:
    graph = Graph()
    graph.parse(data=SHAPES.joinpath(name).read_bytes(), format=fmt)
    return graph


@pytest.fixture(scope="module")
def graph(sample_release: Path) -> Graph:
    parsed = Graph()
    parsed.parse(sample_release / "catalog.ttl", format="turtle")
    return parsed


@pytest.fixture(scope="module")
def published() -> Graph:
    """What the catalogue's object IRIs publish, as data.norge.no fetches it."""
    return _graph("published.ttl", "turtle") + _graph(
        "publications_europa_eu_resource_authority_licence.xml", "xml"
    )


def _results(catalogue: Graph, published: Graph) -> list[tuple[str, str, str]]:
    conforms, report, _ = validate(
        data_graph=catalogue + published,
        shacl_graph=_graph("DCAT-AP-NO-shacl_shapes_2.00.ttl", "turtle"),
        ont_graph=_graph("ontologies.ttl", "turtle"),
        inference="rdfs",
        meta_shacl=False,
    )
    assert isinstance(report, Graph)
    results = [
        (str(report.value(r, SH.resultSeverity)).rsplit("#")[-1],
         str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultPath)))
        for r in report.subjects(RDF.type, SH.ValidationResult)
    ]  # fmt: skip
    assert conforms == (not [r for r in results if r[0] == "Violation"])
    return results


def test_the_catalogue_conforms_to_the_dcat_ap_no_shapes(graph: Graph, published: Graph) -> None:
    assert _results(graph, published) == []  # no violation, and no warning either


def test_the_shapes_catch_what_the_portal_refused(graph: Graph, published: Graph) -> None:
    """The earlier catalogue's faults, put back, are found again (the check can fail)."""
    broken = Graph() + graph
    catalog = next(broken.subjects(RDF.type, DCAT.Catalog))
    broken.remove((catalog, DCTERMS.identifier, None))
    distribution = next(broken.subjects(RDF.type, DCAT.Distribution))
    broken.remove((distribution, DCTERMS.license, None))
    broken.add((distribution, DCTERMS.license, URIRef(CC_BY)))
    standard = next(broken.objects(distribution, DCTERMS.conformsTo))
    broken.remove((standard, DCTERMS.title, None))
    paths = sorted(p.rsplit("/")[-1] for s, _, p in _results(broken, published) if s == "Violation")
    assert paths == ["core#inScheme", "identifier", "license", "title"]


def test_every_object_iri_is_published_or_typed_here(graph: Graph, published: Graph) -> None:
    objects = {o for _, p, o in graph if isinstance(o, URIRef) and p != RDF.type}
    for iri in objects:
        if str(iri).startswith(BASE) or str(iri).startswith(NO_RDF):
            continue
        assert (iri, None, None) in published, f"no fixture for {iri}"


def test_what_distributions_point_at_is_typed(graph: Graph) -> None:
    """The class checks of the earlier shapes' revision, still in use."""
    for distribution in graph.subjects(RDF.type, DCAT.Distribution):
        assert graph.value(distribution, DCTERMS.license) == EU_LICENCE
        assert (EU_LICENCE, RDF.type, DCTERMS.LicenseDocument) in graph
        media = graph.value(distribution, DCAT.mediaType)
        assert (media, RDF.type, DCTERMS.MediaType) in graph and ";" not in str(media)
        assert "x-" not in str(media)  # registered types only
        fmt = graph.value(distribution, DCTERMS.format)
        assert (fmt, RDF.type, DCTERMS.MediaTypeOrExtent) in graph
        standard = graph.value(distribution, DCTERMS.conformsTo)
        assert (standard, RDF.type, DCTERMS.Standard) in graph
        assert graph.value(standard, DCTERMS.title) is not None
        rights = graph.value(distribution, DCTERMS.rights)
        assert (rights, RDF.type, DCTERMS.RightsStatement) in graph
        assert "Nav" in str(graph.value(rights, RDFS.label))


def test_every_table_is_a_dataset_with_the_required_properties(graph: Graph) -> None:
    datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == 9
    for dataset in datasets:
        for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.identifier, DCTERMS.publisher,
                     DCAT.theme, DCAT.contactPoint, DCTERMS.temporal, DCTERMS.spatial):  # fmt: skip
            assert graph.value(dataset, prop) is not None, (dataset, prop)
        titles = {t.language for t in graph.objects(dataset, DCTERMS.title)}  # type: ignore[attr-defined]
        assert titles == {"nb", "en"}
        period = graph.value(dataset, DCTERMS.temporal)
        assert str(graph.value(period, DCAT.startDate)) == "2026-01-01"
        assert str(graph.value(period, DCAT.endDate)) == "2026-01-31"


def test_each_distribution_holds_its_own_tables_data(
    graph: Graph, sample_release: Path, sample_cube: Cube
) -> None:
    """Files are the table's own; SDMX is a REST query answering exactly the table's slice."""
    sizes = {t.id: len(t.data) for t in tables(sample_cube)}
    client = TestClient(create_app(sample_release))
    for dataset in graph.subjects(RDF.type, DCAT.Dataset):
        table = str(dataset).rsplit("/", 1)[-1]
        urls = [str(graph.value(d, DCAT.accessURL))
                for d in graph.objects(dataset, DCAT.distribution)]  # fmt: skip
        assert len(urls) == 5 and len(set(urls)) == 5
        for url in urls:
            path = url.removeprefix(BASE)
            if not path.startswith("rest/"):
                assert table in path and (sample_release / path).is_file()
                continue
            response = client.get("/" + path)
            assert response.status_code == 200, (url, response.text)
            if "format=csv" in url:
                rows = list(csv.DictReader(io.StringIO(response.text)))
                assert len(rows) == sizes[table], url
        assert urlsplit(urls[0]).netloc == "127.0.0.1:8000"


def test_the_catalogue_check_finds_what_is_missing(tmp_path: Path, sample_release: Path) -> None:
    assert check_catalogue(sample_release) == []
    text = (sample_release / "catalog.ttl").read_text(encoding="utf-8")
    broken = tmp_path / "catalog.ttl"
    text = text.replace("dcat:theme", "dcat:keyword").replace(str(EU_LICENCE), CC_BY)
    broken.write_text(text, encoding="utf-8")
    problems = check_catalogue(tmp_path)
    assert any("has no theme" in p for p in problems)
    assert any("is not a file or data query of the release" in p for p in problems)
    assert any("DCAT-AP-NO Violation" in p and "license" in p for p in problems)


def test_the_base_url_is_configurable(tmp_path: Path, sample_cube: Cube) -> None:
    from publisher.building.publish import publish

    out = tmp_path / "output"
    publish(sample_cube, out, base_url="https://data.example.no/nav/")
    text = (out / "catalog.ttl").read_text(encoding="utf-8")
    assert "<https://data.example.no/nav/jsonstat/TILT150_fylke.json>" in text
    assert "<https://data.example.no/nav/rest/data/NAV,DF_TILT150,1.0/M." in text
    assert check_catalogue(out) == []
