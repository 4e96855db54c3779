"""Fixtures of the server tests: the sample's release in the app, and on a real socket."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.testclient import TestClient

from publisher.serve import create_app
from publisher.serve.limits import Limits
from publisher.serve.server import HeadTimeoutH11


@pytest.fixture(scope="session")
def app(sample_release: Path) -> Starlette:
    """The application serving the sample's release."""
    return create_app(sample_release)


@pytest.fixture(scope="session")
def client(app: Starlette) -> TestClient:
    """An in-process client of the app; errors come back as responses, as on a socket."""
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="session")
def server(app: Starlette) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port; yields its base URL."""
    with serving(app) as url:
        yield url


@contextmanager
def serving(app: Any, limits: Limits | None = None) -> Iterator[str]:
    """``app`` served as ``publisher serve`` serves it, on a free loopback port."""
    limits = limits or Limits()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    protocol = type("Protocol", (HeadTimeoutH11,), {"head_seconds": limits.request_seconds})
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        http=protocol,
        h11_max_incomplete_event_size=limits.header_bytes,
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)
