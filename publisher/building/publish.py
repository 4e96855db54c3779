"""A release: every file of the layout, rendered, checked, and swapped in whole.

The files are those :mod:`publisher.writers.layout` lists for the cube's tables; they
are rendered, written to a temporary folder beside the target and checked, each once
from the bytes just written, on every core (:mod:`publisher.building.render`); only
when every file is written and none has a problem is the manifest written and the
folder swapped in. A failure leaves the previous release as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from publisher.building.freshness import leftovers
from publisher.building.manifest import manifest, summary
from publisher.building.render import write_all
from publisher.building.workers import cores
from publisher.errors import Location, OutputValidationError, PublisherError
from publisher.merging.cube import Cube
from publisher.progress import SILENT, Progress
from publisher.validation.release import Context
from publisher.writers import BASE_URL, layout, sdmx_schemas
from publisher.writers.layout import MANIFEST
from publisher.writers.registry import Edition
from publisher.writers.sdmx_structure import Identity
from publisher.writers.tables import tables

__all__ = ["MANIFEST", "edition", "publish", "summary"]


def edition(
    cube: Cube, agency: str = "NAV", version: str = "1.0", base_url: str = BASE_URL
) -> Edition:
    """What the writers are given for the release of ``cube``, with its files' layout."""
    prepared = max(f.updated for f in cube.families.values())
    published = tuple(tables(cube))
    by_family: dict[str, list[str]] = {family: [] for family in sorted(cube.families)}
    for table in published:
        by_family[table.family].append(table.id)
    files = layout.files(by_family, sdmx_schemas.official_schemas())
    root = base_url if base_url.endswith("/") else base_url + "/"
    return Edition(published, Identity(agency, version, prepared), root, files, cube)


def publish(
    cube: Cube,
    out: Path,
    agency: str = "NAV",
    version: str = "1.0",
    base_url: str = BASE_URL,
    *,
    build: dict[str, Any] | None = None,
    names: Mapping[str, str] | None = None,
    jobs: int | None = None,
    progress: Progress = SILENT,
    meanwhile: Callable[[], object] = lambda: None,
) -> list[str]:
    """Write the release of ``cube`` to ``out`` whole, or raise and leave ``out`` alone.

    Args:
        cube: What to publish.
        out: The release folder.
        agency: The SDMX maintenance agency.
        version: The version of the SDMX structures.
        base_url: Where the release is served.
        build: The build's stamp (:func:`publisher.building.freshness.stamp`), for the
            manifest.
        names: Each input's name in the manifest, by the path it was read from
            (:func:`publisher.building.freshness.input_names`); by default its file name.
        jobs: Worker processes rendering and checking; by default, every core.
        progress: Told of each file written.
        meanwhile: Done in this process while the workers render, before the manifest
            is written: the checks whose warnings only the manifest reads
            (:meth:`publisher.building.pipeline.Unchecked.check`).

    Returns:
        The paths written, relative to ``out``.
    """
    content = edition(cube, agency, version, base_url)
    out.parent.mkdir(parents=True, exist_ok=True)
    for stale in leftovers(out):
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a release is served to everyone
    paths = frozenset(f.path for f in content.files)
    context = Context(staging, paths, base_url, content.root)
    try:
        with progress.stage("write", len(content.files)) as advance:
            written = write_all(content, staging, context, jobs or cores(), advance, meanwhile)
            problems = [p for w in written for p in w.problems]
            if problems:
                raise OutputValidationError(problems)
            outputs = {w.path: (w.sha256, w.size) for w in written}
            (staging / MANIFEST).write_bytes(manifest(cube, outputs, build, names))
            advance()
        _swap(staging, out)
    except OSError as exc:  # a full disk, a folder we may not write to
        raise PublisherError("cannot write the release", exc.strerror or str(exc),
                             Location(str(out))) from exc  # fmt: skip
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted(paths)


def _swap(staging: Path, out: Path) -> None:
    """Put ``staging`` where ``out`` is; the old release goes only once the new is in."""
    if not out.exists():
        os.replace(staging, out)
        return
    retired = out.parent / f".{out.name}.old"
    shutil.rmtree(retired, ignore_errors=True)
    os.replace(out, retired)
    os.replace(staging, out)
    shutil.rmtree(retired, ignore_errors=True)
