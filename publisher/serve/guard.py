"""The wrapper around every request: body limits, timeouts, headers, and faults.

It sits outside Starlette so that it sees every request before any route and every
exception after it. A body is refused with 413 from its ``Content-Length`` before a byte
of it is read, or as soon as a chunked body grows past the limit; a body that does not
arrive within the request time is 408. A fault of ours is answered 500, logged once here
and not raised further: uvicorn would log it again and close the connection, which the
other requests on it did nothing to deserve.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from publisher.serve.http import ClientError
from publisher.serve.limits import Limits
from publisher.serve.problems import error_response

_LOG = logging.getLogger("publisher.serve")
_NOSNIFF = (b"x-content-type-options", b"nosniff")


async def guard(app: ASGIApp, limits: Limits, scope: Scope, receive: Receive, send: Send) -> None:
    """Run ``app`` on one HTTP request within ``limits``."""
    started = False

    async def sending(message: Message) -> None:
        nonlocal started
        if message["type"] == "http.response.start":
            started = True
            message["headers"] = [*message.get("headers", []), _NOSNIFF]
        await send(message)

    path = scope.get("path", "/")
    refused = _refused(Headers(scope=scope), limits)
    if refused is not None:
        await _answer(path, refused, scope, receive, sending)
        return
    try:
        await app(scope, _bounded(receive, limits), sending)
    except Exception:
        _LOG.exception("error answering %s", path)
        if not started:
            fault = ClientError(500, "internal error; the server's log has the details")
            await _answer(path, fault, scope, receive, sending)


def _refused(headers: Headers, limits: Limits) -> ClientError | None:
    """413 for a declared body over the limit, 400 for a malformed length."""
    declared = headers.get("content-length")
    if declared is None:
        return None
    if not (declared.isascii() and declared.isdigit()):
        return ClientError(400, "Content-Length: not a length")
    if len(declared) > 15 or int(declared) > limits.body_bytes:
        return ClientError(413, f"the body is over {limits.body_bytes} bytes")
    return None


async def _answer(
    path: str, error: ClientError, scope: Scope, receive: Receive, send: Send
) -> None:
    response = error_response(path, error.status, error.message)
    if error.status in (408, 413):
        response.headers["Connection"] = "close"  # the rest of the body is not read
    await response(scope, receive, send)


def _bounded(receive: Receive, limits: Limits) -> Callable[[], Awaitable[Message]]:
    """``receive``, refusing a body past the byte limit or the request's time."""
    deadline = time.monotonic() + limits.request_seconds
    received, done = 0, False

    async def bounded() -> Message:
        nonlocal received, done
        if done:  # after the body only a disconnect comes, whenever it comes
            return await receive()
        try:
            message = await asyncio.wait_for(receive(), max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            raise ClientError(408, "the request was not sent in time") from None
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            done = not message.get("more_body", False)
            if received > limits.body_bytes:
                raise ClientError(413, f"the body is over {limits.body_bytes} bytes")
        return message

    return bounded
