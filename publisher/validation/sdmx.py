"""Checks of a release's SDMX files: the official XSDs, and no number where suppressed.

The schemas are the release's own: SDMX's (``sdmx/sdmx21/``) and each dataflow's,
written beside its data, so what is checked here is what a user of ``sdmx/`` can check
offline. The structure message is checked against SDMX's schemas, each data file
against them and its dataflow's schema. A file is checked from its bytes; only the
schemas are read from the release folder, which must hold them by then.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from lxml import etree

from publisher.confidentiality import SUPPRESSED

_NS_MESSAGE = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
_MOST_SCHEMA_ERRORS = 5


def check_message(name: str, data: bytes, message: Path, flow_schema: Path | None) -> list[str]:
    """Where an SDMX-ML message breaks its schemas, and any suppressed observation with a value.

    Args:
        name: The file's path in the release, for the problems' text.
        data: The file's bytes.
        message: SDMX's ``SDMXMessage.xsd``, as the release holds it.
        flow_schema: The dataflow's schema, for a data message.
    """
    try:
        document = etree.parse(io.BytesIO(data))
    except etree.XMLSyntaxError as exc:
        return [f"{name}: not XML: {exc}"]
    found: Any = _SUPPRESSED_WITH_VALUE(document)  # a list of elements
    problems = [f"{name}:{e.sourceline}: a suppressed observation has a value" for e in found]
    schema = _message_schema(message, flow_schema)
    if schema.validate(document):
        return problems
    errors: Any = schema.error_log
    return problems + [f"{name}:{e.line}: {e.message}" for e in list(errors)[:_MOST_SCHEMA_ERRORS]]


def _message_schema(message: Path, flow_schema: Path | None) -> etree.XMLSchema:
    """``SDMXMessage.xsd`` with the dataflow's schema, both as the release holds them."""
    imports = [(_NS_MESSAGE, message.resolve().as_uri())]
    if flow_schema is not None and flow_schema.is_file():
        namespace = etree.parse(str(flow_schema)).getroot().get("targetNamespace", "")
        imports.append((namespace, flow_schema.resolve().as_uri()))
    wrapper = "".join(f'<xs:import namespace="{n}" schemaLocation="{u}"/>' for n, u in imports)
    xsd = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{wrapper}</xs:schema>'
    return etree.XMLSchema(etree.fromstring(xsd.encode()))


# An observation (flat, or in a series) marked suppressed whose value is anything but NaN.
_SUPPRESSED_WITH_VALUE = etree.XPath(
    f'//*[local-name()="Obs"][@OBS_STATUS="{SUPPRESSED}"][@OBS_VALUE and @OBS_VALUE!="NaN"]'
)


def check_csv(name: str, data: bytes) -> list[str]:
    """An SDMX-CSV file has the columns, whole rows, and no value where suppressed."""
    rows = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    header = next(rows, [])
    if "OBS_STATUS" not in header or "OBS_VALUE" not in header:
        return [f"{name}: no OBS_STATUS and OBS_VALUE columns"]
    status, value = header.index("OBS_STATUS"), header.index("OBS_VALUE")
    return [
        f"{name}:{number}: a suppressed observation has a value, or a row is cut"
        for number, row in enumerate(rows, start=2)
        if len(row) != len(header) or (row[status] == SUPPRESSED and row[value] not in ("", "NaN"))
    ]
