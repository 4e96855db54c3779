"""Checks of what a build writes, run before a release is swapped in and by ``validate``.

One entry point, :func:`check_release`, collecting every problem as one line: JSON-stat
(:mod:`publisher.validation.jsonstat`), SDMX (here: the official XSDs, from what the
release's ``sdmx/`` holds), the catalogue (:mod:`publisher.validation.catalogue`) and the
landing page's links.
"""

from __future__ import annotations

import csv
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from lxml import etree

from publisher.validation.catalogue import check_catalogue
from publisher.validation.jsonstat import SUPPRESSED_MARK, check_jsonstat, check_jsonstat_files
from publisher.writers import sdmx_schemas

__all__ = ["SUPPRESSED_MARK", "check_catalogue", "check_jsonstat", "check_page",
           "check_release", "check_sdmx"]  # fmt: skip
_NS_MESSAGE = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
_MOST_SCHEMA_ERRORS = 5


def check_release(folder: Path, base_url: str | None = None) -> list[str]:
    """Every problem of a release folder: JSON-stat, SDMX, the catalogue, the page's links."""
    return (
        check_jsonstat_files(folder, base_url)
        + check_sdmx(folder)
        + check_catalogue(folder, base_url)
        + check_page(folder)
    )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.targets += [v for k, v in attrs if k in ("href", "src") and v]


def check_page(folder: Path) -> list[str]:
    """The landing page is there, and every link of it is a file of the release."""
    page = folder / "index.html"
    if not page.is_file():
        return [f"{folder}: no index.html"]
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return [
        f"index.html: link {target!r} is not a file of the release"
        for target in parser.targets
        if not target.startswith("#") and not (folder / target.split("#")[0]).is_file()
    ]


def check_sdmx(folder: Path) -> list[str]:
    """Every problem of the SDMX files of a release: the XSDs, and no number where suppressed.

    The schemas are the release's own: SDMX's (``sdmx/sdmx21/``) and each dataflow's,
    written beside its data, so what is checked here is what a user of ``sdmx/`` can check
    offline. The structure message is checked against SDMX's schemas, each data file
    against them and its dataflow's schema.
    """
    sdmx_folder = folder / "sdmx"
    structure = sdmx_folder / "structure.xml"
    if not structure.is_file():
        return [f"{folder}: no sdmx/structure.xml"]
    message = sdmx_folder / sdmx_schemas.FOLDER / sdmx_schemas.MESSAGE
    if not message.is_file():
        return [f"sdmx/: no {sdmx_schemas.FOLDER}/{sdmx_schemas.MESSAGE}: it does not validate"
                " on its own"]  # fmt: skip
    problems = _xsd_problems(structure, _message_schema(message, None))
    for data in sorted(sdmx_folder.glob("*.xml")):
        if data == structure:
            continue
        problems += _xsd_problems(data, _message_schema(message, data.with_suffix(".xsd")))
    for table in sorted(sdmx_folder.glob("*.csv")):
        problems += _suppressed_csv(table)
    return [p.replace(str(folder) + "/", "") for p in problems]


def _message_schema(message: Path, flow_schema: Path | None) -> etree.XMLSchema:
    """``SDMXMessage.xsd`` with the dataflow's schema, both as the release holds them."""
    imports = [(_NS_MESSAGE, message.resolve().as_uri())]
    if flow_schema is not None and flow_schema.is_file():
        namespace = etree.parse(str(flow_schema)).getroot().get("targetNamespace", "")
        imports.append((namespace, flow_schema.resolve().as_uri()))
    wrapper = "".join(f'<xs:import namespace="{n}" schemaLocation="{u}"/>' for n, u in imports)
    xsd = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{wrapper}</xs:schema>'
    return etree.XMLSchema(etree.fromstring(xsd.encode()))


def _xsd_problems(path: Path, schema: etree.XMLSchema) -> list[str]:
    """Where the file breaks the schema, and any suppressed observation with a number."""
    try:
        document = etree.parse(str(path))
    except etree.XMLSyntaxError as exc:
        return [f"{path}: not XML: {exc}"]
    found: Any = _SUPPRESSED_WITH_VALUE(document)  # a list of elements
    problems = [f"{path}:{e.sourceline}: a suppressed observation has a value" for e in found]
    if schema.validate(document):
        return problems
    errors: Any = schema.error_log
    return problems + [f"{path}:{e.line}: {e.message}" for e in list(errors)[:_MOST_SCHEMA_ERRORS]]


# An observation (flat, or in a series) marked Q whose value is anything but NaN.
_SUPPRESSED_WITH_VALUE = etree.XPath(
    '//*[local-name()="Obs"][@OBS_STATUS="Q"][@OBS_VALUE and @OBS_VALUE!="NaN"]'
)


def _suppressed_csv(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        header = next(rows, [])
        if "OBS_STATUS" not in header or "OBS_VALUE" not in header:
            return [f"{path}: no OBS_STATUS and OBS_VALUE columns"]
        status, value = header.index("OBS_STATUS"), header.index("OBS_VALUE")
        return [
            f"{path}:{number}: a suppressed observation has a value, or a row is cut"
            for number, row in enumerate(rows, start=2)
            if len(row) != len(header) or (row[status] == "Q" and row[value] not in ("", "NaN"))
        ]
