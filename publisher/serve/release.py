"""A release as the server holds it: read once, whole, and never touched again.

Every file of the release is read into memory, so a request can only ever reach a file
the release lists; nothing is opened per request. The tables are read back from the
release's own JSON-stat datasets into :class:`~publisher.writers.tables.Table`, so that a slice
is written by the same writers as the release. The SDMX data comes from the SDMX-CSV
files, kept as text: a slice repeats the release's figures and flags character for
character.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import mimetypes
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import format_datetime
from pathlib import Path, PurePosixPath
from typing import Any

import orjson
import pandas as pd
import sdmx
from sdmx.message import StructureMessage

from publisher.building.publish import MANIFEST
from publisher.errors import Location, PublisherError
from publisher.family.spec import spec_for
from publisher.mapping.codelists import codelist
from publisher.merging.cube import OBS_STATUS, VALUE
from publisher.writers.jsonstat import STATUS_MARKS, report_notes, series_breaks
from publisher.writers.sdmx_structure import Identity
from publisher.writers.tables import Dimension, Table

_TYPES = {
    ".json": "application/json",
    ".px": "text/x-pcaxis; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".xml": "application/xml",
    ".xsd": "application/xml",
    ".ttl": "text/turtle; charset=utf-8",
    ".html": "text/html; charset=utf-8",
}
_MARK_TO_OBS = {mark: obs for obs, mark in STATUS_MARKS.items()}


@dataclass(frozen=True, slots=True)
class File:
    """One file of the release, ready to send."""

    body: bytes
    media_type: str


@dataclass(frozen=True, slots=True)
class Release:
    """Everything the server answers from."""

    folder: Path
    files: dict[str, File]  # by path relative to the release, "/" separated
    tables: dict[str, Table]  # by table id, in the release's order
    structure: StructureMessage
    flows: dict[str, pd.DataFrame]  # SDMX-CSV rows as text, by dataflow id
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
    files = {path: _file(folder, path, digest) for path, digest in _outputs(manifest_bytes)}
    files[MANIFEST] = File(manifest_bytes, _TYPES[".json"])
    structure = sdmx.read_sdmx(io.BytesIO(files["sdmx/structure.xml"].body))
    assert isinstance(structure, StructureMessage)  # noqa: S101 - the release was validated
    flows = {
        PurePosixPath(path).stem: _flow(file.body)
        for path, file in files.items()
        if path.startswith("sdmx/DF_") and path.endswith(".csv")
    }
    dsd = next(iter(structure.structure.values()))
    prepared = structure.header.prepared
    identity = Identity(dsd.maintainer.id, str(dsd.version))
    if isinstance(prepared, datetime):
        identity = dataclasses.replace(identity, prepared=prepared.date())
    written = datetime.fromtimestamp(manifest_path.stat().st_mtime, tz=UTC).replace(microsecond=0)
    return Release(
        folder=folder,
        files=files,
        tables=_tables(files),
        structure=structure,
        flows=flows,
        identity=identity,
        etag=hashlib.sha256(manifest_bytes).hexdigest()[:20],
        last_modified=format_datetime(written, usegmt=True),
    )


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
    media_type = _TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0]
    return File(body, media_type or "application/octet-stream")


def _flow(body: bytes) -> pd.DataFrame:
    """An SDMX-CSV 2.0 file's rows as text, checked to have the columns the server reads."""
    frame = pd.read_csv(io.BytesIO(body), dtype=str, keep_default_na=False, na_filter=False)
    columns = list(frame.columns)
    if columns[:3] != ["STRUCTURE", "STRUCTURE_ID", "ACTION"] or "TIME_PERIOD" not in columns:
        raise ValueError("an SDMX-CSV file without the SDMX-CSV 2.0 columns")
    return frame


def _tables(files: dict[str, File]) -> dict[str, Table]:
    """The tables, read back from the Norwegian JSON-stat datasets."""
    found = {}
    for path, file in files.items():
        folder, _, name = path.rpartition("/")
        if folder == "jsonstat" and name != "collection.json":
            table = table_from_jsonstat(orjson.loads(file.body))
            found[table.id] = table
    return found


def table_from_jsonstat(document: dict[str, Any]) -> Table:
    """The table a Norwegian JSON-stat dataset of ours was written from."""
    extension = document["extension"]
    family = extension["report"]["id"]
    spec = spec_for(family)
    if spec is None:
        raise ValueError(f"no report spec for {family}")
    section = next(s for s in spec.sections if s.title == extension["report"]["section"])
    lists = extension["codelists"]
    dimensions = tuple(
        _dimension(dim, document["dimension"][dim]["category"]["index"], lists.get(dim))
        for dim in document["id"]
    )
    title = extension["report"]["title"]
    return Table(
        id=f"{family}_{section.id}",
        family=family,
        report_title=title,
        report_title_en=spec.titles_en.get(family, title),
        section=section,
        updated=date.fromisoformat(document["updated"]),
        notes=report_notes(document),
        breaks=series_breaks(document),
        fixed=dict(extension["fixed"]),
        dimensions=dimensions,
        data=_data(document, dimensions),
    )


def _dimension(dim: str, index: list[str], listed: dict[str, str] | None) -> Dimension:
    if listed is None:  # the months, written 2026M01
        return Dimension(dim, tuple(p.replace("M", "-") for p in index), None)
    return Dimension(dim, tuple(index), codelist(listed["id"]))


def _data(document: dict[str, Any], dimensions: tuple[Dimension, ...]) -> pd.DataFrame:
    """The table's observations in long form: a row for every cell with a value or a flag."""
    values = document["value"]
    status = {int(i): _MARK_TO_OBS[s] for i, s in document["status"].items()}
    index = pd.MultiIndex.from_product(
        [d.codes for d in dimensions], names=[d.id for d in dimensions]
    )
    frame = index.to_frame(index=False)
    frame[VALUE] = pd.array(values, dtype="Float64")
    frame[OBS_STATUS] = pd.Series(status, dtype=object).reindex(frame.index).fillna("A")
    keep = frame[VALUE].notna() | frame.index.isin(list(status))
    return frame[keep.to_numpy()].reset_index(drop=True)
