"""An SDMX REST data answer: which rows, in which format, with how much detail.

Rows are chosen from the release's SDMX-CSV rows by key and periods (see
:mod:`publisher.serve.sdmx_periods`), and written by the writers of their format:
SDMX-ML 2.1 Generic (the standard's default for ``application/xml`` and ``*/*``),
StructureSpecific, or SDMX-CSV 2.0. ``detail=dataonly`` leaves the attributes out: the
CSV and the generic writer are given no attribute columns; the structure-specific
writer types its attributes in the dataflow's schema, so its message loses them
afterwards and points at a schema where they are optional.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from publisher.serve.http import bad_request
from publisher.serve.negotiation import Offer, negotiate
from publisher.serve.sdmx_generic import ATTRIBUTES, SDMX_GENERIC, generic_xml
from publisher.writers.layout import SDMX_CSV, SDMX_DATA
from publisher.writers.sdmx_data import ALL_DIMENSIONS, Observations, csv_text
from publisher.writers.sdmx_data import xml_text as structure_specific_xml
from publisher.writers.sdmx_structure import Identity

DATA_OFFERS = {
    "application/vnd.sdmx.genericdata+xml": Offer(SDMX_GENERIC, "2.1"),
    "application/vnd.sdmx.structurespecificdata+xml": Offer(SDMX_DATA, "2.1"),
    "application/vnd.sdmx.data+csv": Offer(SDMX_CSV, "2.0.0"),
    "text/csv": Offer(SDMX_CSV),
    "application/xml": Offer(SDMX_GENERIC),
    "text/xml": Offer(SDMX_GENERIC),
    "application/*": Offer(SDMX_GENERIC),
    "*/*": Offer(SDMX_GENERIC),
}
FORMATS = {
    "csv": SDMX_CSV,
    "sdmx-csv": SDMX_CSV,
    "genericdata": SDMX_GENERIC,
    "structurespecificdata": SDMX_DATA,
    "xml": SDMX_GENERIC,
    "sdmx-ml": SDMX_GENERIC,
}


@dataclass(frozen=True, slots=True)
class Layout:
    """How a data message is laid out: by what, with which attributes, where its schemas are."""

    at: str  # dimensionAtObservation
    dataonly: bool  # detail=dataonly: no attributes
    flow_schema: str  # the URL of the dataflow's schema for this layout
    sdmx_schemas: str  # the URL the SDMX 2.1 schemas are under


def media_type(accept: str | None, params: dict[str, str]) -> str:
    """The format: by ``format``, else by ``Accept``; generic data by default."""
    if "format" in params:
        try:
            return FORMATS[params["format"]]
        except KeyError:
            raise bad_request("format", f"one of {', '.join(FORMATS)}") from None
    return negotiate(accept, DATA_OFFERS, "SDMX-ML 2.1 or SDMX-CSV 2.0")


def render(rows: pd.DataFrame, kind: str, family: str, identity: Identity, layout: Layout) -> str:
    """The rows (SDMX-CSV columns after its own three) in the format ``kind``."""
    dropped = [c for c in ATTRIBUTES if c in rows.columns] if layout.dataonly else []
    if kind == SDMX_CSV:
        return csv_text(Observations.from_frame(rows.drop(columns=dropped)), family, identity)
    if kind == SDMX_GENERIC:
        data = Observations.from_frame(rows.drop(columns=dropped))
        return generic_xml(data, family, identity, layout.sdmx_schemas, layout.at)
    text = structure_specific_xml(
        Observations.from_frame(rows),
        family,
        identity,
        layout.flow_schema.replace("&", "&amp;"),
        layout.at,
        f"{layout.sdmx_schemas}SDMXMessage.xsd",
    )
    return strip_attributes(text) if layout.dataonly else text


def strip_attributes(text: str) -> str:
    """Structure-specific data without its attributes, the observations' and the set's."""
    names = "|".join(map(re.escape, ATTRIBUTES))
    return re.sub(rf' (?:{names})="[^"<>]*"', "", text)


def optional_attributes(schema: str) -> str:
    """A dataflow's schema in which no attribute is required (for ``dataonly`` data)."""
    return schema.replace(
        '<xs:attribute name="OBS_STATUS" type="common:IDType" use="required"/>',
        '<xs:attribute name="OBS_STATUS" type="common:IDType" use="optional"/>',
    )


def layout_schema(base: str, where: str, at: str, dataonly: bool) -> str:
    """The URL of the schema a structure-specific message of this layout is typed by."""
    url = f"{base}rest/schema/dataflow/{where}?dimensionAtObservation={at}"
    return url + "&detail=dataonly" if dataonly else url


__all__ = ["ALL_DIMENSIONS", "Layout", "layout_schema", "media_type", "render"]
