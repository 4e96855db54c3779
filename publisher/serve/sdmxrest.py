"""The SDMX REST v1 (SDMX 2.1) subset: structures, data, and the data's schemas.

Structures: ``/rest/{dataflow|datastructure|codelist|conceptscheme}/{agency}/{id}/{version}``
(each part optional; ``all``, ``latest`` and ``+`` between ids as the standard has them)
with ``references`` ``none`` (default), ``parents``, ``parentsandsiblings``, ``children``,
``descendants``, ``all`` or a structure type. Data: ``/rest/data/{flow}/{key}/{provider}``
with ``startPeriod``, ``endPeriod``, ``dimensionAtObservation`` (``TIME_PERIOD`` by
default, any dimension, or ``AllDimensions``) and ``detail`` ``full``/``dataonly``, as
SDMX-ML 2.1 Generic (the default), StructureSpecific or SDMX-CSV 2.0 by ``Accept`` (with
its q-values) or ``format``. The data's schema, which structure-specific data's
``xsi:type`` needs, is ``/rest/schema/dataflow/{agency}/{id}/{version}``. Every other
resource and context the standard names is 501, as it asks of a service; a name it does
not have is 404. A slice is the release's own rows: a suppressed observation stays
``NaN`` with ``Q`` and ``A``.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import sdmx
from sdmx.message import StructureMessage
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from publisher.merging.cube import TIME_PERIOD
from publisher.serve import sdmxrest_data
from publisher.serve.http import SDMX_SCHEMAS, ClientError, bad_request, not_found, query, respond
from publisher.serve.limits import Limits
from publisher.serve.negotiation import Offer, negotiate
from publisher.serve.release import Release
from publisher.serve.sdmx_periods import month_bound
from publisher.serve.structures import KINDS, Graph
from publisher.writers.layout import SDMX_STRUCTURE
from publisher.writers.sdmx_data import ALL_DIMENSIONS, Observations, flow_schema

_LEAD = ("STRUCTURE", "STRUCTURE_ID", "ACTION")  # SDMX-CSV's own columns
_UNIMPLEMENTED = frozenset(
    {"updatedAfter", "firstNObservations", "lastNObservations", "includeHistory"}
)
# The structural resources of SDMX REST 1.5.0 we do not serve: 501, not 404.
_OTHER_RESOURCES = frozenset(
    {"metadatastructure", "metadataflow", "provisionagreement", "structureset", "process",
     "categorisation", "contentconstraint", "actualconstraint", "allowedconstraint",
     "attachmentconstraint", "structure", "categoryscheme", "hierarchicalcodelist",
     "organisationscheme", "agencyscheme", "dataproviderscheme", "dataconsumerscheme",
     "organisationunitscheme", "transformationscheme", "rulesetscheme",
     "userdefinedoperatorscheme", "customtypescheme", "namepersonalisationscheme",
     "namealiasscheme", "availableconstraint", "metadata"}
)  # fmt: skip
_CONTEXTS = frozenset(
    {"datastructure", "metadatastructure", "dataflow", "metadataflow", "provisionagreement"}
)
# The values of ``detail`` the standard has, and whether we answer them.
_STRUCTURE_DETAIL = {"full": True, "allstubs": False, "referencestubs": False,
                     "allcompletestubs": False, "referencecompletestubs": False,
                     "referencepartial": False}  # fmt: skip
_DATA_DETAIL = {"full": True, "dataonly": True, "serieskeysonly": False, "nodata": False}
_DATA_PARAMS = {"startPeriod", "endPeriod", "dimensionAtObservation", "detail", "format"}
_STRUCTURES = {
    "application/vnd.sdmx.structure+xml": Offer(SDMX_STRUCTURE, "2.1"),
    "application/xml": Offer(SDMX_STRUCTURE),
    "text/xml": Offer(SDMX_STRUCTURE),
    "application/*": Offer(SDMX_STRUCTURE),
    "*/*": Offer(SDMX_STRUCTURE),
}
SDMX_SCHEMA = "application/vnd.sdmx.schema+xml;version=2.1"
_SCHEMAS = {
    "application/vnd.sdmx.schema+xml": Offer(SDMX_SCHEMA, "2.1"),
    "application/xml": Offer(SDMX_SCHEMA),
    "text/xml": Offer(SDMX_SCHEMA),
    "application/*": Offer(SDMX_SCHEMA),
    "*/*": Offer(SDMX_SCHEMA),
}


class SdmxRest:
    """The endpoints, answering from one release."""

    def __init__(self, release: Release, limits: Limits) -> None:
        self.release = release
        self.limits = limits
        self.graph = Graph(release.structure)
        self.structure_xml = cache(self._structure_xml)

    def routes(self) -> list[Route]:
        """The routes under ``/rest``."""
        return [
            Route("/rest/data/{flow}", self.data),
            Route("/rest/data/{flow}/{key}", self.data),
            Route("/rest/data/{flow}/{key}/{provider}", self.data),
            Route("/rest/schema/{context}/{agency}/{id}/{version}", self.schema),
            Route("/rest/schema/{context}/{agency}/{id}", self.schema),
            Route("/rest/{kind}", self.structure),
            Route("/rest/{kind}/{agency}", self.structure),
            Route("/rest/{kind}/{agency}/{id}", self.structure),
            Route("/rest/{kind}/{agency}/{id}/{version}", self.structure),
            Route("/rest/{kind}/{agency}/{id}/{version}/{item:path}", self.unimplemented),
        ]

    async def unimplemented(self, request: Request) -> Response:
        """A query the standard has and we do not answer (an item query, …): 501."""
        _resource(request.path_params["kind"])
        raise ClientError(501, f"{request.path_params['kind']} item queries are not implemented")

    async def structure(self, request: Request) -> Response:
        """Structures that match the path, with those ``references`` asks for."""
        kind = _resource(request.path_params["kind"])
        params = query(request, {"references", "detail"})
        _detail(params, _STRUCTURE_DETAIL)
        negotiate(request.headers.get("accept"), _STRUCTURES, "SDMX-ML 2.1 structures")
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
        context = request.path_params["context"]
        if context not in _CONTEXTS:
            raise not_found(f"no schema context {context!r}; one of {', '.join(sorted(_CONTEXTS))}")
        if context != "dataflow":
            raise ClientError(501, f"schemas of a {context} are not implemented")
        params = query(request, {"dimensionAtObservation", "explicitMeasure", "detail"})
        dataonly = params.get("detail", "full") == "dataonly"
        if params.get("explicitMeasure", "false") not in ("true", "false") or not (
            dataonly or params.get("detail", "full") == "full"
        ):
            raise bad_request("explicitMeasure", "true or false")
        names = ("agency", "id", "version")
        flow = self._flow(
            ",".join(request.path_params[p] for p in names if p in request.path_params)
        )
        media = negotiate(request.headers.get("accept"), _SCHEMAS, "an XML schema")
        frame, family = self.release.flows[flow].rows, self.release.flows[flow].family
        at = self._observation_dimension(params, frame)
        data = Observations.from_frame(frame.iloc[:0, len(_LEAD) :])
        schemas = f"{request.base_url}{SDMX_SCHEMAS}"
        text = flow_schema(data, family, self.release.identity, schemas, at)
        text = sdmxrest_data.optional_attributes(text) if dataonly else text
        return respond(request, self.release, text.encode(), media)

    async def data(self, request: Request) -> Response:
        """The observations of a dataflow that match the key and the periods."""
        params = query(request, _DATA_PARAMS, unimplemented=_UNIMPLEMENTED)
        flow = self._flow(request.path_params["flow"])
        provider = request.path_params.get("provider", "all")
        if not set(provider.split("+")) & {"all", self.release.identity.agency}:
            raise not_found(f"no data provider {provider!r}")
        _detail(params, _DATA_DETAIL)
        frame, family = self.release.flows[flow].rows, self.release.flows[flow].family
        at = self._observation_dimension(params, frame)
        kind = sdmxrest_data.media_type(request.headers.get("accept"), params)
        rows = frame[self._mask(frame, request.path_params.get("key", "all"), params)]
        if rows.empty:
            raise not_found("no observations match the key and the periods")
        if len(rows) > self.limits.cells:
            raise ClientError(413, f"{len(rows)} observations; at most {self.limits.cells}")
        identity, dataonly = self.release.identity, params.get("detail") == "dataonly"
        where = f"{identity.agency}/{flow}/{identity.version}"
        layout = sdmxrest_data.Layout(
            at=at,
            dataonly=dataonly,
            flow_schema=sdmxrest_data.layout_schema(str(request.base_url), where, at, dataonly),
            sdmx_schemas=f"{request.base_url}{SDMX_SCHEMAS}",
        )
        columns = rows.iloc[:, len(_LEAD) :]

        def body() -> bytes:
            return sdmxrest_data.render(columns, kind, family, identity, layout).encode("utf-8")

        return respond(request, self.release, body, kind)

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
        at = params.get("dimensionAtObservation", TIME_PERIOD)
        if at != ALL_DIMENSIONS and at not in (*_dimensions(frame), TIME_PERIOD):
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
        periods = frame[TIME_PERIOD]
        if "startPeriod" in params:
            start = month_bound("startPeriod", params["startPeriod"], first=True)
            mask &= (periods >= start).to_numpy()
        if "endPeriod" in params:
            end = month_bound("endPeriod", params["endPeriod"], first=False)
            mask &= (periods <= end).to_numpy()
        return mask

    def _check_codes(self, dimension: str, codes: list[str]) -> None:
        known = self.graph.codes(dimension)
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise not_found(f"key: {dimension} has no code {unknown[0]!r}")


def _resource(kind: str) -> str:
    """A structural resource we answer; 501 for one of the standard's we do not, else 404."""
    if kind in KINDS:
        return kind
    if kind in _OTHER_RESOURCES:
        raise ClientError(501, f"{kind} is not implemented")
    raise not_found(f"no resource {kind!r}; one of data, schema, {', '.join(KINDS)}")


def _dimensions(frame: pd.DataFrame) -> list[str]:
    """The key's dimensions, in order: the CSV's columns after its own, before the time."""
    columns = list(frame.columns)
    return columns[len(_LEAD) : columns.index(TIME_PERIOD)]


def _detail(params: dict[str, str], answered: dict[str, bool]) -> None:
    """``detail`` must be a value the standard has (400) and one we answer (501)."""
    detail = params.get("detail", "full")
    if detail not in answered:
        raise bad_request("detail", f"one of {', '.join(answered)}")
    if not answered[detail]:
        raise ClientError(501, f"detail={detail} is not implemented")
