"""``Accept`` as RFC 9110 has it: quality values, exclusions, and the ``version`` parameter.

The client's types are tried from the highest ``q`` down (in its order when equal); a
type with ``q=0`` is refused, never chosen. A type naming a ``version`` matches only an
offer of that version: SDMX-CSV ``version=1.0.0`` is not the 2.0.0 we write, and a
``version=3.0.0`` structure is not SDMX-ML 2.1, so neither is answered with what we have.
"""

from __future__ import annotations

from dataclasses import dataclass

from publisher.serve.http import ClientError

MAX_TYPES = 64  # of one Accept header: more is no browser's or library's


@dataclass(frozen=True, slots=True)
class Offer:
    """What the server sends for one media type a client may name."""

    media_type: str  # the Content-Type of the answer
    version: str | None = None  # the version a client's ``version=`` must name


def negotiate(accept: str | None, offers: dict[str, Offer], named: str) -> str:
    """The media type to answer with; 406 when the client takes none of ``offers``."""
    wanted = _parsed(accept or "*/*")
    for _, _, kind, version in sorted(wanted):
        offer = offers.get(kind)
        if offer is not None and (version is None or version == offer.version):
            return offer.media_type
    raise ClientError(406, f"cannot answer with {accept}; ask for {named}")


def _parsed(accept: str) -> list[tuple[float, int, str, str | None]]:
    """(−q, position, type, version) of each type with a q above 0."""
    found = []
    for at, part in enumerate(accept.split(",")[:MAX_TYPES]):
        kind, *params = (p.strip() for p in part.split(";"))
        options = dict(_option(p) for p in params)
        quality = _quality(options.get("q", "1"))
        if quality > 0:
            found.append((-quality, at, kind.lower(), options.get("version")))
    return found


def _option(param: str) -> tuple[str, str]:
    name, _, value = param.partition("=")
    return name.strip().lower(), value.strip().strip('"')


def _quality(text: str) -> float:
    """A q-value (0 to 1, three decimals at most); a malformed one counts as 0."""
    head, _, tail = text.partition(".")
    if (
        head not in ("0", "1")
        or len(tail) > 3
        or not (tail == "" or (tail.isascii() and tail.isdigit()))
    ):
        return 0.0
    return min(1.0, float(text))
