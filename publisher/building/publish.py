"""A release: every writer's files, validated, swapped in whole.

The files are rendered in memory, checked with the validators, written to a temporary
folder beside the target, and only then swapped in; a failure leaves the previous
release as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from publisher.errors import Location, OutputValidationError, PublisherError
from publisher.merging.cube import OBS_STATUS, SUPPRESSED, Cube
from publisher.progress import SILENT, Advance, Progress
from publisher.validation.release import check_release
from publisher.writers import BASE_URL, dcat, html, jsonstat, px, sdmx_data, sdmx_schemas
from publisher.writers.sdmx_structure import Identity, structure_message
from publisher.writers.tables import tables

LANGUAGES = ("nb", "en")  # nb at jsonstat/, the others at jsonstat/<lang>/
MANIFEST = "manifest.json"


def render(
    cube: Cube,
    agency: str = "NAV",
    version: str = "1.0",
    base_url: str = BASE_URL,
    build: dict[str, Any] | None = None,
) -> dict[str, bytes]:
    """Every file of the release, by path relative to the release folder.

    ``build`` (the publisher version, code hash and options, see
    :mod:`publisher.building.freshness`) is recorded in the manifest, if given.
    """
    prepared = max(f.updated for f in cube.families.values())
    identity = Identity(agency, version, prepared)
    files: dict[str, bytes] = _sdmx(cube, identity)
    published = tables(cube)
    root = base_url if base_url.endswith("/") else base_url + "/"
    for lang in LANGUAGES:
        folder = "jsonstat" if lang == "nb" else f"jsonstat/{lang}"
        items = []
        for table in published:
            document = jsonstat.dataset(table, lang, root, identity)
            files[f"{folder}/{table.id}.json"] = jsonstat.dumps(document)
            items.append((f"{root}{folder}/{table.id}.json", document))
        files[f"{folder}/collection.json"] = jsonstat.dumps(jsonstat.collection(items, lang))
    for table in published:
        files[f"px/{table.id}.px"] = px.px_file(table).encode("utf-8")
    catalogue = dcat.catalogue(published, base_url, identity, cube.dimensions)
    files["catalog.ttl"] = catalogue.encode("utf-8")
    files["index.html"] = html.landing_page(published, [*files, "index.html"]).encode("utf-8")
    files[MANIFEST] = _manifest(cube, files, build)
    return files


def summary(cube: Cube) -> dict[str, int]:
    """What a build holds, in numbers: reports, tables, observations, suppressed, warnings."""
    return {
        "reports": len(cube.inputs),
        "tables": sum(len(family.tables) for family in cube.families.values()),
        "observations": len(cube.data),
        "suppressed": int((cube.data[OBS_STATUS] == SUPPRESSED).sum()),
        "warnings": len(cube.notices),
    }


def _manifest(cube: Cube, files: dict[str, bytes], build: dict[str, Any] | None) -> bytes:
    """What went into the release and what came out, with the warnings and revisions.

    Revisions name a cell by its key; a value now suppressed is withheld (None).
    """
    manifest: dict[str, Any] = {
        "inputs": cube.inputs,
        "outputs": [
            {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for path, data in sorted(files.items())
        ],
        "warnings": [str(notice) for notice in cube.notices],
        "revisions": [
            {
                "key": dict(r.key),
                "old": {
                    "value": r.old_value,
                    "status": r.old_status,
                    "source": r.old_source,
                    "updated": r.old_updated.isoformat(),
                },
                "new": {
                    "value": r.new_value,
                    "status": r.new_status,
                    "source": r.new_source,
                    "updated": r.new_updated.isoformat(),
                },
            }
            for r in cube.revisions
        ],
    }
    if build is not None:
        manifest["build"] = build
    manifest["summary"] = summary(cube)
    return json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def _sdmx(cube: Cube, identity: Identity) -> dict[str, bytes]:
    """The SDMX files: the structures, and per report family its data as CSV and XML."""
    titles = {family: info.title for family, info in cube.families.items()}
    files = {"sdmx/structure.xml": structure_message(titles, cube.dimensions, identity)}
    schemas = f"{sdmx_schemas.FOLDER}/"  # SDMX's own, beside the flows' schemas
    for family in sorted(cube.families):
        frame = sdmx_data.observations(cube, family)
        flow = identity.flow_id(family)
        files[f"sdmx/{flow}.csv"] = sdmx_data.csv_text(frame, family, identity).encode()
        files[f"sdmx/{flow}.xsd"] = sdmx_data.flow_schema(frame, family, identity, schemas).encode()
        files[f"sdmx/{flow}.xml"] = sdmx_data.xml_text(
            frame, family, identity, f"{flow}.xsd", message_schema=schemas + sdmx_schemas.MESSAGE
        ).encode()
    for name, schema in sdmx_schemas.official_schemas().items():
        files[f"sdmx/{schemas}{name}"] = schema
    return files


def publish(
    cube: Cube,
    out: Path,
    agency: str = "NAV",
    version: str = "1.0",
    base_url: str = BASE_URL,
    *,
    build: dict[str, Any] | None = None,
    progress: Progress = SILENT,
) -> list[str]:
    """Write the release of ``cube`` to ``out`` whole, or raise and leave ``out`` alone.

    Returns:
        The paths written, relative to ``out``.
    """
    with progress.stage("render", 1) as advance:
        files = render(cube, agency, version, base_url, build)
        advance()
    out.parent.mkdir(parents=True, exist_ok=True)
    for stale in out.parent.glob(f".{out.name}.*"):  # left by a build that was killed
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a release is served to everyone
    try:
        with progress.stage("write", len(files)) as advance:
            _write(staging, files, advance)
        with progress.stage("validate", 1) as advance:
            problems = check_release(staging, base_url)
            advance()
        if problems:
            raise OutputValidationError(problems)
        _swap(staging, out)
    except OSError as exc:  # a full disk, a folder we may not write to
        raise PublisherError("cannot write the release", exc.strerror or str(exc),
                             Location(str(out))) from exc  # fmt: skip
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted(files)


def _write(staging: Path, files: dict[str, bytes], advance: Advance) -> None:
    for relative, data in files.items():
        path = staging / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if hasattr(os, "fsync"):  # on disk before the swap, not only in the page cache
            with path.open("rb") as written:
                os.fsync(written.fileno())
        advance()


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
