"""How PX keywords are written: quoted strings, and lists wrapped after a comma.

PX files from Statistics Sweden and Statistics Norway keep lists readable: a list of
values breaks after a comma, so the 357 municipalities are not one 3,000-character line.
A single text (a title, a note) stays whole on its line: the PX format allows a text split
into quoted pieces on several lines, but pyaxis keeps only the first piece.
"""

from __future__ import annotations

from collections.abc import Iterator

WIDTH = 100  # a wrapped list's longest line, unless one value is longer


def quote(text: str) -> str:
    """A PX string value: no double quotes inside, so they become single ones."""
    return '"' + text.replace('"', "'").replace("\n", " ") + '"'


def keyword(name: str, values: list[str], *, wrap: bool = True) -> str:
    """``NAME=v1,v2,…;`` with each value quoted, the list wrapped after commas.

    ``wrap=False`` keeps the list on one line (``TIMEVAL``: pandas-pcaxis takes no line
    break in the list after its ``TLIST``).
    """
    quoted = [quote(v) for v in values]
    if not wrap:
        return f"{name}={','.join(quoted)};"
    return "\n".join(_lines(f"{name}=", quoted)) + ";"


def _lines(head: str, quoted: list[str]) -> Iterator[str]:
    line = head
    for value in quoted:
        if line == head:
            line += value
        elif len(line) + 1 + len(value) > WIDTH:
            yield line + ","
            line = value
        else:
            line += "," + value
    yield line
