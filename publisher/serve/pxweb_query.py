"""Reading a PxWebApi 2 request: language, paging, the POST body, placement and formats.

Every parameter is checked against what the spec allows and what the server answers:
one the spec has but we cannot honour (a codelist we lack, a placement the PX file does
not have, a CSV layout we do not write) is refused naming it, never ignored, since an
answer that ignored it would look like the one asked for.
"""

from __future__ import annotations

from typing import Any

import orjson

from publisher.merging.cube import MEASURE, TIME_PERIOD
from publisher.serve.http import ClientError, bad_request, not_found
from publisher.serve.pxweb_documents import LANGUAGES
from publisher.serve.selection import whole
from publisher.writers.tables import Table

VALUECODES, CODELIST = "valuecodes[", "codelist["
FORMAT_PARAMS = ("UseCodes", "UseTexts", "UseCodesAndTexts", "IncludeTitle",
                 "SeparatorTab", "SeparatorSpace", "SeparatorSemicolon")  # fmt: skip
# What each format is written with: our CSV has codes and labels, comma-separated.
ANSWERED_PARAMS = {"csv": {"UseCodesAndTexts"}, "json-stat2": set(), "px": set()}
_TRUE_FALSE = {"true": True, "false": False}
# ``values`` is in the spec's list of required members (its properties call it
# ``valueCodes``): taken, and read as nothing.
_ITEM_KEYS = {"variableCode", "valueCodes", "codelist", "values"}


def language(params: dict[str, str]) -> str:
    """Our language code for ``lang`` (PxWeb's ``no`` is our ``nb``)."""
    code = params.get("lang") or "no"
    if code not in LANGUAGES:
        raise bad_request("lang", f"one of {', '.join(LANGUAGES)}")
    return LANGUAGES[code]


def integer(params: dict[str, str], name: str, default: int, most: int | None) -> int:
    """A whole-number parameter from 1 to ``most``."""
    text = params.get(name)
    if text is None:
        return default
    if not whole(text) or int(text) < 1 or (most is not None and int(text) > most):
        limit = f" to {most}" if most else ""
        raise bad_request(name, f"a whole number from 1{limit}")
    return int(text)


def boolean(params: dict[str, str], name: str) -> bool:
    """A ``true``/``false`` parameter, false when absent."""
    text = params.get(name, "false")
    if text not in _TRUE_FALSE:
        raise bad_request(name, "true or false")
    return _TRUE_FALSE[text]


def body_selection(content_type: str | None, body: bytes) -> dict[str, str]:
    """A POST body's selection and placement as the query parameters they stand for.

    Raises:
        ClientError: 415 for a body that is not JSON, 400 for one not shaped as the
            spec's ``VariablesSelection``.
    """
    if content_type is not None and content_type.split(";")[0].strip() != "application/json":
        raise ClientError(415, f"Content-Type: {content_type!r}; send application/json")
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise bad_request("body", "not JSON") from None
    if not isinstance(document, dict) or not set(document) <= {"selection", "placement"}:
        raise bad_request("body", 'an object with "selection" (and "placement")')
    selection = document.get("selection", [])
    params: dict[str, str] = {}
    for item in selection if isinstance(selection, list) else [None]:
        params.update(_selected(item, params))
    params.update(_placement(document.get("placement")))
    return params


def _selected(item: Any, params: dict[str, str]) -> dict[str, str]:
    if not (
        isinstance(item, dict)
        and set(item) <= _ITEM_KEYS
        and isinstance(item.get("variableCode"), str)
        and isinstance(item.get("valueCodes"), list)
        and all(isinstance(code, str) for code in item["valueCodes"])
        and isinstance(item.get("codelist") or "", str)
    ):
        raise bad_request("selection", 'items are {"variableCode": …, "valueCodes": […]}')
    name = f"{VALUECODES}{item['variableCode']}]"
    if name in params:
        raise bad_request("selection", f"{item['variableCode']} is selected twice")
    found = {name: ",".join(item["valueCodes"])}
    if item.get("codelist"):
        found[f"{CODELIST}{item['variableCode']}]"] = item["codelist"]
    return found


def _placement(placement: Any) -> dict[str, str]:
    if placement is None:
        return {}
    if not isinstance(placement, dict) or not set(placement) <= {"heading", "stub"}:
        raise bad_request("placement", 'an object with "heading" and "stub"')
    found = {}
    for side, names in placement.items():
        if not (isinstance(names, list) and all(isinstance(n, str) for n in names)):
            raise bad_request(f"placement.{side}", "a list of variable codes")
        found[side] = ",".join(names)
    return found


def check_codelists(table: Table, params: dict[str, str]) -> None:
    """``codelist[DIM]=ID`` may only name the codelist the dimension is coded in."""
    for name, wanted in params.items():
        if not name.startswith(CODELIST):
            continue
        dim = name[len(CODELIST) : -1]
        found = {d.id: d for d in table.dimensions}.get(dim)
        if found is None:
            raise not_found(f"{name}: {table.id} has no dimension {dim!r}")
        if found.codelist is None or found.codelist.id != wanted:
            raise not_found(f"{name}: {dim} has no codelist {wanted!r}")


def check_layout(table: Table, output: str, params: dict[str, str]) -> None:
    """``heading``/``stub`` and ``outputFormatParams``, against what ``output`` is written with.

    JSON-stat and our CSV (a row per cell) have no layout, so a valid placement leaves
    them as they are; a PX file has the one its writer gives (the measure and the months
    in the heading), and a placement other than that is refused.
    """
    dims = [d.id for d in table.dimensions]
    sides = {
        side: [n for n in params.get(side, "").split(",") if n] for side in ("heading", "stub")
    }
    for side, names in sides.items():
        unknown = [n for n in names if n not in dims]
        if unknown or len(set(names)) < len(names):
            raise bad_request(side, f"{','.join(names)!r} is not a list of {table.id}'s variables")
    if set(sides["heading"]) & set(sides["stub"]):
        raise bad_request("heading", "a variable is both in the heading and in the stub")
    if output == "px":
        heading = {d for d in dims if d in (MEASURE, TIME_PERIOD)}
        if not set(sides["heading"]) <= heading or heading & set(sides["stub"]):
            raise bad_request("heading", f"the PX file's heading is {','.join(sorted(heading))}")
    for param in [p for p in params.get("outputFormatParams", "").split(",") if p]:
        if param not in FORMAT_PARAMS:
            raise bad_request("outputFormatParams", f"one of {', '.join(FORMAT_PARAMS)}")
        if param not in ANSWERED_PARAMS[output]:
            raise bad_request("outputFormatParams", f"{param} is not implemented for {output}")
