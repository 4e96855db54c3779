"""Checks of the release's JSON-stat files: the official schema, then the rules it cannot say.

The schema is JSON-stat's own (shipped in ``publisher/schemas/``), with every ``format``
it names asserted, as strict validators do (jsonschema leaves formats as annotations by
default, and its ``uri`` checker needs a package we do not depend on, so ``uri`` is
checked here: an absolute URI, RFC 3986). A format the schema names without a checker is
an error at start, not a check silently skipped. Then the rules: one value per cell (the
product of the sizes), status indexes within the cells, ``child`` lists that name
existing categories without a cycle, never a value for a cell marked suppressed, and
every link a file of the release.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Collection, Iterator
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from publisher.confidentiality import JSONSTAT_SUPPRESSED
from publisher.writers import layout

_MOST_SCHEMA_ERRORS = 5
# RFC 3986: a scheme, then characters a URI may hold (percent-escapes well formed).
_URI = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*"
)


def _is_uri(instance: object) -> bool:
    return not isinstance(instance, str) or _URI.fullmatch(instance) is not None


def _formats(schema: Any) -> set[str]:
    """Every ``format`` the schema names, anywhere in it."""
    if isinstance(schema, dict):
        found = {schema["format"]} if isinstance(schema.get("format"), str) else set()
        return found.union(*(_formats(v) for v in schema.values()))
    if isinstance(schema, list):
        return set().union(*(_formats(v) for v in schema))
    return set()


def _format_checker(schema: dict[str, Any]) -> FormatChecker:
    named = _formats(schema)
    checker = FormatChecker(formats=sorted(named - {"uri"}))
    checker.checks("uri")(_is_uri)
    unchecked = named - set(checker.checkers)
    if unchecked:  # jsonschema lacks a checker (a missing optional package)
        raise RuntimeError(f"no checker for the JSON-stat schema's formats {sorted(unchecked)}")
    return checker


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
    checker = _format_checker(schema)
    validators = {}
    for branch in schema["oneOf"]:
        (kind,) = branch["properties"]["class"]["enum"]
        validators[kind] = Draft202012Validator(
            {"$defs": schema["$defs"], **branch},
            format_checker=checker,
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
        elif mark == JSONSTAT_SUPPRESSED and _value_at(values, index) is not None:
            yield f"cell {index} is marked suppressed but holds a value"


def _value_at(values: Any, index: int) -> Any:
    if isinstance(values, list):
        return values[index] if index < len(values) else None
    return values.get(str(index))


def check_jsonstat_file(
    name: str, data: bytes, paths: Collection[str], base: str | None
) -> list[str]:
    """Every problem of one JSON-stat file of a release, given as the bytes it holds.

    Links must be absolute and point at one of ``paths`` (the release's files) under
    ``base``, the release's URL.
    """
    try:
        document = json.loads(data)
    except ValueError as exc:
        return [f"{name}: not JSON: {exc}"]
    return check_jsonstat(document, name) + [
        f"{name}: link {href!r} is not in the release"
        for href in _hrefs(document)
        if base is None or not href.startswith(base) or href.removeprefix(base) not in paths
    ]


def _hrefs(document: Any) -> list[str]:
    links = document.get("link", {}) if isinstance(document, dict) else {}
    return [str(link.get("href", "")) for items in links.values() for link in items]


def base_of(collection: bytes) -> str | None:
    """The release's URL, from its collection's first item (``<base>jsonstat/<id>.json``)."""
    try:
        href = str(json.loads(collection)["link"]["item"][0]["href"])
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    folder = layout.JSONSTAT.pattern.partition("{")[0]  # "jsonstat/"
    return href[: href.rfind(folder)] if folder in href else None
