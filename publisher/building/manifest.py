"""A release's ``manifest.json``: what went in, what came out, the warnings and revisions.

The manifest names each input as the build was given it (see
:func:`publisher.building.freshness.input_names`), never by the build machine's path:
inputs, the sources of revisions and the files warnings point at. A revision names a
cell by its key; a value now suppressed is withheld (None).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from publisher.building.freshness import file_names, relabel
from publisher.confidentiality import SUPPRESSED
from publisher.merging.cube import OBS_STATUS, Cube, Revision


def summary(cube: Cube) -> dict[str, int]:
    """What a build holds, in numbers: reports, tables, observations, suppressed, warnings."""
    return {
        "reports": len(cube.inputs),
        "tables": sum(len(family.tables) for family in cube.families.values()),
        "observations": len(cube.data),
        "suppressed": int((cube.data[OBS_STATUS] == SUPPRESSED).sum()),
        "warnings": len(cube.notices),
    }


def manifest(
    cube: Cube,
    outputs: Mapping[str, tuple[str, int]],
    build: dict[str, Any] | None = None,
    names: Mapping[str, str] | None = None,
) -> bytes:
    """The manifest of a release.

    Args:
        cube: What the release was written from.
        outputs: Every file written but the manifest, as path: (sha256, size).
        build: What :func:`publisher.building.freshness.stamp` says of the build, if given.
        names: Each input's name, by the path it was read from; by default its file name.
    """
    named = _Names(names or file_names(str(i["path"]) for i in cube.inputs))
    document: dict[str, Any] = {
        "inputs": sorted(
            ({**i, "path": named(i["path"])} for i in cube.inputs), key=lambda i: str(i["path"])
        ),
        "outputs": [
            {"path": path, "sha256": digest, "size": size}
            for path, (digest, size) in sorted(outputs.items())
        ],
        "warnings": [relabel(str(notice), named.names) for notice in cube.notices],
        "revisions": [_revision(r, named) for r in cube.revisions],
    }
    if build is not None:
        document["build"] = build
    document["summary"] = summary(cube)
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


class _Names:
    """An input's name in the release, by the path it was read from."""

    def __init__(self, names: Mapping[str, str]) -> None:
        self.names = dict(names)

    def __call__(self, source: object) -> str:
        return self.names.get(str(source), str(source))


def _revision(revision: Revision, named: _Names) -> dict[str, Any]:
    r = revision
    return {
        "key": dict(r.key),
        "old": {
            "value": r.old_value,
            "status": r.old_status,
            "source": named(r.old_source),
            "updated": r.old_updated.isoformat(),
        },
        "new": {
            "value": r.new_value,
            "status": r.new_status,
            "source": named(r.new_source),
            "updated": r.new_updated.isoformat(),
        },
    }
