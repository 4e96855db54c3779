"""Whether this server's writers write a release's tables as the release has them.

The server writes every slice with the writers it runs (:mod:`publisher.writers.registry`),
from tables it read back from the release. A release those writers would write otherwise
(built by another version of them, with other specs or codelists) would be served unlike
its own files, in wording, labels or notes; so a table's files must be exactly what the
writers make of the table read back, or the release is not loaded.
"""

from __future__ import annotations

import orjson

from publisher.writers import layout, registry
from publisher.writers.sdmx_structure import Identity
from publisher.writers.tables import Table


def check(path: str, body: bytes, tables: dict[str, Table], identity: Identity, root: str) -> None:
    """A table's file of the release (any other file passes) is what the writers write.

    Raises:
        ValueError: the file's table is not among ``tables``, or the writers write it
            otherwise; the message says where, never what.
    """
    found = layout.find(path)
    if found is None or found.kind.scope is not layout.Scope.TABLE:
        return
    if found.table not in tables:
        raise ValueError(f"its table has no dataset {layout.JSONSTAT.path(str(found.table))}")
    written = registry.render_table(found.kind, tables[found.table], identity, root)
    if written != body:
        raise ValueError(
            f"this server writes the table otherwise ({_difference(written, body)});"
            " rebuild the release with this version"
        )


def _difference(ours: bytes, theirs: bytes) -> str:
    """Where two files first differ: a JSON member, else a line and its keyword.

    Only a name is told, never a value: a value could be a cell's.
    """
    if ours.startswith(b"{") and theirs.startswith(b"{"):
        a, b = orjson.loads(ours), orjson.loads(theirs)
        path: list[str] = []
        while isinstance(a, dict) and isinstance(b, dict):
            key = next((k for k in dict.fromkeys([*a, *b]) if a.get(k) != b.get(k)), None)
            if key is None or len(path) == 3:
                break
            path.append(key)
            a, b = a.get(key), b.get(key)
        return f'at "{".".join(path)}"'
    mine, yours = ours.splitlines(), theirs.splitlines()
    pairs = enumerate(zip(mine, yours, strict=False))
    at = next((i for i, (x, y) in pairs if x != y), min(len(mine), len(yours)))
    if at == len(yours):
        return f"at line {at + 1}, past the file's end"
    keyword, equals, _ = yours[at].partition(b"=")
    where = keyword.decode(errors="replace")[:60] if equals else "in the data"
    return f"at line {at + 1}, {where}"
