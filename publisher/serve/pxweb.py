"""The PxWebApi 2 subset: the table list, a table, its metadata and slices of its data.

``GET /api/v2/config`` says what the API offers; ``/api/v2/tables`` lists the tables
(``lang``, ``query``, ``pastDays``, ``includeDiscontinued``, ``pageNumber``,
``pageSize``); ``/api/v2/tables/{id}`` is one of them; ``/metadata`` is the JSON-stat 2.0
dataset with every category and note but no values; ``/defaultselection`` is the
selection ``/data`` applies when given none; ``/data`` is a slice chosen with
``valuecodes[DIM]=…`` (see :mod:`publisher.serve.selection`; a dimension not named keeps
every value) in ``outputFormat`` ``json-stat2`` (default), ``csv`` or ``px``;
``/api/v2/codelists/{id}`` is a codelist a dimension is coded in. A slice is written by
the release's own writers, so it keeps every status flag and never holds a value for a
suppressed cell. An unknown parameter is an error rather than ignored: a mistyped
``valuecode[…]`` would otherwise return the whole table as if it were asked for. The
documents' shapes are :mod:`publisher.serve.pxweb_documents`'s, the parameters'
:mod:`publisher.serve.pxweb_query`'s.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import lru_cache, partial
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from publisher.model import Codelist
from publisher.serve import pxweb_documents as documents
from publisher.serve.http import ClientError, bad_request, not_found, query, respond
from publisher.serve.limits import Limits
from publisher.serve.pxweb_query import (
    CODELIST,
    VALUECODES,
    body_selection,
    boolean,
    check_codelists,
    check_layout,
    integer,
    language,
)
from publisher.serve.release import Release
from publisher.serve.selection import items, select
from publisher.writers import jsonstat, layout, registry, table_csv
from publisher.writers.layout import Format
from publisher.writers.sdmx_structure import Identity
from publisher.writers.tables import Table

PAGE_SIZE, MAX_PAGE_SIZE = 20, 1000
_JSON = "application/json"
_DATA_PARAMS = {"lang", "outputFormat", "outputFormatParams", "heading", "stub"}
_REPEATABLE = frozenset({"outputFormatParams"})


class OutputFormat(StrEnum):
    """The data formats, by the code ``outputFormat`` takes."""

    JSON_STAT2 = "json-stat2"
    CSV = "csv"
    PX = "px"


Writer = Callable[[Table, str, str, Identity], bytes]  # table, language, root URL -> body


def _release_writer(fmt: Format) -> Writer:
    """The writer the release's own files of ``fmt`` are written by, for one table."""

    def write(table: Table, lang: str, root: str, identity: Identity) -> bytes:
        kind = next(k for k in layout.KINDS if k.format is fmt and k.language in (None, lang))
        return registry.render_table(kind, table, identity, root)

    return write


# The media types are those PxAPI-2.yml lists for /data: CSV as text, PX as bytes. The
# CSV, a row per cell, is PxWeb's and no file of a release.
WRITERS: dict[OutputFormat, tuple[str, Writer]] = {
    OutputFormat.JSON_STAT2: (_JSON, _release_writer(Format.JSONSTAT)),
    OutputFormat.CSV: (
        "text/plain; charset=utf-8",
        lambda table, lang, root, identity: table_csv.csv_text(table, lang).encode("utf-8"),
    ),
    OutputFormat.PX: ("application/octet-stream", _release_writer(Format.PX)),
}


class PxWebApi:
    """The endpoints, answering from one release."""

    def __init__(self, release: Release, limits: Limits) -> None:
        self.release = release
        self.limits = limits
        # Bounded: the key holds the base URL, which the client's Host header names.
        self.document = lru_cache(maxsize=256)(self._document)
        self.codelists: dict[str, Codelist] = {
            d.codelist.id: d.codelist
            for table in release.tables.values()
            for d in table.dimensions
            if d.codelist is not None
        }

    def routes(self) -> list[Route]:
        """The routes under ``/api/v2``."""
        return [
            Route("/api/v2/config", self.config),
            Route("/api/v2/tables", self.list_tables),
            Route("/api/v2/tables/{id}", self.table),
            Route("/api/v2/tables/{id}/metadata", self.table_metadata),
            Route("/api/v2/tables/{id}/defaultselection", self.default_selection),
            Route("/api/v2/tables/{id}/data", self.data, methods=["GET", "POST"]),
            Route("/api/v2/codelists/{id}", self.codelist),
        ]

    async def config(self, request: Request) -> Response:
        """What this API offers: languages, formats, the limits, the licence."""
        query(request, set())
        return self._json(request, documents.config(self.limits))

    async def list_tables(self, request: Request) -> Response:
        """The tables, a page at a time, optionally only those matching the filters.

        A page past the last is empty, as ``page.totalPages`` says.
        """
        names = {"lang", "query", "pastDays", "includeDiscontinued", "pageNumber", "pageSize"}
        params = query(request, names)
        lang = language(params)
        boolean(params, "includeDiscontinued")  # no table of a release is discontinued
        tables = self._matching(params, lang)
        size = integer(params, "pageSize", PAGE_SIZE, MAX_PAGE_SIZE)
        number = integer(params, "pageNumber", 1, None)
        root, here = str(request.base_url), str(request.url)
        body = {
            "language": params.get("lang") or "no",
            "tables": [
                documents.summary(self.document(t.id, lang, root), t, lang, root)
                for t in tables[(number - 1) * size : number * size]
            ],
            "page": {
                "pageNumber": number,
                "pageSize": size,
                "totalElements": len(tables),
                "totalPages": max(1, math.ceil(len(tables) / size)),
                "links": [documents.link("self", here, lang)],
            },
            "links": [documents.link("self", here, lang)],
        }
        return self._json(request, body)

    def _matching(self, params: dict[str, str], lang: str) -> list[Table]:
        words = params.get("query", "").casefold().split()
        days = integer(params, "pastDays", 0, None)
        since = (datetime.now(UTC) - timedelta(days=days)).date() if days else None
        return [
            t
            for t in self.release.tables.values()
            if all(w in f"{t.id} {t.title(lang)}".casefold() for w in words)
            and (since is None or t.updated >= since)
        ]

    async def table(self, request: Request) -> Response:
        """One table's summary."""
        params = query(request, {"lang"})
        lang, table, root = language(params), self._table(request), str(request.base_url)
        summary = documents.summary(self.document(table.id, lang, root), table, lang, root)
        return self._json(request, {"language": params.get("lang") or "no", **summary})

    async def table_metadata(self, request: Request) -> Response:
        """The table as JSON-stat 2.0 without values, in PxWebApi's ``Dataset`` profile."""
        params = query(request, {"lang", "defaultSelection", "savedQuery"}, prefix=(CODELIST,))
        boolean(params, "defaultSelection")  # the default selection is the whole table
        if params.get("savedQuery"):
            raise not_found(f"savedQuery: no saved query {params['savedQuery']!r}")
        table, lang, root = self._table(request), language(params), str(request.base_url)
        check_codelists(table, params)
        shaped = documents.metadata(self.document(table.id, lang, root), table, lang, root)
        return self._json(request, shaped)

    async def default_selection(self, request: Request) -> Response:
        """The selection ``/data`` applies when it is given none: every value."""
        params = query(request, {"lang"})
        table, lang = self._table(request), language(params)
        return self._json(request, documents.default_selection(table, lang, str(request.base_url)))

    async def codelist(self, request: Request) -> Response:
        """A codelist a dimension of the release is coded in."""
        params = query(request, {"lang"})
        wanted = request.path_params["id"]
        if wanted not in self.codelists:
            raise not_found(f"no codelist {wanted!r}")
        lang = language(params)
        body = documents.codelist(self.codelists[wanted], lang, str(request.base_url))
        return self._json(request, body)

    async def data(self, request: Request) -> Response:
        """A slice of the table in the format asked for.

        By ``GET`` the selection is in ``valuecodes[…]``; by ``POST``, as PxWebApi 2 has
        it for long selections, in the body: ``{"selection": [{"variableCode": …,
        "valueCodes": […]}], "placement": {"heading": […], "stub": […]}}``.
        """
        table = self._table(request)
        params, key = await self._data_params(request)
        lang = language(params)
        try:
            output = OutputFormat(params.get("outputFormat") or OutputFormat.JSON_STAT2)
        except ValueError:
            formats = ", ".join(OutputFormat)
            raise bad_request("outputFormat", f"one of {formats}") from None
        check_codelists(table, params)
        check_layout(table, output, params)
        positions = _positions(table, params, self.limits.items)
        cells = math.prod(len(positions.get(d.id, d.codes)) for d in table.dimensions)
        if cells > self.limits.cells:
            raise ClientError(403, f"{cells} cells asked for; at most {self.limits.cells}")
        media_type, write = WRITERS[output]
        root, identity = str(request.base_url), self.release.identity
        sliced = partial(table.subset, positions)

        def body() -> bytes:
            return write(sliced(), lang, root, identity)

        return respond(request, self.release, body, media_type, key=key)

    async def _data_params(self, request: Request) -> tuple[dict[str, str], str | None]:
        """The parameters of a data request, and for a POST what its body chose."""
        if request.method != "POST":
            prefixes = (VALUECODES, CODELIST)
            return query(request, _DATA_PARAMS, prefix=prefixes, repeatable=_REPEATABLE), None
        allowed = _DATA_PARAMS - {"heading", "stub"}
        params = query(request, allowed, repeatable=_REPEATABLE)
        chosen = body_selection(request.headers.get("content-type"), await request.body())
        key = orjson.dumps(chosen, option=orjson.OPT_SORT_KEYS).decode()
        return {**params, **chosen}, key

    def _table(self, request: Request) -> Table:
        table_id = request.path_params["id"]
        try:
            return self.release.tables[table_id]
        except KeyError:
            raise not_found(f"no table {table_id!r}") from None

    def _document(self, table_id: str, lang: str, root: str) -> dict[str, Any]:
        """The writer's dataset of a table, without values: what metadata is made from."""
        document = jsonstat.dataset(
            self.release.tables[table_id], lang, root, self.release.identity
        )
        document["value"] = {}
        del document["status"]
        return document

    def _json(self, request: Request, body: dict[str, Any]) -> Response:
        return respond(request, self.release, partial(jsonstat.dumps, body), _JSON)


def _positions(table: Table, params: dict[str, str], most: int) -> dict[str, list[int]]:
    """The selected positions of each dimension that ``valuecodes[…]`` names."""
    ids = {d.id: d for d in table.dimensions}
    chosen = {n: items(n, e) for n, e in params.items() if n.startswith(VALUECODES)}
    if sum(map(len, chosen.values())) > most:
        raise bad_request("valuecodes", f"more than {most} selection items")
    positions = {}
    for name, expression in chosen.items():
        dimension_id = name[len(VALUECODES) : -1]
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
