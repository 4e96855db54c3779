"""The PxWebApi 2 subset: the table list, a table, its metadata and slices of its data.

``GET /api/v2/config`` says what the API offers; ``/api/v2/tables`` lists the tables
(``lang``, ``query``, ``pageNumber``, ``pageSize``); ``/api/v2/tables/{id}`` is one of
them; ``/metadata`` is the JSON-stat 2.0 dataset with every category and note but no
values; ``/data`` is a slice chosen with
``valuecodes[DIM]=…`` (see :mod:`publisher.serve.selection`; a dimension not named keeps
every value) in ``outputFormat`` ``json-stat2`` (default), ``csv`` or ``px``. A slice is
written by the release's own writers, so it keeps every status flag and never holds a
value for a suppressed cell. An unknown parameter is an error rather than ignored: a
mistyped ``valuecode[…]`` would otherwise return the whole table as if it were asked for.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from enum import StrEnum
from functools import lru_cache
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from publisher import __version__
from publisher.serve.http import ClientError, bad_request, not_found, query, respond
from publisher.serve.limits import Limits
from publisher.serve.release import Release
from publisher.serve.selection import items, select, whole
from publisher.tables import Table
from publisher.writers import jsonstat, px, table_csv

PAGE_SIZE, MAX_PAGE_SIZE = 20, 1000
LANGUAGES = {"no": "nb", "nb": "nb", "en": "en"}  # PxWeb's codes and ours
_VALUECODES = "valuecodes["


class OutputFormat(StrEnum):
    """The data formats, by the code ``outputFormat`` takes."""

    JSON_STAT2 = "json-stat2"
    CSV = "csv"
    PX = "px"


Writer = Callable[[Table, str, str], bytes]  # table, language, root URL -> body
WRITERS: dict[OutputFormat, tuple[str, Writer]] = {
    OutputFormat.JSON_STAT2: (
        "application/json",
        lambda table, lang, root: jsonstat.dumps(jsonstat.dataset(table, lang, root)),
    ),
    OutputFormat.CSV: (
        "text/csv; charset=utf-8",
        lambda table, lang, root: table_csv.csv_text(table, lang).encode("utf-8"),
    ),
    OutputFormat.PX: (
        "text/x-pcaxis; charset=utf-8",
        lambda table, lang, root: px.px_file(table).encode("utf-8"),
    ),
}


class PxWebApi:
    """The endpoints, answering from one release."""

    def __init__(self, release: Release, limits: Limits) -> None:
        self.release = release
        self.limits = limits
        # Bounded: the key holds the base URL, which the client's Host header names.
        self.metadata = lru_cache(maxsize=256)(self._metadata)

    def routes(self) -> list[Route]:
        """The routes under ``/api/v2``."""
        return [
            Route("/api/v2/config", self.config),
            Route("/api/v2/tables", self.list_tables),
            Route("/api/v2/tables/{id}", self.table),
            Route("/api/v2/tables/{id}/metadata", self.table_metadata),
            Route("/api/v2/tables/{id}/data", self.data, methods=["GET", "POST"]),
        ]

    async def config(self, request: Request) -> Response:
        """What this API offers: languages, formats, the cell limit, the licence."""
        query(request, set())
        body = {
            "apiVersion": "2.0",
            "appVersion": __version__,
            "languages": [{"id": "no", "label": "Norsk"}, {"id": "en", "label": "English"}],
            "defaultLanguage": "no",
            "maxDataCells": self.limits.cells,
            "license": "https://creativecommons.org/licenses/by/4.0/",
            "sourceReferences": [
                {"language": "no", "text": "Kilde: Nav"},
                {"language": "en", "text": "Source: Nav"},
            ],
            "defaultDataFormat": OutputFormat.JSON_STAT2.value,
            "dataFormats": [f.value for f in OutputFormat],
        }
        return respond(request, self.release, jsonstat.dumps(body), "application/json")

    async def list_tables(self, request: Request) -> Response:
        """The tables, a page at a time, optionally only those matching ``query``."""
        params = query(request, {"lang", "query", "pageNumber", "pageSize"})
        lang = _language(params)
        words = params.get("query", "").casefold().split()
        tables = [t for t in self.release.tables.values() if self._matches(t, lang, words)]
        size = _integer(params, "pageSize", PAGE_SIZE, MAX_PAGE_SIZE)
        number = _integer(params, "pageNumber", 1, None)
        pages = max(1, math.ceil(len(tables) / size))
        if number > pages:
            raise not_found(f"pageNumber: there is no page {number}; there are {pages}")
        page = tables[(number - 1) * size : number * size]
        root = str(request.base_url)
        body = {
            "language": params.get("lang", "no"),
            "tables": [self._summary(t, lang, root) for t in page],
            "page": {
                "pageNumber": number,
                "pageSize": size,
                "totalElements": len(tables),
                "totalPages": pages,
                "links": [_link("self", str(request.url), lang)],
            },
            "links": [_link("self", str(request.url), lang)],
        }
        return respond(request, self.release, jsonstat.dumps(body), "application/json")

    async def table(self, request: Request) -> Response:
        """One table's summary."""
        params = query(request, {"lang"})
        lang = _language(params)
        summary = self._summary(self._table(request), lang, str(request.base_url))
        body = {"language": params.get("lang", "no"), **summary}
        return respond(request, self.release, jsonstat.dumps(body), "application/json")

    async def table_metadata(self, request: Request) -> Response:
        """The table as JSON-stat 2.0 without values (``value`` is the empty sparse form)."""
        params = query(request, {"lang", "outputFormat"})
        if params.get("outputFormat", OutputFormat.JSON_STAT2) != OutputFormat.JSON_STAT2:
            raise bad_request("outputFormat", "metadata is available as json-stat2 only")
        table = self._table(request)
        document = self.metadata(table.id, _language(params), str(request.base_url))
        return respond(request, self.release, jsonstat.dumps(document), "application/json")

    async def data(self, request: Request) -> Response:
        """A slice of the table in the format asked for.

        By ``GET`` the selection is in ``valuecodes[…]``; by ``POST``, as PxWebApi 2 has
        it for long selections, in the body: ``{"selection": [{"variableCode": …,
        "valueCodes": […]}]}``.
        """
        table = self._table(request)
        if request.method == "POST":
            params = query(request, {"lang", "outputFormat"})
            selection = _selection(await request.body())
            params.update(selection)
            key = orjson.dumps(selection, option=orjson.OPT_SORT_KEYS).decode()
        else:
            params = query(request, {"lang", "outputFormat"}, prefix=_VALUECODES)
            key = None
        lang = _language(params)
        try:
            output = OutputFormat(params.get("outputFormat", OutputFormat.JSON_STAT2))
        except ValueError:
            formats = ", ".join(OutputFormat)
            raise bad_request("outputFormat", f"one of {formats}") from None
        positions = _positions(table, params, self.limits.items)
        cells = math.prod(len(positions.get(d.id, d.codes)) for d in table.dimensions)
        if cells > self.limits.cells:
            raise ClientError(403, f"{cells} cells asked for; at most {self.limits.cells}")
        sliced = table.subset(positions)
        media_type, write = WRITERS[output]
        body = write(sliced, lang, str(request.base_url))
        return respond(request, self.release, body, media_type, key=key)

    def _table(self, request: Request) -> Table:
        table_id = request.path_params["id"]
        try:
            return self.release.tables[table_id]
        except KeyError:
            raise not_found(f"no table {table_id!r}") from None

    def _metadata(self, table_id: str, lang: str, root: str) -> dict[str, Any]:
        document = jsonstat.dataset(self.release.tables[table_id], lang, root)
        document["value"] = {}
        del document["status"]
        return document

    def _matches(self, table: Table, lang: str, words: list[str]) -> bool:
        text = f"{table.id} {table.title(lang)}".casefold()
        return all(word in text for word in words)

    def _summary(self, table: Table, lang: str, root: str) -> dict[str, Any]:
        document = self.metadata(table.id, lang, root)
        months = document["dimension"]["TIME_PERIOD"]["category"]["index"]
        href = f"{root}api/v2/tables/{table.id}"
        return {
            "type": "Table",
            "id": table.id,
            "label": document["label"],
            "description": "",
            "updated": document["updated"],
            "firstPeriod": months[0],
            "lastPeriod": months[-1],
            "category": "public",
            "variableNames": [document["dimension"][d]["label"] for d in document["id"]],
            "links": [
                _link("self", href, lang),
                _link("metadata", f"{href}/metadata", lang),
                _link("data", f"{href}/data", lang),
            ],
        }


def _link(rel: str, href: str, lang: str) -> dict[str, str]:
    return {"rel": rel, "hreflang": lang, "href": href}


def _selection(body: bytes) -> dict[str, str]:
    """A POST body's selection as the ``valuecodes[…]`` parameters it stands for."""
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise bad_request("body", "not JSON") from None
    if not isinstance(document, dict) or not set(document) <= {"selection", "placement"}:
        raise bad_request("body", 'an object with "selection" (and "placement")')
    selection = document.get("selection", [])
    params: dict[str, str] = {}
    for item in selection if isinstance(selection, list) else [None]:
        if not (
            isinstance(item, dict)
            and isinstance(item.get("variableCode"), str)
            and isinstance(item.get("valueCodes"), list)
            and all(isinstance(code, str) for code in item["valueCodes"])
        ):
            raise bad_request("selection", 'items are {"variableCode": …, "valueCodes": […]}')
        if item.get("codeList"):
            raise not_found(f"selection: no codelist {item['codeList']!r}")
        name = f"{_VALUECODES}{item['variableCode']}]"
        if name in params:
            raise bad_request("selection", f"{item['variableCode']} is selected twice")
        params[name] = ",".join(item["valueCodes"])
    return params


def _language(params: dict[str, str]) -> str:
    code = params.get("lang", "no")
    if code not in LANGUAGES:
        raise bad_request("lang", f"one of {', '.join(LANGUAGES)}")
    return LANGUAGES[code]


def _integer(params: dict[str, str], name: str, default: int, most: int | None) -> int:
    text = params.get(name)
    if text is None:
        return default
    if not whole(text) or int(text) < 1 or (most is not None and int(text) > most):
        limit = f" to {most}" if most else ""
        raise bad_request(name, f"a whole number from 1{limit}")
    return int(text)


def _positions(table: Table, params: dict[str, str], most: int) -> dict[str, list[int]]:
    """The selected positions of each dimension that ``valuecodes[…]`` names."""
    ids = {d.id: d for d in table.dimensions}
    chosen = {n: items(n, e) for n, e in params.items() if n.startswith(_VALUECODES)}
    if sum(map(len, chosen.values())) > most:
        raise bad_request("valuecodes", f"more than {most} selection items")
    positions = {}
    for name, expression in chosen.items():
        dimension_id = name[len(_VALUECODES) : -1]
        if dimension_id not in ids:
            raise not_found(f"{name}: {table.id} has no dimension {dimension_id!r}")
        dimension = ids[dimension_id]
        time = dimension.codelist is None
        codes = tuple(jsonstat.time_id(c) for c in dimension.codes) if time else dimension.codes
        selected = select(name, expression, codes, time=time)
        if not selected:
            raise not_found(f"{name}: no value matches {params[name]!r}")
        positions[dimension_id] = selected
    return positions
