"""The SDMX-ML 2.1 Structure message: codelists, concepts, one DSD, a dataflow per family.

Built with sdmx1's information model and writer. Two things sdmx1 needs for XSD-valid
output: ``is_external_reference=False`` on every maintainable, and explicit ids on the
DSD's descriptors. The message stands on its own: every codelist it refers to is in it,
the SDMX cross-domain ones (CL_FREQ, CL_OBS_STATUS, CL_CONF_STATUS …) under their own
agencies. Each report family has one DSD and one concept scheme, named in its spec (its
reports share their dimensions); each report gets a dataflow of its family's DSD, whose
observations include every table of the report (a table is a slice with the other
dimensions at their totals).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TypedDict

import sdmx
from sdmx import message
from sdmx.model import common
from sdmx.model import v21 as m

from publisher.family.spec import ReportSpec, spec_of
from publisher.mapping.codelists import codelist, for_dimension
from publisher.model import Codelist
from publisher.writers.layout import flow_id
from publisher.writers.tables import latest

FREQ = "FREQ"
TIME_PERIOD = "TIME_PERIOD"
OBS_VALUE = "OBS_VALUE"
OBS_ATTRIBUTES = ("OBS_STATUS", "CONF_STATUS")
DATASET_ATTRIBUTES = ("UNIT_MEASURE", "UNIT_MULT", "DECIMALS")
# Concepts that SDMX's cross-domain concept scheme has, by their id there.
_CROSS_DOMAIN = {"FREQ", "REF_AREA", "SEX", "AGE", "EDUCATION_LEV", "TIME_PERIOD",
                 "OBS_VALUE", "OBS_STATUS", "CONF_STATUS", "UNIT_MEASURE", "UNIT_MULT",
                 "DECIMALS"}  # fmt: skip
_CONCEPT_NAMES = {
    FREQ: ("Frekvens", "Frequency"),
    TIME_PERIOD: ("Tidsperiode", "Time period"),
    OBS_VALUE: ("Observasjonsverdi", "Observation value"),
    "OBS_STATUS": ("Observasjonsstatus", "Observation status"),
    "CONF_STATUS": ("Konfidensialitetsstatus", "Confidentiality status"),
    "UNIT_MEASURE": ("Måleenhet", "Unit of measure"),
    "UNIT_MULT": ("Enhetsmultiplikator", "Unit multiplier"),
    "DECIMALS": ("Desimaler", "Decimals"),
}
_ATTRIBUTE_LISTS = {"OBS_STATUS": "CL_OBS_STATUS", "CONF_STATUS": "CL_CONF_STATUS",
                    "UNIT_MEASURE": "CL_UNIT_MEASURE", FREQ: "CL_FREQ"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Identity:
    """Who maintains the structures and which version they are."""

    agency: str = "NAV"
    version: str = "1.0"
    prepared: date = date(2026, 1, 1)  # from the reports: no wall-clock time in a release

    def flow_id(self, family: str) -> str:
        """The dataflow id of a report family."""
        return flow_id(family)


def dsd_dimensions(dimensions: tuple[str, ...]) -> tuple[str, ...]:
    """The DSD's dimensions in order: FREQ, the cube's, MEASURE (TIME_PERIOD comes last)."""
    return (FREQ, *dimensions, "MEASURE")


class _Maintained(TypedDict):
    maintainer: common.Agency
    version: str
    is_final: bool
    is_external_reference: bool


class _Builder:
    def __init__(self, identity: Identity) -> None:
        self.identity = identity
        self.agencies: dict[str, common.Agency] = {}
        self.codelists: dict[str, m.Codelist] = {}

    def agency(self, agency_id: str) -> common.Agency:
        if agency_id not in self.agencies:
            self.agencies[agency_id] = common.Agency(id=agency_id)
        return self.agencies[agency_id]

    def maintained(self, agency_id: str | None = None, version: str | None = None) -> _Maintained:
        return {
            "maintainer": self.agency(agency_id or self.identity.agency),
            "version": version or self.identity.version,
            "is_final": True,
            "is_external_reference": False,
        }

    def codelist(self, source: Codelist) -> m.Codelist:
        if source.id in self.codelists:
            return self.codelists[source.id]
        ours = source.agency == "PUBLISHER"  # our own lists: the release's agency
        cl = m.Codelist(
            id=source.id,
            name=_names(source.names),
            **self.maintained(None if ours else source.agency, None if ours else source.version),
        )
        cl.urn = sdmx.urn.make(cl)  # a concept's core representation refers to it by URN
        for code_id in dict.fromkeys(c.id for c in source.codes):
            code = latest(source, code_id)
            cl.append(m.Code(id=code.id, name=_names(code.names)))
        for code_id in dict.fromkeys(c.id for c in source.codes):
            parent = latest(source, code_id).parent
            if parent is not None:
                cl[code_id].parent = cl[parent]
                cl[parent].append_child(cl[code_id])
        self.codelists[source.id] = cl
        return cl


def _names(names: dict[str, str]) -> dict[str, str]:
    return {lang: text for lang, text in names.items() if text}


def structure_message(families: dict[str, str], identity: Identity) -> bytes:
    """The Structure message for these reports (id → title) as SDMX-ML 2.1.

    Each report family (by its spec) has its concept scheme and DSD; each report a
    dataflow of its family's DSD.
    """
    builder = _Builder(identity)
    specs = {report: spec_of(report) for report in sorted(families)}
    dsds = {}
    msg_parts: list[m.ConceptScheme | m.DataStructureDefinition] = []
    for spec in {s.family: s for s in specs.values()}.values():
        concepts, dsd = _structures(builder, spec)
        msg_parts += [concepts, dsd]
        dsds[spec.family] = dsd

    header = message.Header(
        id=f"STRUCTURE_{identity.agency}",
        test=False,
        prepared=datetime(identity.prepared.year, identity.prepared.month, identity.prepared.day),
        sender=builder.agency(identity.agency),
    )
    msg = message.StructureMessage(header=header)
    for cl in builder.codelists.values():
        msg.add(cl)
    for part in msg_parts:
        msg.add(part)
    for family, title in sorted(families.items()):
        msg.add(
            m.DataflowDefinition(
                id=identity.flow_id(family),
                name={"nb": f"{family} {title}"},
                structure=dsds[specs[family].family],
                **builder.maintained(),
            )
        )
    xml: bytes = sdmx.to_xml(msg, pretty_print=True)
    return xml


def _structures(
    builder: _Builder, spec: ReportSpec
) -> tuple[m.ConceptScheme, m.DataStructureDefinition]:
    """A family's concept scheme and DSD: FREQ, its dimensions, MEASURE, TIME_PERIOD."""
    dimensions = spec.dimensions
    coded = {d: for_dimension(d) for d in (*dimensions, "MEASURE")}
    coded[FREQ] = codelist("CL_FREQ")
    concepts = m.ConceptScheme(
        id=spec.structure.concepts,
        name=spec.structure.concepts_name.as_dict(),
        **builder.maintained(),
    )
    for concept_id in (*dsd_dimensions(dimensions), TIME_PERIOD, OBS_VALUE, *OBS_ATTRIBUTES,
                       *DATASET_ATTRIBUTES):  # fmt: skip
        nb, en = _CONCEPT_NAMES.get(concept_id) or (
            coded[concept_id].names["nb"],
            coded[concept_id].names["en"],
        )
        concept = m.Concept(id=concept_id, name={"nb": nb, "en": en})
        if concept_id in _CROSS_DOMAIN:
            concept.description = {"en": f"SDMX cross-domain concept {concept_id}"}
        concepts.append(concept)

    dsd = m.DataStructureDefinition(
        id=spec.structure.dsd,
        name=spec.structure.dsd_name.as_dict(),
        **builder.maintained(),
    )
    dsd.dimensions.id, dsd.attributes.id, dsd.measures.id = (
        "DimensionDescriptor", "AttributeDescriptor", "MeasureDescriptor"
    )  # fmt: skip
    for order, dim_id in enumerate(dsd_dimensions(dimensions), start=1):
        dsd.dimensions.getdefault(
            dim_id,
            concept_identity=concepts[dim_id],
            local_representation=common.Representation(enumerated=builder.codelist(coded[dim_id])),
            order=order,
        )
    dsd.dimensions.getdefault(
        TIME_PERIOD,
        cls=m.TimeDimension,
        concept_identity=concepts[TIME_PERIOD],
        order=len(dsd.dimensions) + 1,
        local_representation=common.Representation(
            non_enumerated=[common.Facet(value_type=common.FacetValueType.observationalTimePeriod)]
        ),
    )
    dsd.measures.getdefault(OBS_VALUE, concept_identity=concepts[OBS_VALUE])
    for attr_id in OBS_ATTRIBUTES:
        dsd.attributes.getdefault(
            attr_id,
            concept_identity=concepts[attr_id],
            local_representation=common.Representation(
                enumerated=builder.codelist(codelist(_ATTRIBUTE_LISTS[attr_id]))
            ),
            related_to=m.PrimaryMeasureRelationship(),
            usage_status=common.UsageStatus.mandatory
            if attr_id == "OBS_STATUS"
            else common.UsageStatus.conditional,
        )
    for attr_id in DATASET_ATTRIBUTES:
        representation = (
            common.Representation(enumerated=builder.codelist(codelist(_ATTRIBUTE_LISTS[attr_id])))
            if attr_id in _ATTRIBUTE_LISTS
            else common.Representation(
                non_enumerated=[common.Facet(value_type=common.FacetValueType.integer)]
            )
        )
        # sdmx1's reader looks at the concept's core representation of a data set attribute.
        concepts[attr_id].core_representation = representation
        dsd.attributes.getdefault(
            attr_id,
            concept_identity=concepts[attr_id],
            local_representation=representation,
            related_to=m.NoSpecifiedRelationship(),
            usage_status=common.UsageStatus.conditional,
        )
    return concepts, dsd
