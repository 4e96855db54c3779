"""The PxWebApi 2 documents, shaped as ``PxAPI-2.yml`` gives them.

The bodies come from the release's writers; this module only fits them to the spec's
schemas: the metadata is the JSON-stat dataset of :func:`publisher.writers.jsonstat.dataset`
in PxWebApi's ``Dataset`` profile (``category.index`` an object, ``value`` null, links with
``type`` and ``href`` only, as that schema admits no other member), with each coded
dimension naming its codelist; a table's ``updated`` is a UTC date-time; a codelist is
the release's own, its values mapping to themselves.
"""

from __future__ import annotations

from typing import Any

from publisher import __version__
from publisher.model import Codelist
from publisher.serve.limits import Limits
from publisher.writers.tables import Table

LANGUAGES = {"no": "nb", "nb": "nb", "en": "en"}  # PxWeb's codes and ours
DATA_FORMATS = ("json-stat2", "csv", "px")
# The server limits no client's rate; the spec requires the two numbers, so they say
# "any number of calls per second" in the largest int32.
UNLIMITED_CALLS, WINDOW_SECONDS = 2_147_483_647, 1
_DIMENSION_KEYS = ("label", "note", "category", "extension", "link")
_CATEGORY_KEYS = ("index", "label", "note", "child", "unit")


def config(limits: Limits) -> dict[str, Any]:
    """``/config``: languages, formats, the cell limit, the licence."""
    return {
        "apiVersion": "2.0",
        "appVersion": __version__,
        "languages": [{"id": "no", "label": "Norsk"}, {"id": "en", "label": "English"}],
        "defaultLanguage": "no",
        "maxDataCells": limits.cells,
        "maxCallsPerTimeWindow": UNLIMITED_CALLS,
        "timeWindow": WINDOW_SECONDS,
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "sourceReferences": [
            {"language": "no", "text": "Kilde: Nav"},
            {"language": "en", "text": "Source: Nav"},
        ],
        "defaultDataFormat": DATA_FORMATS[0],
        "dataFormats": list(DATA_FORMATS),
    }


def metadata(document: dict[str, Any], table: Table, lang: str, root: str) -> dict[str, Any]:
    """The writer's JSON-stat dataset without values, in the spec's ``Dataset`` profile."""
    shaped = {k: v for k, v in document.items() if k != "status"}
    shaped["value"] = None  # the spec's schema has no sparse {}: "nullable", for metadata
    shaped["link"] = {
        rel: [{"type": link["type"], "href": link["href"]} for link in links if "type" in link]
        for rel, links in document.get("link", {}).items()
    }
    lists = {d.id: d.codelist for d in table.dimensions if d.codelist is not None}
    shaped["dimension"] = {
        dim: _dimension(entry, lists.get(dim), lang, root)
        for dim, entry in document["dimension"].items()
    }
    return shaped


def _dimension(
    entry: dict[str, Any], codelist: Codelist | None, lang: str, root: str
) -> dict[str, Any]:
    shaped = {k: entry[k] for k in _DIMENSION_KEYS if k in entry}
    category = {k: entry["category"][k] for k in _CATEGORY_KEYS if k in entry["category"]}
    index = category.get("index")
    if isinstance(index, list):
        category["index"] = {code: at for at, code in enumerate(index)}
    shaped["category"] = category
    if codelist is not None:
        shaped["extension"] = {"codelists": [codelist_information(codelist, lang, root)]}
    return shaped


def codelist_information(codelist: Codelist, lang: str, root: str) -> dict[str, Any]:
    """A codelist as a dimension's metadata names it, with its link."""
    href = f"{root}api/v2/codelists/{codelist.id}"
    return {
        "id": codelist.id,
        "label": _name(codelist.names, lang),
        "type": "Valueset",
        "links": [link("self", href, lang)],
    }


def codelist(codelist: Codelist, lang: str, root: str) -> dict[str, Any]:
    """``/codelists/{id}``: every code with its label, each mapping to itself."""
    information = codelist_information(codelist, lang, root)
    return {
        **information,
        "language": _pxweb_language(lang),
        "languages": ["no", "en"],
        "elimination": False,
        "values": [
            {"code": code.id, "label": _name(code.names, lang), "valueMap": [code.id]}
            for code in codelist.codes
        ],
    }


def summary(document: dict[str, Any], table: Table, lang: str, root: str) -> dict[str, Any]:
    """A table as ``/tables`` lists it."""
    months = document["dimension"]["TIME_PERIOD"]["category"]["index"]
    href = f"{root}api/v2/tables/{table.id}"
    return {
        "type": "Table",
        "id": table.id,
        "label": document["label"],
        "description": "",
        "updated": f"{table.updated.isoformat()}T00:00:00Z",
        "firstPeriod": months[0],
        "lastPeriod": months[-1],
        "category": "public",
        "discontinued": False,
        "timeUnit": "Monthly",
        "variableNames": [document["dimension"][d]["label"] for d in document["id"]],
        "links": [
            link("self", href, lang),
            link("metadata", f"{href}/metadata", lang),
            link("data", f"{href}/data", lang),
        ],
    }


def default_selection(table: Table, lang: str, root: str) -> dict[str, Any]:
    """``/defaultselection``: what ``/data`` answers without a selection, every value."""
    href = f"{root}api/v2/tables/{table.id}/data"
    return {
        "language": _pxweb_language(lang),
        "selection": [
            {"variableCode": d.id, "valueCodes": ["*"], "values": ["*"]} for d in table.dimensions
        ],
        "links": [link("data", href, lang)],
    }


def link(rel: str, href: str, lang: str) -> dict[str, str]:
    """A PxWebApi ``Link``."""
    return {"rel": rel, "hreflang": _pxweb_language(lang), "href": href}


def _pxweb_language(lang: str) -> str:
    return "no" if lang == "nb" else lang


def _name(names: dict[str, str], lang: str) -> str:
    return names.get(lang) or names.get("nb") or next(iter(names.values()), "")
