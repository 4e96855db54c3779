"""SDMX-ML 2.1 Generic data, the SDMX REST default for ``application/xml``.

Written from the same :class:`~publisher.writers.sdmx_data.Observations` the release's
structure-specific writer takes, and in the same way: each distinct text of a column is
rendered once and rows are joined, so a slice costs what its rows cost. Generic data
needs no schema of the dataflow (every value names its component), which is why the
standard makes it the default. A suppressed observation is ``NaN`` with ``Q`` and ``A``,
as in every other format. It belongs with the writers (``publisher/writers/``); it is
here until that package takes it.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from publisher.merging.cube import CONF_STATUS, OBS_STATUS, TIME_PERIOD
from publisher.writers.sdmx_data import (
    ALL_DIMENSIONS,
    DATA_SET_LEVEL,
    NS,
    UNIT_MEASURE,
    UNIT_MULT,
    Observations,
)
from publisher.writers.sdmx_structure import OBS_VALUE, Identity

SDMX_GENERIC = "application/vnd.sdmx.genericdata+xml;version=2.1"
GENERIC_NS = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic"
OBSERVATION_ATTRIBUTES = (OBS_STATUS, CONF_STATUS)
ATTRIBUTES = (*OBSERVATION_ATTRIBUTES, *DATA_SET_LEVEL)  # every attribute of the data


def generic_xml(
    data: Observations, family: str, identity: Identity, schemas: str, at: str = TIME_PERIOD
) -> str:
    """Generic data: series keyed by every dimension but ``at``, or flat for ``AllDimensions``.

    The attributes are those ``data`` has columns for (none for ``dataonly``): the data
    set's (``UNIT_MEASURE`` …, as the structure-specific writer gives them) once, the
    observations' on each. ``schemas``: where ``SDMXMessage.xsd`` is.
    """
    flow = identity.flow_id(family)
    ref = f"{identity.agency}_{flow}_{identity.version.replace('.', '_')}"
    dimensions = [n for n in data.names if n not in (OBS_VALUE, *ATTRIBUTES)]
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<message:GenericData xmlns:message="{NS["message"]}" xmlns:common="{NS["common"]}"'
        f' xmlns:generic="{GENERIC_NS}" xmlns:xsi="{NS["xsi"]}"'
        f' xsi:schemaLocation="{NS["message"]} {schemas}SDMXMessage.xsd">\n'
        "<message:Header>\n"
        f"<message:ID>{flow}</message:ID>\n<message:Test>false</message:Test>\n"
        f"<message:Prepared>{identity.prepared.isoformat()}T00:00:00</message:Prepared>\n"
        f'<message:Sender id="{identity.agency}"/>\n'
        f'<message:Structure structureID="{ref}" dimensionAtObservation="{at}">\n'
        f'<common:StructureUsage><Ref agencyID="{identity.agency}" id="{flow}"'
        f' version="{identity.version}"/></common:StructureUsage>\n'
        "</message:Structure>\n</message:Header>\n"
        f'<message:DataSet structureRef="{ref}" action="Information">\n'
        f"{_data_set_attributes(data)}"
    )
    observed = _observed(data, [n for n in OBSERVATION_ATTRIBUTES if n in data.columns])
    if at == ALL_DIMENSIONS:
        keys = data.lines(_value, "", names=dimensions)
        body = "".join(
            f"<generic:Obs><generic:ObsKey>{k}</generic:ObsKey>{o}</generic:Obs>\n"
            for k, o in zip(keys, observed, strict=True)
        )
    else:
        body = _series(data, [d for d in dimensions if d != at], at, observed)
    return head + body + "</message:DataSet>\n</message:GenericData>\n"


def _data_set_attributes(data: Observations) -> str:
    """The data set's attributes (the data's own, else UNIT_MULT 0), if it has any."""
    if not any(name in data.columns for name in DATA_SET_LEVEL):
        return ""
    values = {UNIT_MEASURE: "", UNIT_MULT: "0"}
    for name in DATA_SET_LEVEL:
        if name in data.columns and data.rows:
            codes, texts = data.columns[name]
            values[name] = texts[int(codes[0])]
    held = "".join(_value(name, text) for name, text in values.items() if text)
    return f"<generic:Attributes>{held}</generic:Attributes>\n"


def _series(data: Observations, keys: list[str], at: str, observed: list[str]) -> str:
    heads = list(data.lines(_value, "", names=keys))
    positions = list(data.lines(_obs_dimension, "", names=[at]))
    parts, current = [], None
    for row in data.series_order(keys).tolist():
        if heads[row] != current:
            closing = "</generic:Series>\n" if current is not None else ""
            parts.append(
                f"{closing}<generic:Series><generic:SeriesKey>{heads[row]}</generic:SeriesKey>\n"
            )
            current = heads[row]
        parts.append(f"<generic:Obs>{positions[row]}{observed[row]}</generic:Obs>\n")
    if current is not None:
        parts.append("</generic:Series>\n")
    return "".join(parts)


def _observed(data: Observations, attributes: list[str]) -> list[str]:
    """Each row's ``ObsValue`` and, if any, its ``Attributes``."""
    values = data.lines(_obs_value, "", names=[OBS_VALUE])
    if not attributes:
        return list(values)
    held = data.lines(_value, "", names=attributes)
    return [
        f"{v}<generic:Attributes>{a}</generic:Attributes>"
        for v, a in zip(values, held, strict=True)
    ]


def _value(name: str, text: str) -> str:
    return f"<generic:Value id={quoteattr(name)} value={quoteattr(text)}/>"


def _obs_dimension(name: str, text: str) -> str:
    return f"<generic:ObsDimension value={quoteattr(text)}/>"


def _obs_value(name: str, text: str) -> str:
    return f"<generic:ObsValue value={quoteattr(text)}/>"
