"""PxWebApi 2 value selections: ``valuecodes[DIM]=a,b``, ``*``, ``top(n)`` and the rest.

An expression is a comma-separated list of items, each a code or one of:
``*`` (every value), a wildcard such as ``03*`` or ``?1`` (``*`` any run, ``?`` one
character), ``top(n)`` / ``top(n,offset)`` and ``bottom(n)`` / ``bottom(n,offset)``,
``from(code)``, ``to(code)`` and ``range(from,to)``. For the time dimension ``top`` takes
the latest periods, as in PxWeb; elsewhere it takes the first values in the table's order.
The result is always in the table's order, each value once.

The expression comes from a client, so reading it costs time linear in its length: it is
split by one scan of its characters (no backtracking regex), and a wildcard is compiled
only when it could match a code at all (no more literal characters than the longest
code), after collapsing runs of ``*``; the compiled patterns live in ``re``'s own bounded
cache, never in one keyed by what clients send.
"""

from __future__ import annotations

import fnmatch
import re

from publisher.serve.http import bad_request, not_found

_FUNCTIONS = ("top", "bottom", "from", "to", "range")
_STARS = re.compile(r"\*+")
MAX_DIGITS = 9  # a count or page number: more digits is no count a table has


def items(parameter: str, expression: str) -> list[str]:
    """The items of ``expression``, split at the commas outside parentheses.

    Raises:
        ClientError: 400 for an empty item or unbalanced parentheses.
    """
    if "(" not in expression and ")" not in expression:  # codes and wildcards: split in C
        found = [item.strip() for item in expression.split(",")]
        if not all(found):
            raise bad_request(parameter, f"cannot read the selection {expression!r}")
        return found
    found = []
    start, depth = 0, 0
    for at, char in enumerate(expression):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            found.append(expression[start:at].strip())
            start = at + 1
        if not 0 <= depth <= 1:
            break
    found.append(expression[start:].strip())
    if depth != 0 or not all(found):
        raise bad_request(parameter, f"cannot read the selection {expression!r}")
    return found


def select(parameter: str, chosen: list[str], codes: tuple[str, ...], *, time: bool) -> list[int]:
    """The positions in ``codes`` that the items ``chosen`` select, in order.

    Raises:
        ClientError: 400 for a malformed item, 404 for a code the dimension lacks.
    """
    positions: set[int] = set()
    longest = max((len(code) for code in codes), default=0)
    for item in dict.fromkeys(chosen):
        positions.update(_item(parameter, item, codes, time, longest))
    return sorted(positions)


def _item(parameter: str, item: str, codes: tuple[str, ...], time: bool, longest: int) -> list[int]:
    name, opened, rest = item.partition("(")
    if opened:
        if name.lower() not in _FUNCTIONS or not rest.endswith(")") or ")" in rest[:-1]:
            raise bad_request(parameter, f"cannot read the selection item {item!r}")
        arguments = [a.strip() for a in rest[:-1].split(",")]
        return _function(parameter, name.lower(), arguments, codes, time)
    if ")" in item:
        raise bad_request(parameter, f"cannot read the selection item {item!r}")
    if "*" in item or "?" in item:
        return _wildcard(item, codes, longest)
    return [_position(parameter, item, codes)]


def _wildcard(item: str, codes: tuple[str, ...], longest: int) -> list[int]:
    """The codes a wildcard matches; one with more literals than any code matches none."""
    if len(item) - item.count("*") > longest:
        return []
    pattern = re.compile(fnmatch.translate(_STARS.sub("*", item)))
    return [i for i, code in enumerate(codes) if pattern.match(code)]


def _function(
    parameter: str, name: str, arguments: list[str], codes: tuple[str, ...], time: bool
) -> list[int]:
    positions = list(range(len(codes)))
    if name in ("top", "bottom"):
        count, offset = _counts(parameter, name, arguments)
        latest_first = positions[::-1] if time else positions
        ordered = latest_first if name == "top" else latest_first[::-1]
        return ordered[offset : offset + count]
    if name == "range" and len(arguments) == 2:
        start, end = (_position(parameter, a, codes) for a in arguments)
        return positions[start : end + 1]
    if name in ("from", "to") and len(arguments) == 1:
        at = _position(parameter, arguments[0], codes)
        return positions[at:] if name == "from" else positions[: at + 1]
    raise bad_request(parameter, f"{name}() takes {'two codes' if name == 'range' else 'a code'}")


def _counts(parameter: str, name: str, arguments: list[str]) -> tuple[int, int]:
    if not 1 <= len(arguments) <= 2 or not all(whole(a) for a in arguments):
        raise bad_request(parameter, f"{name}() takes a count and an optional offset")
    count, offset = int(arguments[0]), int(arguments[1]) if len(arguments) == 2 else 0
    if count < 1:
        raise bad_request(parameter, f"{name}() takes a count of at least 1")
    return count, offset


def whole(text: str) -> bool:
    """Whether ``text`` is a whole number written in ASCII digits, of at most 9 of them."""
    return 0 < len(text) <= MAX_DIGITS and text.isascii() and text.isdigit()


def _position(parameter: str, code: str, codes: tuple[str, ...]) -> int:
    try:
        return codes.index(code)
    except ValueError:
        dimension = parameter.removeprefix("valuecodes[").removesuffix("]")
        raise not_found(f"{dimension} has no value {code!r}") from None
