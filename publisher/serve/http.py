"""What every response of the server shares: validators, caching and one-line errors.

A release never changes while it is served, so every response is identified by the
release's digest and the request that made it: the ``ETag`` is both, and
``Last-Modified`` is when the release was written. A client's mistake is a
:class:`ClientError`: its status and one line of text, never a traceback.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable
from email.utils import parsedate_to_datetime

from starlette.requests import Request
from starlette.responses import Response

from publisher.serve.release import Release

CACHE_CONTROL = "public, max-age=300"
SDMX_SCHEMAS = "schemas/sdmx21/"  # where the SDMX 2.1 XSDs are served, for validating clients


class ClientError(Exception):
    """A request the server cannot answer as asked: an HTTP status and one line why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def not_found(message: str) -> ClientError:
    """404: a table, flow, dimension, code or file the release does not have."""
    return ClientError(404, message)


def bad_request(parameter: str, message: str) -> ClientError:
    """400: a malformed query, naming the parameter."""
    return ClientError(400, f"{parameter}: {message}")


def query(
    request: Request,
    allowed: set[str],
    *,
    prefix: tuple[str, ...] = (),
    unimplemented: frozenset[str] = frozenset(),
    repeatable: frozenset[str] = frozenset(),
) -> dict[str, str]:
    """The query parameters, each given once (a ``repeatable`` one joined by commas).

    A parameter neither ``allowed`` nor ``prefix[…]`` is an error naming it: ignored, a
    mistyped one would return more than was asked for as if it were the answer. One the
    standard has but we do not answer is 501.
    """
    params: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        if name in unimplemented:
            raise ClientError(501, f"{name} is not implemented")
        if name not in allowed and not (name.startswith(prefix) and name[-1:] == "]"):
            raise bad_request(name, "not a parameter of this endpoint")
        if name in params and name not in repeatable:
            raise bad_request(name, "given twice")
        params[name] = f"{params[name]},{value}" if name in params else value
    return params


def respond(
    request: Request,
    release: Release,
    body: bytes | Callable[[], bytes],
    media_type: str,
    *,
    kept: bool = False,
    key: str | None = None,
) -> Response:
    """``body`` with validators, gzipped if the client takes it; 304 if it has it already.

    ``body`` may be a function that makes it: the validators come from the request
    alone, so a 304 or a ``HEAD`` never makes the body (a ``HEAD`` has no
    ``Content-Length`` then). The representation for a client that takes gzip has an
    ``ETag`` of its own. ``kept``: the body is one the server keeps (a file of the
    release, a structure), so its gzipped form is kept too; other bodies are compressed
    per request. ``key``: what besides the URL chose the body (a POST's selection).
    """
    # The base URL (the client's Host) goes into bodies' links, so into the validator too.
    variant = f"{request.url}|{key}|{media_type}".encode()
    etag = f"{release.etag}-{hashlib.sha256(variant).hexdigest()[:12]}"
    takes_gzip = _takes_gzip(request.headers.get("accept-encoding", ""))
    etag = f'"{etag}-gz"' if takes_gzip else f'"{etag}"'
    headers = {
        "ETag": etag,
        "Last-Modified": release.last_modified,
        "Cache-Control": CACHE_CONTROL,
        "Vary": "Accept, Accept-Encoding",
    }
    if _fresh(request, etag, release.last_modified):
        return Response(status_code=304, headers=headers)
    if request.method == "HEAD" and callable(body):
        response = Response(media_type=media_type, headers=headers)
        del response.headers["content-length"]
        return response
    content = body() if callable(body) else body
    if takes_gzip and len(content) >= MIN_GZIP:
        content = _kept_gzip(release, content) if kept else _gzip(content)
        headers["Content-Encoding"] = "gzip"
    return Response(content, media_type=media_type, headers=headers)


MIN_GZIP = 1024  # smaller bodies gain less than the header costs


def _gzip(body: bytes) -> bytes:
    return gzip.compress(body, compresslevel=6, mtime=0)


def _kept_gzip(release: Release, body: bytes) -> bytes:
    """The gzipped form of a body the server keeps, made once (by identity, not by URL).

    Kept with the release, so a release the server no longer serves takes it along.
    """
    entry = release.gzipped.get(id(body))
    if entry is None or entry[0] is not body:
        entry = release.gzipped[id(body)] = (body, _gzip(body))
    return entry[1]


def _takes_gzip(accept_encoding: str) -> bool:
    """Whether ``Accept-Encoding`` takes gzip (``gzip;q=0`` refuses it)."""
    for part in accept_encoding.lower().split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip() in ("gzip", "*"):
            quality = params.strip().removeprefix("q=")
            return not (params and quality.replace(".", "").strip("0") == "")
    return False


def _fresh(request: Request, etag: str, last_modified: str) -> bool:
    """Whether the client's copy is current (RFC 9110 §13.1: If-None-Match comes first)."""
    match = request.headers.get("if-none-match")
    if match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in match.split(",")}
        matched = "*" in tags or etag in tags
        if matched and request.method not in ("GET", "HEAD"):
            raise ClientError(412, "If-None-Match: the representation matches")
        return matched
    since = request.headers.get("if-modified-since")
    if since is None or request.method not in ("GET", "HEAD"):  # RFC 9110 §13.1.3
        return False
    try:
        return parsedate_to_datetime(last_modified) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):  # a malformed date is ignored, as RFC 9110 says
        return False
