"""Checks of the release's DCAT-AP-NO catalogue, run before a release is swapped in.

Two layers: what we promise ourselves (every dataset and distribution has the properties
DCAT-AP-NO needs, every access URL under the base URL is a file of the release or an SDMX
REST data query of one of its dataflows) and what data.norge.no checks (the official
shapes with RDFS inference, :mod:`publisher.validation.shapes`, when pyshacl is installed).
A shape's violation is a problem; its warnings are not, as on data.norge.no.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from publisher.validation import shapes
from publisher.writers import layout

_REQUIRED = {
    DCAT.Dataset: ("dataset", (DCTERMS.title, DCTERMS.description, DCTERMS.identifier,
                   DCTERMS.publisher, DCAT.theme, DCAT.contactPoint, DCAT.distribution,
                   DCTERMS.temporal, DCTERMS.spatial)),
    DCAT.Distribution: ("distribution", (DCAT.accessURL, DCTERMS.format, DCAT.mediaType,
                        DCTERMS.conformsTo, DCTERMS.license)),
}  # fmt: skip
# An SDMX REST v1 data query: rest/data/{agency,}{flow}{,version}/{key}?format=...
_DATA_QUERY = re.compile(r"rest/data/(?:[^,/]+,)?([^,/]+)(?:,[^/]+)?/[^/?]+(?:\?format=\w+)?")


def check_catalogue(folder: Path, base_url: str | None = None) -> list[str]:
    """The catalogue of a release folder, checked as :func:`check_catalogue_file` does."""
    path = folder / layout.CATALOGUE.path()
    if not path.is_file():
        return [f"{folder}: no {layout.CATALOGUE.path()}"]
    paths = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    return check_catalogue_file(path.read_bytes(), paths, base_url)


def check_catalogue_file(
    data: bytes, paths: Collection[str], base_url: str | None = None
) -> list[str]:
    """The catalogue parses, holds what DCAT-AP-NO needs, and points only into the release.

    Every access URL under ``base_url`` (by default: where the catalogue itself is) must
    be one of ``paths`` (the release's files) or a data query of one of its dataflows.
    """
    name = layout.CATALOGUE.path()
    graph = Graph()
    try:
        graph.parse(data=data, format="turtle")
    except Exception as exc:
        return [f"{name}: not Turtle: {exc}"]
    problems = _missing(graph, name) + _targets(graph, paths, base_url, name)
    return problems + [
        f"{name}: DCAT-AP-NO {finding}"
        for finding in shapes.shape_report(graph)
        if finding.severity == "Violation"
    ]


def _missing(graph: Graph, name: str) -> list[str]:
    problems = []
    for rdf_class, (kind, required) in _REQUIRED.items():
        for subject in graph.subjects(RDF.type, rdf_class):
            problems += [
                f"{name}: {kind} {subject} has no {prop.split('/')[-1].split('#')[-1]}"
                for prop in required
                if graph.value(subject, prop) is None
            ]
    return problems


def _targets(graph: Graph, paths: Collection[str], base_url: str | None, name: str) -> list[str]:
    catalog = graph.value(None, RDF.type, DCAT.Catalog)
    base = base_url or (str(catalog).removesuffix(layout.CATALOGUE_IRI) if catalog else None)
    if not base:
        return []
    problems = []
    for url in set(graph.objects(None, DCAT.accessURL)) | set(
        graph.objects(None, DCAT.downloadURL)
    ):
        relative = str(url).removeprefix(base)
        if isinstance(url, URIRef) and relative != str(url) and not _in_release(paths, relative):
            problems.append(f"{name}: {url} is not a file or data query of the release")
    return sorted(problems)


def _in_release(paths: Collection[str], relative: str) -> bool:
    query = _DATA_QUERY.fullmatch(relative)
    if query:
        family = layout.family_of(query.group(1))
        return family is not None and layout.SDMX_ML_FILE.path(family) in paths
    return relative in paths
