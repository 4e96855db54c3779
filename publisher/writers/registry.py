"""The writers of a release, each as a function of one input: the edition and the file.

Every kind of file in :mod:`publisher.writers.layout` names its writer; each writer takes
the same :class:`Edition` (the tables, the SDMX identity, the release's URL and file
list, and the cube where the whole of it is needed) and the :class:`~publisher.writers.
layout.File` to render, and returns its bytes. The writers' own functions take what they
need and return text or bytes; the adapters here turn those into the one signature, so
``publish`` renders a release by walking the layout, and ``serve`` renders a slice with
the very same functions.
"""

from __future__ import annotations

import importlib
import io
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

from publisher.merging.cube import Cube
from publisher.writers import jsonstat, px, sdmx_data, sdmx_schemas
from publisher.writers.layout import (
    FLOW_SCHEMA,
    OFFICIAL_SCHEMA,
    File,
    Format,
    Kind,
    Scope,
    of,
)
from publisher.writers.sdmx_structure import Identity, structure_message
from publisher.writers.tables import Table

Writer = Callable[["Edition", File], bytes]


@dataclass(frozen=True)
class Edition:
    """What every writer is given: one release's content, identity and layout.

    ``cube`` is needed by the files that cover a whole report family (SDMX data) or the
    release (SDMX structure); a server rendering one table's slice has none.
    """

    tables: tuple[Table, ...]
    identity: Identity
    root: str  # the release's absolute URL, ending in "/"
    files: tuple[File, ...] = ()
    cube: Cube | None = None
    _observations: dict[str, sdmx_data.Observations] = field(
        default_factory=dict, repr=False, compare=False
    )

    def table(self, table_id: str | None) -> Table:
        """The table of this id."""
        return next(t for t in self.tables if t.id == table_id)

    def observations(self, family: str) -> sdmx_data.Observations:
        """The family's SDMX observations, made once for its CSV, schema and XML."""
        if family not in self._observations:
            self._observations[family] = sdmx_data.observations(self.whole(), family)
        return self._observations[family]

    def whole(self) -> Cube:
        """The cube; a writer of a family's or the release's files needs it."""
        if self.cube is None:
            raise ValueError("this edition has no cube: it renders tables only")
        return self.cube


def writer(kind: Kind) -> Writer:
    """The writer the layout names for ``kind``."""
    return _named(kind.writer)


@cache
def _named(name: str) -> Writer:
    module, _, function = name.partition(":")
    found: Any = getattr(importlib.import_module(f"publisher.writers.{module}"), function)
    return cast(Writer, found)


def render(edition: Edition, file: File) -> bytes:
    """The bytes of one file of the edition."""
    return writer(file.kind)(edition, file)


def render_table(kind: Kind, table: Table, identity: Identity, root: str) -> bytes:
    """One table's file of ``kind`` (a table-wide kind), as a server renders a slice."""
    if kind.scope is not Scope.TABLE:
        raise ValueError(f"{kind.format} files cover more than a table")
    file = File(kind.path(table.id), kind, table.family, table.id)
    return render(Edition((table,), identity, root), file)


def dataset_file(edition: Edition, file: File) -> bytes:
    """A table's JSON-stat dataset in the file's language."""
    document = jsonstat.dataset(
        edition.table(file.table), file.language or "nb", edition.root, edition.identity
    )
    return jsonstat.dumps(document)


def collection_file(edition: Edition, file: File) -> bytes:
    """The JSON-stat collection of every table, in the file's language."""
    lang = file.language or "nb"
    kind = of(Format.JSONSTAT, lang)
    items = [
        (edition.root + kind.path(t.id), jsonstat.dataset(t, lang, edition.root, edition.identity))
        for t in edition.tables
    ]
    return jsonstat.dumps(jsonstat.collection(items, lang))


def px_file(edition: Edition, file: File) -> bytes:
    """A table's PX file."""
    return px.px_file(edition.table(file.table)).encode("utf-8")


def structure_file(edition: Edition, file: File) -> bytes:
    """The SDMX structure message: codelists, concepts, the DSD and a dataflow per family."""
    cube = edition.whole()
    titles = {family: info.title for family, info in cube.families.items()}
    return structure_message(titles, edition.identity)


def sdmx_csv_file(edition: Edition, file: File) -> bytes:
    """A family's observations as SDMX-CSV."""
    family = str(file.family)
    return sdmx_data.csv_text(edition.observations(family), family, edition.identity).encode()


def flow_schema_file(edition: Edition, file: File) -> bytes:
    """A family's structure-specific data schema, importing SDMX's schemas as shipped."""
    family = str(file.family)
    schemas = _relative(OFFICIAL_SCHEMA.path(""), file.path)
    data = edition.observations(family)
    return sdmx_data.flow_schema(data, family, edition.identity, schemas).encode()


def sdmx_ml_file(edition: Edition, file: File) -> bytes:
    """A family's observations as SDMX-ML StructureSpecific data.

    Streamed into the bytes: the message (~300 MB at a million observations) is never
    held as text beside them.
    """
    family = str(file.family)
    out = io.BytesIO()
    sdmx_data.write_xml(
        edition.observations(family),
        family,
        edition.identity,
        _relative(FLOW_SCHEMA.path(family), file.path),
        out,
        message_schema=_relative(OFFICIAL_SCHEMA.path(sdmx_schemas.MESSAGE), file.path),
    )
    return out.getvalue()


def official_schema_file(edition: Edition, file: File) -> bytes:
    """One of SDMX's own schemas, verbatim."""
    return sdmx_schemas.official_schemas()[posixpath.basename(file.path)]


def _relative(target: str, source: str) -> str:
    """``target`` as a reference from the file at ``source`` (both release paths)."""
    relative = posixpath.relpath(target, posixpath.dirname(source) or ".")
    return relative + "/" if target.endswith("/") else relative
