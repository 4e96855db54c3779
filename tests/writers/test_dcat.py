"""The DCAT-AP-NO catalogue, parsed with rdflib: what data.norge.no needs is there."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from publisher.validation import check_catalogue

CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")


@pytest.fixture(scope="module")
def graph(sample_release: Path) -> Graph:
    parsed = Graph()
    parsed.parse(sample_release / "catalog.ttl", format="turtle")
    return parsed


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


def test_a_distribution_per_format_with_licence_and_credit(
    graph: Graph, sample_release: Path
) -> None:
    for dataset in graph.subjects(RDF.type, DCAT.Dataset):
        distributions = list(graph.objects(dataset, DCAT.distribution))
        formats = {str(graph.value(d, DCTERMS.conformsTo)) for d in distributions}
        assert len(distributions) == 5 and len(formats) == 4
        for distribution in distributions:
            assert graph.value(distribution, DCTERMS.license) == CC_BY
            assert "Nav" in str(graph.value(distribution, DCTERMS.rights))
            assert graph.value(distribution, DCTERMS.format) is not None
            assert graph.value(distribution, DCAT.mediaType) is not None
            url = str(graph.value(distribution, DCAT.accessURL))
            assert (sample_release / url.removeprefix("http://127.0.0.1:8000/")).is_file()


def test_the_catalogue_check_finds_what_is_missing(tmp_path: Path, sample_release: Path) -> None:
    assert check_catalogue(sample_release) == []
    text = (sample_release / "catalog.ttl").read_text(encoding="utf-8")
    broken = tmp_path / "catalog.ttl"
    broken.write_text(text.replace("dcat:theme", "dcat:keyword"), encoding="utf-8")
    problems = check_catalogue(tmp_path)
    assert any("has no theme" in p for p in problems)
    assert any("is not a file of the release" in p for p in problems)


def test_the_base_url_is_configurable(tmp_path: Path, sample_cube: object) -> None:
    from publisher.publish import publish

    out = tmp_path / "output"
    publish(sample_cube, out, base_url="https://data.example.no/nav/")  # type: ignore[arg-type]
    text = (out / "catalog.ttl").read_text(encoding="utf-8")
    assert "<https://data.example.no/nav/jsonstat/TILT150_fylke.json>" in text
    assert check_catalogue(out) == []
