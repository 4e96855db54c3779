"""Error bodies in each protocol's own format, one line of reason each.

A client reads an error the way its protocol says: PxWebApi 2 answers
``application/problem+json`` (RFC 9457, the spec's ``Problem``), SDMX REST the SDMX-ML 2.1
``Error`` message with the SDMX code the standard maps the HTTP status to, and the
release's own files plain text. The format is chosen by the path alone, so an error found
before any route runs (a body too large, a slow client) reads the same as one a route
raises. The reason is one line with control characters escaped: a client's input echoed
back can neither split the line nor reach a terminal raw, and is cut short.
"""

from __future__ import annotations

from http import HTTPStatus
from xml.sax.saxutils import escape

import orjson
from starlette.responses import Response

PXWEB, SDMX = "/api/v2/", "/rest/"
PROBLEM = "application/problem+json"
SDMX_ERROR = "application/xml"
# SDMX REST "SDMX to HTTP Error Mapping": the SDMX error code of an HTTP status.
_SDMX_CODES = {400: 140, 401: 110, 403: 150, 404: 100, 413: 130, 500: 500, 501: 501, 503: 503}


MAX_REASON = 300  # characters: a reason quotes what the client sent, never all of it


def one_line(message: str) -> str:
    """``message`` on one line, shortened, with every non-printable character escaped."""
    line = " ".join(message.split())
    if len(line) > MAX_REASON:
        line = line[: MAX_REASON - 1] + "…"
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in line)


def error_response(path: str, status: int, message: str) -> Response:
    """The error response for a request to ``path``: its status and a one-line reason."""
    line = one_line(message)
    headers = {"Cache-Control": "no-store"}
    if path.startswith(PXWEB) or path == PXWEB[:-1]:
        title = HTTPStatus(status).phrase
        body = {"type": "about:blank", "title": title, "status": status, "detail": line}
        return Response(orjson.dumps(body), status, headers, media_type=PROBLEM)
    if path.startswith(SDMX) or path == SDMX[:-1]:
        return Response(sdmx_error(status, line), status, headers, media_type=SDMX_ERROR)
    return Response(line + "\n", status, headers, media_type="text/plain; charset=utf-8")


def sdmx_error(status: int, line: str) -> bytes:
    """An SDMX-ML 2.1 ``Error`` message."""
    code = _SDMX_CODES.get(status, 1000 + status)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<mes:Error xmlns:mes="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"'
        ' xmlns:com="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common">'
        f'<mes:ErrorMessage code="{code}"><com:Text xml:lang="en">{escape(line)}</com:Text>'
        "</mes:ErrorMessage></mes:Error>\n"
    ).encode()
