"""SDMX data: SDMX-CSV 2.0 and SDMX-ML 2.1 StructureSpecific, written by our own writers.

sdmx1's data writers take ~19 s per 100,000 observations and their XML fails the XSD, so
both formats are written here, column-wise with numpy: each column's distinct texts are
rendered once, and every row is a few pieces (neighbouring columns rendered together)
that one ``str.join`` copies (:mod:`publisher.writers.sdmx_rows`), so no Python runs per
observation (pysdmx's writers do: ``bench/sdmx_writers.py``). The XML can be streamed
(:func:`write_xml`) rather than held whole. Every observation carries
``OBS_STATUS`` and ``CONF_STATUS``; a suppressed one has ``OBS_VALUE`` ``NaN``, status
``Q`` and confidentiality ``A``, and never a number. The data set level attributes
(``UNIT_MEASURE``, the family's unit from its spec, ``UNIT_MULT`` 0 and ``DECIMALS``) are
on the XML's data set and in every CSV row (SDMX-CSV has no other place for them), so
the CSV alone keeps the unit.
The XML's data set is typed by a schema for the dataflow (:func:`flow_schema`), written
beside it, as SDMX requires of structure-specific data; it imports SDMX's own schemas
from a folder beside it (:mod:`publisher.writers.sdmx_schemas`).
"""

from __future__ import annotations

import operator
import re
from functools import reduce
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from publisher.family.spec import spec_of
from publisher.merging.cube import (
    CONF_STATUS,
    FAMILY,
    OBS_STATUS,
    TIME_PERIOD,
    VALUE,
    Cube,
    number_text,
)
from publisher.writers.sdmx_rows import Observations as Observations  # the writers' input
from publisher.writers.sdmx_rows import constant_codes, factorised
from publisher.writers.sdmx_structure import FREQ, OBS_VALUE, Identity, dsd_dimensions

CSV_VERSION = "2.0"
FREQ_MONTHLY = "M"
ALL_DIMENSIONS = "AllDimensions"  # dimensionAtObservation: every observation with its full key
_OBSERVED = (OBS_VALUE, OBS_STATUS, CONF_STATUS)  # the columns that belong to an observation
UNIT_MEASURE, UNIT_MULT, DECIMALS = "UNIT_MEASURE", "UNIT_MULT", "DECIMALS"
DATA_SET_LEVEL = (UNIT_MEASURE, UNIT_MULT, DECIMALS)  # attributes of the whole data set
_SAFE = re.compile(r"^[A-Za-z0-9_@$\-]+$")  # SDMX IDType: nothing to escape in XML
_CHUNK = 65_536  # rows per piece of a streamed message
_XML_END = "</message:DataSet>\n</message:StructureSpecificData>\n"
NS = {
    "message": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message",
    "common": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common",
    "ss": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}


def observations(cube: Cube, family: str) -> Observations:
    """The family's observations: dimensions, time, value, statuses."""
    data = cube.data
    in_family = data[FAMILY].to_numpy(dtype=object) == family
    if not in_family.all():  # a release of one family need not copy its cube
        data = data[in_family]
    rows = len(data)
    columns: dict[str, tuple[np.ndarray[Any, Any], list[str]]] = {
        FREQ: (constant_codes(rows), [FREQ_MONTHLY])
    }
    spec = spec_of(family)
    for name in (*dsd_dimensions(spec.dimensions)[1:], TIME_PERIOD):
        columns[name] = factorised(data[name])
    values = data[VALUE].to_numpy(dtype=float, na_value=np.nan)
    # The data set's attributes before the observation's columns: a row still ends with
    # the value and its statuses (``…,NaN,Q,A``), as readers and greps of ours expect.
    every = constant_codes(rows)
    fractional = bool(np.any(values[values == values] % 1))
    unit, decimals = spec.measures.unit, str(int(fractional))
    for name, text in ((UNIT_MEASURE, unit), (UNIT_MULT, "0"), (DECIMALS, decimals)):
        columns[name] = (every, [text])
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    columns[OBS_VALUE] = (codes, _numbers(np.asarray(distinct, dtype=float)))
    columns[OBS_STATUS] = factorised(data[OBS_STATUS])
    columns[CONF_STATUS] = factorised(data[CONF_STATUS])
    for name, (_, texts) in columns.items():
        unsafe = [t for t in texts if not _SAFE.match(t)]
        if unsafe and name not in (OBS_VALUE, TIME_PERIOD):
            raise ValueError(f"{name} holds values that are not SDMX ids: {unsafe[:3]}")
    return Observations(columns, rows)


def _numbers(values: np.ndarray[Any, Any]) -> list[str]:
    """Values as text: counts without decimals, ``NaN`` where there is no value."""
    return ["NaN" if v != v else number_text(v) for v in values]


def csv_text(data: Observations, family: str, identity: Identity) -> str:
    """SDMX-CSV 2.0 for a dataflow: STRUCTURE, STRUCTURE_ID, ACTION, then the columns."""
    flow = f"{identity.agency}:{identity.flow_id(family)}({identity.version})"
    header = ",".join(["STRUCTURE", "STRUCTURE_ID", "ACTION", *data.names])
    lead = f"dataflow,{flow},I" + ("," if data.names else "")
    rows = data.pieces(_plain, ",", data.names, prefix=lead, suffix="\n")
    return _joined(f"{header}\n", rows, "")


def _joined(head: str, pieces: np.ndarray[Any, Any], tail: str) -> str:
    """``head``, the rows' pieces in order and ``tail`` as one text, copied once."""
    parts = pieces.ravel().tolist()
    parts.insert(0, head)
    parts.append(tail)
    return "".join(parts)


def _plain(name: str, text: str) -> str:
    return text


def _attribute(name: str, text: str) -> str:
    return f' {name}="{text}"'


def _flow_urn(family: str, identity: Identity, at: str = ALL_DIMENSIONS) -> str:
    flow = f"{identity.agency}:{identity.flow_id(family)}({identity.version})"
    return f"urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow={flow}:ObsLevelDim:{at}"


def _structure_id(family: str, identity: Identity) -> str:
    return f"{identity.agency}_{identity.flow_id(family)}_{identity.version.replace('.', '_')}"


def xml_text(
    data: Observations,
    family: str,
    identity: Identity,
    schema: str,
    at: str = ALL_DIMENSIONS,
    message_schema: str | None = None,
) -> str:
    """SDMX-ML 2.1 StructureSpecific data, with the dimension ``at`` at the observation.

    ``AllDimensions`` (the default) gives every observation with all its dimensions;
    a dimension's id groups the observations into series by the other dimensions.
    ``schema`` locates the dataflow's schema, ``message_schema`` (if given) SDMX's
    ``SDMXMessage.xsd``, in ``xsi:schemaLocation``.
    """
    pieces, closing = _body(data, at)
    head = _xml_head(data, family, identity, schema, at, message_schema)
    return _joined(head, pieces, closing + _XML_END)


def write_xml(
    data: Observations,
    family: str,
    identity: Identity,
    schema: str,
    out: BinaryIO,
    *,
    at: str = ALL_DIMENSIONS,
    message_schema: str | None = None,
) -> None:
    """The message :func:`xml_text` gives, written to ``out`` in UTF-8 a few MB at a time.

    The whole text is never held: a message of a million observations is ~300 MB.
    """
    pieces, closing = _body(data, at)
    out.write(_xml_head(data, family, identity, schema, at, message_schema).encode())
    for start in range(0, len(pieces), _CHUNK):
        out.write("".join(pieces[start : start + _CHUNK].ravel().tolist()).encode())
    out.write((closing + _XML_END).encode())


def _xml_head(
    data: Observations,
    family: str,
    identity: Identity,
    schema: str,
    at: str,
    message_schema: str | None,
) -> str:
    """The message up to the data set's opening tag."""
    urn = _flow_urn(family, identity, at)
    locations = f"{urn} {schema}"
    if message_schema is not None:
        locations = f"{NS['message']} {message_schema} {locations}"
    ref = _structure_id(family, identity)
    prepared = f"{identity.prepared.isoformat()}T00:00:00"
    flow = identity.flow_id(family)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<message:StructureSpecificData xmlns:message="{NS["message"]}"'
        f' xmlns:common="{NS["common"]}" xmlns:ss="{NS["ss"]}" xmlns:xsi="{NS["xsi"]}"'
        f' xmlns:ns1="{urn}" xsi:schemaLocation="{locations}">\n'
        "<message:Header>\n"
        f"<message:ID>{flow}</message:ID>\n<message:Test>false</message:Test>\n"
        f"<message:Prepared>{prepared}</message:Prepared>\n"
        f'<message:Sender id="{identity.agency}"/>\n'
        f'<message:Structure structureID="{ref}" namespace="{urn}"'
        f' dimensionAtObservation="{at}">\n'
        f'<common:StructureUsage><Ref agencyID="{identity.agency}" id="{flow}"'
        f' version="{identity.version}"/></common:StructureUsage>\n'
        "</message:Structure>\n</message:Header>\n"
        f'<message:DataSet ss:structureRef="{ref}" xsi:type="ns1:DataSetType"'
        f' ss:dataScope="DataStructure" ss:action="Information"{_data_set_attributes(data)}>\n'
    )


def _data_set_attributes(data: Observations) -> str:
    """The data set level attributes as XML attributes (the data's own, else UNIT_MULT 0)."""
    values = {UNIT_MEASURE: "", UNIT_MULT: "0"}
    for name in DATA_SET_LEVEL:
        if name in data.columns and data.rows:
            values[name] = data.columns[name][1][int(data.columns[name][0][0])]
    return "".join(_attribute(name, text) for name, text in values.items() if text)


def _observed(data: Observations) -> list[str]:
    """The columns that go on an observation or a series: all but the data set's."""
    return [n for n in data.names if n not in DATA_SET_LEVEL]


def _body(data: Observations, at: str) -> tuple[np.ndarray[Any, Any], str]:
    """The data set's content as rows of pieces (see :meth:`Observations.pieces`).

    Then what closes the last series, if the layout has series.
    """
    if at == ALL_DIMENSIONS:
        return data.pieces(_attribute, "", _observed(data), prefix="<Obs", suffix="/>\n"), ""
    return _series(data, at), "</Series>\n" if data.rows else ""


def _series(data: Observations, at: str) -> np.ndarray[Any, Any]:
    """Observations grouped by series: ``<Series key…><Obs at… value…/>…</Series>``.

    Each row's first piece opens its series if the row is the series' first (and closes
    the one before), else is empty.
    """
    keys = [n for n in _observed(data) if n not in (at, *_OBSERVED)]
    key = data.series_key(keys)
    order = np.argsort(key, kind="stable")
    firsts = np.flatnonzero(np.diff(key[order], prepend=-1))
    heads = data.pieces(_attribute, "", keys, prefix="<Series", suffix=">\n", at=order[firsts])
    opening = np.full(data.rows, "", dtype=object)
    opening[firsts] = reduce(operator.add, heads.T)
    opening[firsts[1:]] = "</Series>\n" + opening[firsts[1:]]
    observations = data.pieces(
        _attribute, "", [at, *_OBSERVED], prefix="<Obs", suffix="/>\n", at=order
    )
    return np.column_stack([opening, observations])


def flow_schema(
    data: Observations,
    family: str,
    identity: Identity,
    sdmx_schemas: str = "",
    at: str = ALL_DIMENSIONS,
) -> str:
    """The XML schema of the dataflow's structure-specific data, for the layout ``at``.

    ``sdmx_schemas`` prefixes the SDMX schemas' file names (``SDMXCommon.xsd`` …): by
    default they are expected beside this schema, as SDMX distributes them.
    """
    urn = _flow_urn(family, identity, at)
    dimensions = [c for c in data.names if c not in (*_OBSERVED, *DATA_SET_LEVEL)]
    if at == ALL_DIMENSIONS:
        content, on_obs, types = _element("Obs", "ObsType"), dimensions, ""
    else:
        on_series = [d for d in dimensions if d != at]
        content, on_obs = _element("Series", "SeriesType"), [at]
        types = _restriction(
            "SeriesType",
            _element("Obs", "ObsType"),
            '<xs:attribute name="REPORTING_YEAR_START_DAY" type="xs:gMonthDay" use="prohibited"/>'
            + "".join(_attribute_type(d, "required") for d in on_series)
            + ("" if TIME_PERIOD in on_series else _attribute_type(TIME_PERIOD, "prohibited")),
        )
    observation = (
        '<xs:attribute name="type" type="common:IDType" use="prohibited"/>'
        '<xs:attribute name="REPORTING_YEAR_START_DAY" type="xs:gMonthDay" use="prohibited"/>'
        + "".join(_attribute_type(d, "required") for d in on_obs)
        + ("" if TIME_PERIOD in on_obs else _attribute_type(TIME_PERIOD, "prohibited"))
        + '<xs:attribute name="OBS_VALUE" type="xs:double" use="optional"/>'
        '<xs:attribute name="OBS_STATUS" type="common:IDType" use="required"/>'
        '<xs:attribute name="CONF_STATUS" type="common:IDType" use="optional"/>'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="{urn}"'
        f' targetNamespace="{urn}" xmlns:common="{NS["common"]}" xmlns:ss="{NS["ss"]}"'
        ' elementFormDefault="qualified" attributeFormDefault="unqualified">\n'
        f'<xs:import namespace="{NS["common"]}" schemaLocation="{sdmx_schemas}SDMXCommon.xsd"/>\n'
        f'<xs:import namespace="{NS["ss"]}"'
        f' schemaLocation="{sdmx_schemas}SDMXDataStructureSpecific.xsd"/>\n'
        + _restriction(
            "DataSetType",
            '<xs:element name="DataProvider" type="common:DataProviderReferenceType"'
            ' form="unqualified" minOccurs="0"/>' + content,
            '<xs:attribute name="UNIT_MEASURE" type="common:IDType" use="optional"/>'
            '<xs:attribute name="UNIT_MULT" type="common:IDType" use="optional"/>'
            '<xs:attribute name="DECIMALS" type="common:IDType" use="optional"/>',
        )
        + types
        + _restriction("ObsType", "", observation)
        + "</xs:schema>\n"
    )


def _restriction(name: str, elements: str, attributes: str) -> str:
    """A complex type restricting the SDMX base type of the same name."""
    return (
        f'<xs:complexType name="{name}"><xs:complexContent>'
        f'<xs:restriction base="ss:{name}"><xs:sequence>'
        f'<xs:element ref="common:Annotations" minOccurs="0"/>{elements}</xs:sequence>'
        f"{attributes}</xs:restriction></xs:complexContent></xs:complexType>\n"
    )


def _element(name: str, type_name: str) -> str:
    return (
        f'<xs:element name="{name}" type="{type_name}" form="unqualified" minOccurs="0"'
        ' maxOccurs="unbounded"/>'
    )


def _attribute_type(name: str, use: str) -> str:
    kind = "common:ObservationalTimePeriodType" if name == TIME_PERIOD else "common:IDType"
    return f'<xs:attribute name="{name}" type="{kind}" use="{use}"/>'
