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
from typing import Any

import numpy as np
import pandas as pd

from publisher.cube import CONF_STATUS, FAMILY, OBS_STATUS, TIME_PERIOD, VALUE, Cube
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


def observations(cube: Cube, family: str) -> pd.DataFrame:
    """The family's observations as text columns in DSD order, attributes after the value."""
    data = cube.data[cube.data[FAMILY] == family]
    columns = {FREQ: pd.Series(MONTHLY, index=data.index)}
    for dimension in dsd_dimensions(cube.dimensions)[1:]:
        columns[dimension] = data[dimension].astype(str)
    columns[TIME_PERIOD] = data[TIME_PERIOD].astype(str)
    values = data[VALUE].to_numpy(dtype=float, na_value=np.nan)
    columns[OBS_VALUE] = pd.Series(_numbers(values), index=data.index)
    columns[OBS_STATUS] = data[OBS_STATUS].astype(str)
    columns[CONF_STATUS] = data[CONF_STATUS].astype(str)
    frame = pd.DataFrame(columns)
    _check_ids(frame.drop(columns=[OBS_VALUE, TIME_PERIOD]))
    return frame


def _numbers(values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Values as text: counts without decimals, ``NaN`` where there is no value."""
    missing = np.isnan(values)
    filled = np.where(missing, 0.0, values)
    if np.all(filled == np.round(filled)):
        text = filled.astype(np.int64).astype(str).astype(object)
    else:
        text = np.array([f"{v:g}" for v in filled], dtype=object)
    text[missing] = "NaN"
    return text


def _check_ids(frame: pd.DataFrame) -> None:
    for column in frame.columns:
        unsafe = [v for v in frame[column].unique() if not _SAFE.match(str(v))]
        if unsafe:
            raise ValueError(f"{column} holds values that are not SDMX ids: {unsafe[:3]}")


def csv_text(frame: pd.DataFrame, family: str, identity: Identity) -> str:
    """SDMX-CSV 2.0 for a dataflow: STRUCTURE, STRUCTURE_ID, ACTION, then the columns."""
    head = pd.DataFrame(
        {
            "STRUCTURE": "dataflow",
            "STRUCTURE_ID": f"{identity.agency}:{identity.flow_id(family)}({identity.version})",
            "ACTION": "I",
        },
        index=frame.index,
    )
    return pd.concat([head, frame], axis=1).to_csv(index=False, lineterminator="\n")


def _flow_urn(family: str, identity: Identity) -> str:
    flow = f"{identity.agency}:{identity.flow_id(family)}({identity.version})"
    return f"urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow={flow}:ObsLevelDim:AllDimensions"


def _structure_id(family: str, identity: Identity) -> str:
    return f"{identity.agency}_{identity.flow_id(family)}_{identity.version.replace('.', '_')}"


def xml_text(frame: pd.DataFrame, family: str, identity: Identity, schema: str) -> str:
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
    line = pd.Series("<Obs", index=frame.index)
    for column in frame.columns:
        line = line + f' {column}="' + frame[column] + '"'
    body = "/>\n".join(line.tolist()) + ("/>\n" if len(line) else "")
    return head + body + "</message:DataSet>\n</message:StructureSpecificData>\n"


def flow_schema(
    frame: pd.DataFrame, family: str, identity: Identity, sdmx_schemas: str = ""
) -> str:
    """The XML schema of the dataflow's structure-specific data set and observation types.

    ``sdmx_schemas`` prefixes the SDMX schemas' file names (``SDMXCommon.xsd`` …): by
    default they are expected beside this schema, as SDMX distributes them.
    """
    urn = _flow_urn(family, identity)
    attributes = "".join(
        f'<xs:attribute name="{c}" type="common:IDType" use="required"/>'
        for c in frame.columns
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
