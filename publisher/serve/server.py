"""Running the app under uvicorn, with the limits no ASGI app can enforce itself.

uvicorn's h11 protocol already bounds the request line and headers
(``h11_max_incomplete_event_size``) but waits for ever for a head sent half-way: the
protocol here closes a connection whose request head has not arrived within the
request time. With ``workers`` above one uvicorn starts its own processes, which import
the app by name; the folder and limits reach them through one environment variable.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import socket
from pathlib import Path
from typing import Any

import h11
import orjson
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from publisher.serve.app import Following, create_app
from publisher.serve.limits import Limits

_SETTINGS = "PUBLISHER_SERVE_SETTINGS"


def run(app: Following, host: str, port: int, limits: Limits, workers: int = 1) -> None:
    """Serve ``app`` (or, with ``workers`` > 1, one copy of it per worker process)."""
    os.environ[_SETTINGS] = orjson.dumps(
        {"release": str(app.folder), "limits": dataclasses.asdict(limits)}
    ).decode()
    HeadTimeoutH11.head_seconds = limits.request_seconds
    target: Any = app if workers == 1 else "publisher.serve.server:application"
    uvicorn.run(
        target,
        factory=workers > 1,
        host=host,
        port=port,
        workers=workers,
        http=HeadTimeoutH11,
        h11_max_incomplete_event_size=limits.header_bytes,
        log_level="warning",
    )


def application() -> Following:
    """The app of a worker process, from the settings ``run`` left in the environment."""
    settings = orjson.loads(os.environ.get(_SETTINGS, '{"release": "output", "limits": {}}'))
    limits = Limits(**settings["limits"])
    HeadTimeoutH11.head_seconds = limits.request_seconds
    return create_app(Path(settings["release"]), limits)


class HeadTimeoutH11(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request head is late."""

    head_seconds = Limits().request_seconds  # set by ``run`` and ``application``

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start the clock for the first request's head; send each write at once."""
        super().connection_made(transport)
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            # Worker processes get sockets without it, and h11 writes a response's head
            # and body apart: Nagle and delayed ACKs would hold each response 40 ms.
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._arm()

    def data_received(self, data: bytes) -> None:
        """Stop the clock once the head is complete."""
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._disarm()

    def on_response_complete(self) -> None:
        """Start the clock for the next request's head."""
        super().on_response_complete()
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop the clock."""
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self.head_timer = self.loop.call_later(self.head_seconds, self._expire)

    def _disarm(self) -> None:
        if self.head_timer is not None:
            self.head_timer.cancel()
            self.head_timer = None

    def _expire(self) -> None:
        self.head_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()
