"""PxWebApi 2 value selections: ``valuecodes[DIM]=a,b``, ``*``, ``top(n)`` and the rest.

An expression is a comma-separated list of items, each a code or one of:
``*`` (every value), a wildcard such as ``03*`` or ``?1`` (``*`` any run, ``?`` one
character), ``top(n)`` / ``top(n,offset)`` and ``bottom(n)`` / ``bottom(n,offset)``,
``from(code)``, ``to(code)`` and ``range(from,to)``. For the time dimension ``top`` takes
the latest periods, as in PxWeb; elsewhere it takes the first values in the table's order.
The result is always in the table's order, each value once.
"""

from __future__ import annotations

import fnmatch
import re

from publisher.serve.http import bad_request, not_found

_FUNCTION = re.compile(r"^(top|bottom|from|to|range)\((.*)\)$", re.IGNORECASE)
_ITEM = re.compile(r"[^,(]+(?:\([^)]*\))?|\([^)]*\)")  # a code, or a function with its commas


def select(parameter: str, expression: str, codes: tuple[str, ...], *, time: bool) -> list[int]:
    """The positions in ``codes`` that ``expression`` selects, in order.

    Raises:
        ClientError: 400 for a malformed expression, 404 for a code the dimension lacks.
    """
    items = [item.strip() for item in _ITEM.findall(expression)]
    between = _ITEM.sub("", expression).replace(" ", "")
    if not items or not all(items) or between != "," * (len(items) - 1):
        raise bad_request(parameter, f"cannot read the selection {expression!r}")
    chosen: set[int] = set()
    for item in items:
        chosen.update(_item(parameter, item, codes, time))
    return sorted(chosen)


def _item(parameter: str, item: str, codes: tuple[str, ...], time: bool) -> list[int]:
    function = _FUNCTION.match(item)
    if function:
        name, arguments = (
            function.group(1).lower(),
            [a.strip() for a in function.group(2).split(",")],
        )
        return _function(parameter, name, arguments, codes, time)
    if "*" in item or "?" in item:
        return [i for i, code in enumerate(codes) if fnmatch.fnmatchcase(code, item)]
    return [_position(parameter, item, codes)]


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
    if not 1 <= len(arguments) <= 2 or not all(a.isdigit() for a in arguments):
        raise bad_request(parameter, f"{name}() takes a count and an optional offset")
    count, offset = int(arguments[0]), int(arguments[1]) if len(arguments) == 2 else 0
    if count < 1:
        raise bad_request(parameter, f"{name}() takes a count of at least 1")
    return count, offset


def _position(parameter: str, code: str, codes: tuple[str, ...]) -> int:
    try:
        return codes.index(code)
    except ValueError:
        dimension = parameter.removeprefix("valuecodes[").removesuffix("]")
        raise not_found(f"{dimension} has no value {code!r}") from None
