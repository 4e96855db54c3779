"""What one request may cost the server, with the defaults ``publisher serve`` documents.

Every limit bounds something a client chooses: the bytes it sends before the server
knows what it wants (request line and headers), the body, the items of its selections
(each costs a lookup or a pattern match), the cells of the answer (what the writers
build), and how long it may take to send its request. They are one frozen value, passed
to the app and to uvicorn, so a test can lower any of them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits of one server; each must be positive."""

    header_bytes: int = 16_384  # request line and headers (uvicorn answers 400 beyond)
    body_bytes: int = 1_048_576  # a POST's body (413 beyond)
    items: int = 2_000  # selection items of one request, every dimension together (400)
    cells: int = 1_000_000  # cells of one data answer: PxWebApi's maxDataCells (403)
    request_seconds: float = 10.0  # to send the request line, headers and body (408)

    def __post_init__(self) -> None:
        for name in self.__slots__:
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be positive")
