"""The release's SDMX structures as a graph of references, for ``references=``.

A dataflow refers to its data structure; a data structure to its concept schemes and
codelists; a concept scheme to the codelists of its concepts' core representations. The
graph is built once from the structure message and answers which artefacts a query
matches and which others its ``references`` parameter adds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sdmx.message import StructureMessage
from sdmx.model import common

from publisher.serve.http import bad_request

# The REST resource names, and the message's collection of each.
KINDS = {
    "dataflow": "dataflow",
    "datastructure": "structure",
    "conceptscheme": "concept_scheme",
    "codelist": "codelist",
}
REFERENCES = ("none", "parents", "parentsandsiblings", "children", "descendants", "all")
Key = tuple[str, str]  # (resource, id)


class Graph:
    """The maintainable artefacts of a structure message and what each refers to."""

    def __init__(self, message: StructureMessage) -> None:
        self.artefacts: dict[Key, common.MaintainableArtefact] = {
            (kind, artefact_id): artefact
            for kind, field in KINDS.items()
            for artefact_id, artefact in getattr(message, field).items()
        }
        self.children: dict[Key, list[Key]] = {key: [] for key in self.artefacts}
        for key, artefact in self.artefacts.items():
            self.children[key] = [c for c in self._refers_to(artefact) if c != key]
        self.parents: dict[Key, list[Key]] = {key: [] for key in self.artefacts}
        for key, children in self.children.items():
            for child in children:
                self.parents[child].append(key)

    def _refers_to(self, artefact: common.MaintainableArtefact) -> list[Key]:
        found: list[Key] = []
        if isinstance(artefact, common.BaseDataflow):
            found.append(("datastructure", artefact.structure.id))
        elif isinstance(artefact, common.BaseDataStructureDefinition):
            for component in _components(artefact):
                found += self._concept(component.concept_identity)
                found += self._codelist(component.local_representation)
        elif isinstance(artefact, common.ConceptScheme):
            for concept in artefact.items.values():
                found += self._codelist(concept.core_representation)
        return [k for k in dict.fromkeys(found) if k in self.artefacts]

    def _concept(self, concept: common.Concept | None) -> list[Key]:
        if concept is None:
            return []
        return [
            key
            for key, scheme in self.artefacts.items()
            if isinstance(scheme, common.ConceptScheme) and concept.id in scheme.items
        ]

    def _codelist(self, representation: common.Representation | None) -> list[Key]:
        enumerated = getattr(representation, "enumerated", None)
        return [] if enumerated is None else [("codelist", enumerated.id)]

    def find(
        self, kind: str, agency: str, artefact_id: str, version: str
    ) -> list[common.MaintainableArtefact]:
        """The artefacts of ``kind`` that match; ``all`` and ``latest`` match any.

        Each part may name several, joined by ``+`` (``CL_REGION+CL_TILTAK``).
        """
        ids, agencies, versions = (set(part.split("+")) for part in (artefact_id, agency, version))
        return [
            artefact
            for (k, i), artefact in self.artefacts.items()
            if k == kind
            and ({"all", i} & ids)
            and ({"all", getattr(artefact.maintainer, "id", None)} & agencies)
            and ({"all", "latest", str(artefact.version)} & versions)
        ]

    def with_references(
        self, found: list[common.MaintainableArtefact], references: str
    ) -> list[common.MaintainableArtefact]:
        """``found`` and the artefacts ``references`` adds, each once."""
        keys = [k for k, a in self.artefacts.items() if any(a is f for f in found)]
        if references in KINDS:
            related = [*self._walk(keys, self.children), *self._walk(keys, self.parents)]
            extra = [k for k in related if k[0] == references]
        elif references in REFERENCES:
            extra = self._related(keys, references)
        else:
            options = ", ".join((*REFERENCES, *KINDS))
            raise bad_request("references", f"one of {options}")
        return [self.artefacts[k] for k in dict.fromkeys([*keys, *extra])]

    def _related(self, keys: list[Key], references: str) -> list[Key]:
        parents = [p for k in keys for p in self.parents[k]]
        if references == "parents":
            return parents
        siblings = [c for p in parents for c in self.children[p]]
        if references == "parentsandsiblings":
            return [*parents, *siblings]
        if references == "children":
            return [c for k in keys for c in self.children[k]]
        if references == "descendants":
            return list(self._walk(keys, self.children))
        if references == "all":
            return [*parents, *siblings, *self._walk(keys, self.children)]
        return []

    def _walk(self, keys: Iterable[Key], edges: dict[Key, list[Key]]) -> Iterator[Key]:
        seen: set[Key] = set(keys)
        todo = list(keys)
        while todo:
            for nxt in edges[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
                    yield nxt

    def codes(self, dimension: str) -> frozenset[str]:
        """The codes a dimension of the data structures may take."""
        for artefact in self.artefacts.values():
            if not isinstance(artefact, common.BaseDataStructureDefinition):
                continue
            for component in artefact.dimensions.components:
                if component.id == dimension:
                    cl = getattr(component.local_representation, "enumerated", None)
                    return frozenset(cl.items) if cl is not None else frozenset()
        return frozenset()


def _components(dsd: common.BaseDataStructureDefinition[Any, Any, Any]) -> Iterator[Any]:
    """Every component: dimensions, attributes and the primary measure."""
    for group in (dsd.dimensions, dsd.attributes, getattr(dsd, "measures", None)):
        yield from getattr(group, "components", ())
