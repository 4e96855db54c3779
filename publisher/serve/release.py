"""A release as the server holds it: read once, whole, and never touched again.

Every file of the release is read into memory, so a request can only ever reach a file
the release lists; nothing is opened per request. Everything the server answers comes
from the release itself, never from the specs or codelists installed with the package:
the tables are read back from its JSON-stat datasets, named by its ``structure.xml``
(see :mod:`publisher.serve.release_tables`), so that a slice is written by the same
writers as the release and names codes as ``/sdmx/structure.xml`` does; those writers
must write each table's files again byte for byte (:mod:`publisher.serve.rewritten`).
The SDMX data comes from each family's SDMX-CSV file, kept as text: a slice repeats the
release's figures and flags character for character. Which file is what (a table's
dataset in a language, a family's data) the release layout says
(:mod:`publisher.writers.layout`), the one the build wrote the release by. A release
that lacks something is one error naming the file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import mimetypes
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path, PurePosixPath
from typing import Any

import orjson
import pandas as pd
import sdmx
from sdmx.message import StructureMessage

from publisher.errors import Location, PublisherError
from publisher.serve import release_tables, rewritten
from publisher.writers import layout
from publisher.writers.layout import MANIFEST
from publisher.writers.sdmx_structure import Identity
from publisher.writers.tables import Table

STRUCTURE = layout.STRUCTURE.path()
_STRUCTURE_ID = re.compile(r"([^:()]+):([^:()]+)\(([^:()]+)\)")  # SDMX-CSV: NAV:DF_X(1.0)


@dataclass(frozen=True, slots=True)
class File:
    """One file of the release, ready to send."""

    body: bytes
    media_type: str


@dataclass(frozen=True, slots=True)
class Flow:
    """A dataflow's data: its report family and its SDMX-CSV rows, as text."""

    family: str
    rows: pd.DataFrame


@dataclass(frozen=True, slots=True)
class Release:
    """Everything the server answers from."""

    folder: Path
    files: dict[str, File]  # by path relative to the release, "/" separated
    tables: dict[str, Table]  # by table id, in the release's order
    structure: StructureMessage
    flows: dict[str, Flow]  # by dataflow id
    identity: Identity
    etag: str  # of the whole release: the manifest's digest
    last_modified: str  # an HTTP date: when the release was written
    # Bodies the server keeps (files, structures), gzipped once: by id(), with the body.
    gzipped: dict[int, tuple[bytes, bytes]] = field(default_factory=dict)


def load(folder: Path) -> Release:
    """Read the release in ``folder``; a folder that is not a release is one clear error.

    Raises:
        PublisherError: no release, or one that cannot be read, for whatever reason.
    """
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise PublisherError(
            "not a release",
            f"no {MANIFEST}; build one with `publisher build`",
            Location(str(folder)),
        )
    try:
        return _load(folder, manifest_path)
    except PublisherError:
        raise
    except Exception as exc:  # a library's error on a damaged file: one error of ours
        raise PublisherError(
            "cannot read the release", f"{type(exc).__name__}: {exc}", Location(str(folder))
        ) from exc


def _load(folder: Path, manifest_path: Path) -> Release:
    manifest_bytes = manifest_path.read_bytes()
    with _reading(folder, MANIFEST):
        outputs = _outputs(manifest_bytes)
    files = {}
    for path, digest in outputs:
        with _reading(folder, path):
            files[path] = _file(folder, path, digest)
    files[MANIFEST] = File(manifest_bytes, layout.MANIFEST_FILE.media_type)
    with _reading(folder, STRUCTURE):
        structure = _structure(files)
        identity = _identity(structure)
    tables, root = _tables(folder, files, structure)
    for path, file in files.items():
        with _reading(folder, path):
            rewritten.check(path, file.body, tables, identity, root)
    written = datetime.fromtimestamp(manifest_path.stat().st_mtime, tz=UTC).replace(microsecond=0)
    return Release(
        folder=folder,
        files=files,
        tables=tables,
        structure=structure,
        flows=_flows(folder, files, identity, structure),
        identity=identity,
        etag=hashlib.sha256(manifest_bytes).hexdigest()[:20],
        last_modified=format_datetime(written, usegmt=True),
    )


@contextmanager
def _reading(folder: Path, path: str) -> Iterator[None]:
    """Any error in reading ``path`` as one error of ours that names the file."""
    try:
        yield
    except PublisherError:
        raise
    except Exception as exc:
        detail = str(exc) if isinstance(exc, ValueError) else f"{type(exc).__name__}: {exc}"
        raise PublisherError(
            "cannot read the release", detail, Location(str(folder / path))
        ) from exc


def _structure(files: dict[str, File]) -> StructureMessage:
    if STRUCTURE not in files:
        raise ValueError(f"{MANIFEST} lists no {STRUCTURE}")
    message = sdmx.read_sdmx(io.BytesIO(files[STRUCTURE].body))
    if not isinstance(message, StructureMessage):
        raise ValueError(f"not an SDMX structure message but {type(message).__name__}")
    return message


def _identity(structure: StructureMessage) -> Identity:
    """Who maintains the release's structures and which version, as its data structures say."""
    owners = {
        (str(getattr(dsd.maintainer, "id", "")), str(dsd.version))
        for dsd in structure.structure.values()
    }
    if len(owners) != 1:
        raise ValueError(f"{len(owners)} agencies or versions of data structures, not one")
    agency, version = owners.pop()
    identity = Identity(agency, version)
    prepared = structure.header.prepared
    if isinstance(prepared, datetime):
        identity = dataclasses.replace(identity, prepared=prepared.date())
    return identity


def _outputs(manifest: bytes) -> list[tuple[str, str]]:
    """The manifest's files as (path, digest), each path checked to be a plain relative one."""
    document = orjson.loads(manifest)
    outputs = document.get("outputs") if isinstance(document, dict) else None
    if not isinstance(outputs, list) or not outputs:
        raise ValueError(f'{MANIFEST} lists no "outputs"')
    found = []
    for entry in outputs:
        path = entry.get("path") if isinstance(entry, dict) else None
        digest = entry.get("sha256") if isinstance(entry, dict) else None
        if not (isinstance(path, str) and isinstance(digest, str)):
            raise ValueError(f'an output without "path" and "sha256": {entry!r:.80}')
        parts = PurePosixPath(path).parts
        if not parts or path.startswith("/") or "\\" in path or ".." in parts or path == MANIFEST:
            raise ValueError(f"{path!r:.80} is not a path inside the release")
        found.append((path, digest))
    return found


def _file(folder: Path, relative: str, digest: str) -> File:
    """A file the manifest lists, inside the release, checked against its digest."""
    path = folder / relative
    if not path.resolve().is_relative_to(folder.resolve()):
        raise ValueError(f"{relative!r} leads outside the release")
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise PublisherError("cannot read the release", str(exc), Location(str(path))) from exc
    if hashlib.sha256(body).hexdigest() != digest:
        raise PublisherError(
            "the release was changed after it was built",
            "its digest differs from the manifest's; rebuild it",
            Location(str(path)),
        )
    media_type = layout.media_type(relative) or mimetypes.guess_type(path.name)[0]
    return File(body, media_type or "application/octet-stream")


def _datasets(folder: Path, files: dict[str, File]) -> dict[str, tuple[Any, Any]]:
    """Each table's Norwegian and English JSON-stat dataset, by table id."""
    found = {}
    for path in files:
        dataset = layout.find(path)
        if dataset is None or dataset.kind is not layout.JSONSTAT or dataset.table is None:
            continue
        english = layout.JSONSTAT_EN.path(dataset.table)
        with _reading(folder, path):
            if english not in files:
                raise ValueError(f"{MANIFEST} lists no English dataset {english}")
            norwegian = orjson.loads(files[path].body)
        with _reading(folder, english):
            found[dataset.table] = (norwegian, orjson.loads(files[english].body))
    if not found:
        raise PublisherError(
            "cannot read the release",
            "it lists no JSON-stat datasets",
            Location(str(folder / MANIFEST)),
        )
    return found


def _tables(
    folder: Path, files: dict[str, File], structure: StructureMessage
) -> tuple[dict[str, Table], str]:
    """The tables, by id, and the URL their datasets link to the release at."""
    tables, roots = {}, set()
    for table_id, (norwegian, english) in _datasets(folder, files).items():
        with _reading(folder, layout.JSONSTAT.path(table_id)):
            tables[table_id] = release_tables.table(table_id, norwegian, english, structure)
            roots.add(_root(norwegian))
    with _reading(folder, layout.JSONSTAT.path(next(iter(tables)))):
        if len(roots) != 1:
            raise ValueError(f"the datasets link to the release at {len(roots)} URLs, not one")
    return tables, roots.pop()


def _root(dataset: Any) -> str:
    """The release's URL, as a dataset's link to the SDMX structures has it."""
    links = dataset.get("link", {}).get("describedby", [])
    for href in (link.get("href", "") for link in links if isinstance(link, dict)):
        if isinstance(href, str) and href.endswith(f"/{STRUCTURE}"):
            return href.removesuffix(STRUCTURE)
    raise ValueError(f'no "link.describedby" to the release\'s {STRUCTURE}')


def _flows(
    folder: Path, files: dict[str, File], identity: Identity, structure: StructureMessage
) -> dict[str, Flow]:
    """Each report family's SDMX-CSV data, by dataflow id."""
    flows = {}
    for path, file in files.items():
        data = layout.find(path)
        if data is None or data.kind is not layout.SDMX_CSV_FILE or data.family is None:
            continue
        with _reading(folder, path):
            rows = _flow(file.body)
            flows[_flow_id(rows, data.family, identity, structure)] = Flow(data.family, rows)
    return flows


def _flow(body: bytes) -> pd.DataFrame:
    """An SDMX-CSV 2.0 file's rows as text, checked to have the columns the server reads."""
    frame = pd.read_csv(io.BytesIO(body), dtype=str, keep_default_na=False, na_filter=False)
    columns = list(frame.columns)
    if columns[:3] != ["STRUCTURE", "STRUCTURE_ID", "ACTION"] or "TIME_PERIOD" not in columns:
        raise ValueError("an SDMX-CSV file without the SDMX-CSV 2.0 columns")
    return frame


def _flow_id(
    rows: pd.DataFrame, family: str, identity: Identity, structure: StructureMessage
) -> str:
    """The dataflow the rows are data of, as their ``STRUCTURE_ID`` names it.

    The writers name a family's dataflow themselves (a slice is theirs), so the file's
    must be the one they would name.
    """
    named = set(rows["STRUCTURE_ID"])
    match = _STRUCTURE_ID.fullmatch(named.pop()) if len(named) == 1 else None
    if match is None:
        raise ValueError("its rows do not name one dataflow as agency:id(version)")
    agency, flow, version = match.groups()
    expected = identity.flow_id(family)
    if (agency, flow, version) != (identity.agency, expected, identity.version):
        raise ValueError(
            f"data of {match[0]}, not of {family}'s dataflow"
            f" {identity.agency}:{expected}({identity.version})"
        )
    if flow not in structure.dataflow:
        raise ValueError(f"data of {match[0]}, a dataflow {STRUCTURE} does not have")
    return flow
