"""SDMX data: SDMX-CSV 2.0 and SDMX-ML 2.1 StructureSpecific, written by our own writers.

sdmx1's data writers take ~19 s per 100,000 observations and their XML fails the XSD, so
both formats are written here, column-wise with pandas. Every observation carries
``OBS_STATUS`` and ``CONF_STATUS``; a suppressed one has ``OBS_VALUE`` ``NaN``, status
``Q`` and confidentiality ``A``, and never a number. The XML's data set is typed by a
schema for the dataflow (:func:`flow_schema`), written beside it, as SDMX requires of
structure-specific data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from publisher.cube import CONF_STATUS, FAMILY, OBS_STATUS, TIME_PERIOD, VALUE, Cube, number_text
from publisher.writers.sdmx_structure import FREQ, OBS_VALUE, Identity, dsd_dimensions

CSV_VERSION = "2.0"
MONTHLY = "M"
_SAFE = re.compile(r"^[A-Za-z0-9_@$\-]+$")  # SDMX IDType: nothing to escape in XML
NS = {
    "message": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message",
    "common": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common",
    "ss": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}


@dataclass(frozen=True, slots=True)
class Observations:
    """A family's observations column by column, in DSD order with the attributes last.

    Each column is its distinct texts and, per row, the index of its text: the writers
    render each distinct value once, however many rows carry it.
    """

    columns: dict[str, tuple[np.ndarray[Any, Any], list[str]]]
    rows: int

    @property
    def names(self) -> list[str]:
        """The column names in order."""
        return list(self.columns)

    def texts(self, name: str) -> list[str]:
        """Every row's text in one column."""
        codes, texts = self.columns[name]
        return np.asarray(texts, dtype=object)[codes].tolist()  # type: ignore[no-any-return]

    def lines(
        self, render: Callable[[str, str], str], separator: str, lead: str | None = None
    ) -> Iterator[str]:
        """Each row as its columns' rendered texts joined by ``separator``, after ``lead``."""
        parts: list[list[str]] = [] if lead is None else [[lead] * self.rows]
        for name, (codes, texts) in self.columns.items():
            rendered = np.asarray([render(name, text) for text in texts], dtype=object)
            parts.append(rendered[codes].tolist())
        return map(separator.join, zip(*parts, strict=True))


def observations(cube: Cube, family: str) -> Observations:
    """The family's observations: dimensions, time, value, statuses."""
    data = cube.data[cube.data[FAMILY] == family]
    rows = len(data)
    columns: dict[str, tuple[np.ndarray[Any, Any], list[str]]] = {
        FREQ: (np.zeros(rows, dtype=np.int64), [MONTHLY])
    }
    for name in (*dsd_dimensions(cube.dimensions)[1:], TIME_PERIOD):
        columns[name] = _factorised(data[name])
    values = data[VALUE].to_numpy(dtype=float, na_value=np.nan)
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    columns[OBS_VALUE] = (codes, _numbers(np.asarray(distinct, dtype=float)))
    columns[OBS_STATUS] = _factorised(data[OBS_STATUS])
    columns[CONF_STATUS] = _factorised(data[CONF_STATUS])
    for name, (_, texts) in columns.items():
        unsafe = [t for t in texts if not _SAFE.match(t)]
        if unsafe and name not in (OBS_VALUE, TIME_PERIOD):
            raise ValueError(f"{name} holds values that are not SDMX ids: {unsafe[:3]}")
    return Observations(columns, rows)


def _factorised(column: pd.Series) -> tuple[np.ndarray[Any, Any], list[str]]:
    codes, distinct = pd.factorize(column)
    return np.asarray(codes), [str(text) for text in distinct]


def _numbers(values: np.ndarray[Any, Any]) -> list[str]:
    """Values as text: counts without decimals, ``NaN`` where there is no value."""
    return ["NaN" if v != v else number_text(v) for v in values]


def csv_text(data: Observations, family: str, identity: Identity) -> str:
    """SDMX-CSV 2.0 for a dataflow: STRUCTURE, STRUCTURE_ID, ACTION, then the columns."""
    flow = f"{identity.agency}:{identity.flow_id(family)}({identity.version})"
    header = ",".join(["STRUCTURE", "STRUCTURE_ID", "ACTION", *data.names])
    body = "\n".join(data.lines(_plain, ",", lead=f"dataflow,{flow},I"))
    return f"{header}\n{body}\n" if data.rows else f"{header}\n"


def _plain(name: str, text: str) -> str:
    return text


def _attribute(name: str, text: str) -> str:
    return f' {name}="{text}"'


def _flow_urn(family: str, identity: Identity) -> str:
    flow = f"{identity.agency}:{identity.flow_id(family)}({identity.version})"
    return f"urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow={flow}:ObsLevelDim:AllDimensions"


def _structure_id(family: str, identity: Identity) -> str:
    return f"{identity.agency}_{identity.flow_id(family)}_{identity.version.replace('.', '_')}"


def xml_text(data: Observations, family: str, identity: Identity, schema: str) -> str:
    """SDMX-ML 2.1 StructureSpecific data, every observation with all its dimensions."""
    urn = _flow_urn(family, identity)
    ref = _structure_id(family, identity)
    prepared = f"{identity.prepared.isoformat()}T00:00:00"
    flow = identity.flow_id(family)
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<message:StructureSpecificData xmlns:message="{NS["message"]}"'
        f' xmlns:common="{NS["common"]}" xmlns:ss="{NS["ss"]}" xmlns:xsi="{NS["xsi"]}"'
        f' xmlns:ns1="{urn}" xsi:schemaLocation="{urn} {schema}">\n'
        "<message:Header>\n"
        f"<message:ID>{flow}</message:ID>\n<message:Test>false</message:Test>\n"
        f"<message:Prepared>{prepared}</message:Prepared>\n"
        f'<message:Sender id="{identity.agency}"/>\n'
        f'<message:Structure structureID="{ref}" namespace="{urn}"'
        ' dimensionAtObservation="AllDimensions">\n'
        f'<common:StructureUsage><Ref agencyID="{identity.agency}" id="{flow}"'
        f' version="{identity.version}"/></common:StructureUsage>\n'
        "</message:Structure>\n</message:Header>\n"
        f'<message:DataSet ss:structureRef="{ref}" xsi:type="ns1:DataSetType"'
        ' ss:dataScope="DataStructure" ss:action="Information"'
        ' UNIT_MEASURE="PS" UNIT_MULT="0">\n'
    )
    body = "".join(f"<Obs{line}/>\n" for line in data.lines(_attribute, ""))
    return head + body + "</message:DataSet>\n</message:StructureSpecificData>\n"


def flow_schema(data: Observations, family: str, identity: Identity, sdmx_schemas: str = "") -> str:
    """The XML schema of the dataflow's structure-specific data set and observation types.

    ``sdmx_schemas`` prefixes the SDMX schemas' file names (``SDMXCommon.xsd`` …): by
    default they are expected beside this schema, as SDMX distributes them.
    """
    urn = _flow_urn(family, identity)
    attributes = "".join(
        f'<xs:attribute name="{c}" type="common:IDType" use="required"/>'
        for c in data.names
        if c not in (TIME_PERIOD, OBS_VALUE, OBS_STATUS, CONF_STATUS)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="{urn}"'
        f' targetNamespace="{urn}" xmlns:common="{NS["common"]}" xmlns:ss="{NS["ss"]}"'
        ' elementFormDefault="qualified" attributeFormDefault="unqualified">\n'
        f'<xs:import namespace="{NS["common"]}" schemaLocation="{sdmx_schemas}SDMXCommon.xsd"/>\n'
        f'<xs:import namespace="{NS["ss"]}"'
        f' schemaLocation="{sdmx_schemas}SDMXDataStructureSpecific.xsd"/>\n'
        '<xs:complexType name="DataSetType"><xs:complexContent>'
        '<xs:restriction base="ss:DataSetType"><xs:sequence>'
        '<xs:element ref="common:Annotations" minOccurs="0"/>'
        '<xs:element name="DataProvider" type="common:DataProviderReferenceType"'
        ' form="unqualified" minOccurs="0"/>'
        '<xs:element name="Obs" type="ObsType" form="unqualified" minOccurs="0"'
        ' maxOccurs="unbounded"/>'
        "</xs:sequence>"
        '<xs:attribute name="UNIT_MEASURE" type="common:IDType" use="optional"/>'
        '<xs:attribute name="UNIT_MULT" type="common:IDType" use="optional"/>'
        '<xs:attribute name="DECIMALS" type="common:IDType" use="optional"/>'
        "</xs:restriction></xs:complexContent></xs:complexType>\n"
        '<xs:complexType name="ObsType"><xs:complexContent>'
        '<xs:restriction base="ss:ObsType"><xs:sequence>'
        '<xs:element ref="common:Annotations" minOccurs="0"/></xs:sequence>'
        '<xs:attribute name="type" type="common:IDType" use="prohibited"/>'
        '<xs:attribute name="REPORTING_YEAR_START_DAY" type="xs:gMonthDay" use="prohibited"/>'
        '<xs:attribute name="TIME_PERIOD" type="common:ObservationalTimePeriodType"'
        ' use="required"/>'
        f"{attributes}"
        '<xs:attribute name="OBS_VALUE" type="xs:double" use="optional"/>'
        '<xs:attribute name="OBS_STATUS" type="common:IDType" use="required"/>'
        '<xs:attribute name="CONF_STATUS" type="common:IDType" use="optional"/>'
        "</xs:restriction></xs:complexContent></xs:complexType>\n"
        "</xs:schema>\n"
    )
