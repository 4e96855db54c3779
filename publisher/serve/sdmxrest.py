"""The SDMX REST v1 (SDMX 2.1) subset: structures, data, and the data's schemas.

Structures: ``/rest/{dataflow|datastructure|codelist|conceptscheme}/{agency}/{id}/{version}``
(each part optional; ``all`` and ``latest`` as the standard has them) with ``references``
``none`` (default), ``parents``, ``parentsandsiblings``, ``children``, ``descendants``,
``all`` or a structure type. Data: ``/rest/data/{flow}/{key}/{provider}`` with
``startPeriod``, ``endPeriod``, ``dimensionAtObservation`` (``TIME_PERIOD`` by default, any
dimension, or ``AllDimensions``) and ``detail`` ``full``/``dataonly``; SDMX-ML 2.1
StructureSpecific or SDMX-CSV 2.0 by ``Accept`` or ``format``. The data's schema, which
its ``xsi:type`` needs, is ``/rest/schema/dataflow/{agency}/{id}/{version}``. A slice is
the release's own rows: a suppressed observation stays ``NaN`` with ``Q`` and ``A``.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd
import sdmx
from sdmx.message import StructureMessage
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from publisher.serve.http import (
    SDMX_SCHEMAS,
    ClientError,
    bad_request,
    not_found,
    query,
    respond,
)
from publisher.serve.release import Release
from publisher.serve.structures import KINDS, Graph
from publisher.writers.jsonstat import SDMX_CSV, SDMX_DATA, SDMX_STRUCTURE
from publisher.writers.sdmx_data import ALL_DIMENSIONS, Observations, csv_text, flow_schema
from publisher.writers.sdmx_data import xml_text as data_xml

_LEAD = ("STRUCTURE", "STRUCTURE_ID", "ACTION")  # SDMX-CSV's own columns
_TIME, _PERIOD = "TIME_PERIOD", re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_FORMATS = {"csv": SDMX_CSV, "sdmx-csv": SDMX_CSV, "structurespecificdata": SDMX_DATA,
            "xml": SDMX_DATA, "sdmx-ml": SDMX_DATA}  # fmt: skip
_UNIMPLEMENTED = frozenset(
    {"updatedAfter", "firstNObservations", "lastNObservations", "includeHistory"}
)
# The values of ``detail`` the standard has, and whether we answer them.
_STRUCTURE_DETAIL = {"full": True, "allstubs": False, "referencestubs": False,
                     "allcompletestubs": False, "referencecompletestubs": False,
                     "referencepartial": False}  # fmt: skip
_DATA_DETAIL = {"full": True, "dataonly": True, "serieskeysonly": False, "nodata": False}
_DATA_PARAMS = {"startPeriod", "endPeriod", "dimensionAtObservation", "detail", "format"}


class SdmxRest:
    """The endpoints, answering from one release."""

    def __init__(self, release: Release) -> None:
        self.release = release
        self.graph = Graph(release.structure)
        self.structure_xml = cache(self._structure_xml)

    def routes(self) -> list[Route]:
        """The routes under ``/rest``."""
        return [
            Route("/rest/data/{flow}", self.data),
            Route("/rest/data/{flow}/{key}", self.data),
            Route("/rest/data/{flow}/{key}/{provider}", self.data),
            Route("/rest/schema/dataflow/{agency}/{id}/{version}", self.schema),
            Route("/rest/schema/dataflow/{agency}/{id}", self.schema),
            Route("/rest/{kind}", self.structure),
            Route("/rest/{kind}/{agency}", self.structure),
            Route("/rest/{kind}/{agency}/{id}", self.structure),
            Route("/rest/{kind}/{agency}/{id}/{version}", self.structure),
        ]

    async def structure(self, request: Request) -> Response:
        """Structures that match the path, with those ``references`` asks for."""
        kind = request.path_params["kind"]
        if kind not in KINDS:
            raise not_found(f"no resource {kind!r}; one of data, schema, {', '.join(KINDS)}")
        params = query(request, {"references", "detail"})
        _detail(params, _STRUCTURE_DETAIL)
        _negotiated(request, _STRUCTURES, "SDMX-ML 2.1 structures")
        path = request.path_params
        body = self.structure_xml(
            kind,
            path.get("agency", "all"),
            path.get("id", "all"),
            path.get("version", "latest"),
            params.get("references", "none"),
        )
        return respond(request, self.release, body, SDMX_STRUCTURE, kept=True)

    def _structure_xml(
        self, kind: str, agency: str, artefact_id: str, version: str, references: str
    ) -> bytes:
        found = self.graph.find(kind, agency, artefact_id, version)
        if not found:
            raise not_found(f"no {kind} {agency}/{artefact_id}/{version}")
        message = StructureMessage(header=self.release.structure.header)
        for artefact in self.graph.with_references(found, references):
            message.add(artefact)
        return bytes(sdmx.to_xml(message))

    async def schema(self, request: Request) -> Response:
        """The XML schema of a dataflow's structure-specific data, for a layout."""
        params = query(request, {"dimensionAtObservation", "explicitMeasure"})
        names = ("agency", "id", "version")
        flow = self._flow(
            ",".join(request.path_params[p] for p in names if p in request.path_params)
        )
        frame = self.release.flows[flow]
        at = self._observation_dimension(params, frame)
        family = flow.removeprefix("DF_")
        data = Observations.from_frame(frame.iloc[:0, len(_LEAD) :])
        schemas = f"{request.base_url}{SDMX_SCHEMAS}"
        text = flow_schema(data, family, self.release.identity, schemas, at)
        return respond(request, self.release, text.encode(), "application/xml")

    async def data(self, request: Request) -> Response:
        """The observations of a dataflow that match the key and the periods."""
        params = query(request, _DATA_PARAMS, unimplemented=_UNIMPLEMENTED)
        flow = self._flow(request.path_params["flow"])
        provider = request.path_params.get("provider", "all")
        if provider not in ("all", self.release.identity.agency):
            raise not_found(f"no data provider {provider!r}")
        _detail(params, _DATA_DETAIL)
        frame = self.release.flows[flow]
        at = self._observation_dimension(params, frame)
        media_type = _media_type(request, params)
        rows = frame[self._mask(frame, request.path_params.get("key", "all"), params)]
        if rows.empty:
            raise not_found("no observations match the key and the periods")
        data = Observations.from_frame(rows.iloc[:, len(_LEAD) :])
        family, identity = flow.removeprefix("DF_"), self.release.identity
        if media_type == SDMX_CSV:
            body = csv_text(data, family, identity)
        else:
            where = f"{identity.agency}/{flow}/{identity.version}"
            schema = f"{request.base_url}rest/schema/dataflow/{where}"
            if at != ALL_DIMENSIONS:
                schema += f"?dimensionAtObservation={at}"
            body = data_xml(data, family, identity, schema.replace("&", "&amp;"), at)
        return respond(request, self.release, body.encode("utf-8"), media_type)

    def _flow(self, reference: str) -> str:
        """The dataflow id of ``id``, ``agency,id`` or ``agency,id,version``."""
        parts = reference.split(",")
        if len(parts) > 3 or not all(parts):
            raise bad_request("flow", f"{reference!r} is not id, agency,id or agency,id,version")
        flow = parts[0] if len(parts) == 1 else parts[1]
        identity = self.release.identity
        agency = parts[0] if len(parts) > 1 else "all"
        version = parts[2] if len(parts) == 3 else "latest"
        if (
            flow not in self.release.flows
            or agency not in ("all", identity.agency)
            or version not in ("all", "latest", identity.version)
        ):
            raise not_found(f"no dataflow {reference!r}")
        return flow

    def _observation_dimension(self, params: dict[str, str], frame: pd.DataFrame) -> str:
        at = params.get("dimensionAtObservation", _TIME)
        dimensions = _dimensions(frame)
        if at != ALL_DIMENSIONS and at not in (*dimensions, _TIME):
            raise bad_request("dimensionAtObservation", f"{at!r} is not a dimension of the flow")
        return at

    def _mask(self, frame: pd.DataFrame, key: str, params: dict[str, str]) -> np.ndarray:
        mask = np.ones(len(frame), dtype=bool)
        dimensions = _dimensions(frame)
        if key not in ("all", ""):
            parts = key.split(".")
            if len(parts) != len(dimensions):
                expected = f"{len(dimensions)}: {'.'.join(dimensions)}"
                raise bad_request("key", f"{len(parts)} parts; the flow has {expected}")
            for dimension, part in zip(dimensions, parts, strict=True):
                if part:
                    codes = part.split("+")
                    self._check_codes(dimension, codes)
                    mask &= frame[dimension].isin(codes).to_numpy()
        periods = frame[_TIME]
        if "startPeriod" in params:
            mask &= (periods >= _period(params, "startPeriod", first=True)).to_numpy()
        if "endPeriod" in params:
            mask &= (periods <= _period(params, "endPeriod", first=False)).to_numpy()
        return mask

    def _check_codes(self, dimension: str, codes: list[str]) -> None:
        known = self.graph.codes(dimension)
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise not_found(f"key: {dimension} has no code {unknown[0]!r}")


def _dimensions(frame: pd.DataFrame) -> list[str]:
    """The key's dimensions, in order: the CSV's columns after its own, before the time."""
    columns = list(frame.columns)
    return columns[len(_LEAD) : columns.index(_TIME)]


def _detail(params: dict[str, str], answered: dict[str, bool]) -> None:
    """``detail`` must be a value the standard has (400) and one we answer (501)."""
    detail = params.get("detail", "full")
    if detail not in answered:
        raise bad_request("detail", f"one of {', '.join(answered)}")
    if not answered[detail]:
        raise ClientError(501, f"detail={detail} is not implemented")


def _period(params: dict[str, str], name: str, *, first: bool) -> str:
    """A period bound as ``YYYY-MM``: a year starts in January and ends in December."""
    match = _PERIOD.match(params[name])
    if not match or (match.group(2) and not 1 <= int(match.group(2)) <= 12):
        raise bad_request(name, f"{params[name]!r} is not a period (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month = match.group(1), match.group(2)
    return f"{year}-{month or ('01' if first else '12')}"


def _media_type(request: Request, params: dict[str, str]) -> str:
    """SDMX-CSV or SDMX-ML, by ``format`` or else by ``Accept``; XML by default."""
    if "format" in params:
        try:
            return _FORMATS[params["format"]]
        except KeyError:
            raise bad_request("format", f"one of {', '.join(_FORMATS)}") from None
    return _negotiated(request, _ACCEPTED, "SDMX-ML or SDMX-CSV")


def _negotiated(request: Request, offers: dict[str, str], named: str) -> str:
    """The first type in ``Accept`` (in the client's order) that we have; else 406."""
    accept = request.headers.get("accept", "*/*")
    for offer in (part.split(";")[0].strip().lower() for part in accept.split(",")):
        if offer in offers:
            return offers[offer]
    raise ClientError(406, f"cannot answer with {accept}; ask for {named}")


_STRUCTURES: dict[str, str] = {
    "application/vnd.sdmx.structure+xml": SDMX_STRUCTURE,
    "application/xml": SDMX_STRUCTURE,
    "text/xml": SDMX_STRUCTURE,
    "*/*": SDMX_STRUCTURE,
    "application/*": SDMX_STRUCTURE,
}
_ACCEPTED: dict[str, str] = {
    "application/vnd.sdmx.data+csv": SDMX_CSV,
    "text/csv": SDMX_CSV,
    "application/vnd.sdmx.structurespecificdata+xml": SDMX_DATA,
    "application/xml": SDMX_DATA,
    "text/xml": SDMX_DATA,
    "*/*": SDMX_DATA,
    "application/*": SDMX_DATA,
}
