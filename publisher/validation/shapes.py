"""The catalogue against the DCAT-AP-NO 2.00 SHACL shapes, as data.norge.no checks it.

data.norge.no runs pyshacl with RDFS inference over a harvested catalogue, the official
shapes and their ontologies, after adding the RDF each object IRI publishes. We do the
same offline: the shapes, the ontologies and what our catalogue's object IRIs publish
(``published.ttl``, each block naming its source; the EU licence list as returned) ship in
``publisher/schemas/dcat-ap-no/``, and pyshacl is a dependency, so every ``validate`` and
every build checks the catalogue as the portal will.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from rdflib import Graph
from rdflib.namespace import RDF, SH

_FILES = "dcat-ap-no"
_PUBLISHED = (("published.ttl", "turtle"),
              ("publications_europa_eu_resource_authority_licence.xml", "xml"))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Finding:
    """One result of the shapes: its severity, the node, the path and the message."""

    severity: str  # "Violation", "Warning" or "Info"
    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.focus} {self.path}: {self.message}"


def _folder() -> resources.abc.Traversable:
    return resources.files("publisher") / "schemas" / _FILES


@cache
def _graph(name: str, fmt: str) -> Graph:
    graph = Graph()
    graph.parse(data=_folder().joinpath(name).read_bytes(), format=fmt)
    return graph


def expanded(catalogue: Graph) -> Graph:
    """The catalogue with the triples its object IRIs publish added, as the portal does."""
    data = Graph()
    for triple in catalogue:
        data.add(triple)
    for name, fmt in _PUBLISHED:
        for triple in _graph(name, fmt):
            data.add(triple)
    return data


def shape_report(catalogue: Graph) -> list[Finding]:
    """Every result of the DCAT-AP-NO 2.00 shapes on the expanded catalogue (RDFS inference)."""
    from pyshacl import validate  # here: only a catalogue check needs it

    _, report, _ = validate(
        data_graph=expanded(catalogue),
        shacl_graph=_graph("DCAT-AP-NO-shacl_shapes_2.00.ttl", "turtle"),
        ont_graph=_graph("ontologies.ttl", "turtle"),
        inference="rdfs",
        meta_shacl=False,
        advanced=False,
    )
    assert isinstance(report, Graph)  # noqa: S101 - pyshacl's result graph
    return sorted(_findings(report), key=str)


def _findings(report: Graph) -> list[Finding]:
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = str(report.value(result, SH.resultSeverity) or "").rsplit("#", 1)[-1]
        messages = [str(m) for m in report.objects(result, SH.resultMessage)]
        found.append(Finding(
            severity,
            str(report.value(result, SH.focusNode)),
            str(report.value(result, SH.resultPath) or ""),
            min(messages, key=lambda m: (not m.isascii(), m)) if messages else "",
        ))  # fmt: skip
    return found
