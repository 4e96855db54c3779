"""Whether a release is already what a build would write, so the build can skip it.

A release's ``manifest.json`` records its inputs (path and sha256), and under ``build``
the publisher version, a hash of the publisher's own files (code, specs, codelists,
templates, schemas) and the build's options. A build whose inputs, options and code are
those, and whose release folder still holds exactly the files the manifest lists with
their sha256, would write the same bytes again (builds are reproducible), so it may say
"up to date" and stop. Anything else, a missing or edited file of the release included,
and it builds. This module reads only the manifest and hashes files: it imports neither
the parser nor the writers.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import publisher

MANIFEST = "manifest.json"


PACKAGE = Path(publisher.__file__).parent


@cache
def code_version() -> str:
    """A hash of every file of the publisher package: any change makes it another build."""
    found = []
    for folder, dirs, files in os.walk(PACKAGE, followlinks=True):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found += [Path(folder, name) for name in files if not name.endswith(".pyc")]
    return files_digest(found)


def files_digest(files: list[Path]) -> str:
    """A hash of the publisher's version and these files of its package (names and bytes)."""
    digest = hashlib.sha256(publisher.__version__.encode())
    for path in sorted(files):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def stamp(options: dict[str, str]) -> dict[str, Any]:
    """What the manifest records of a build besides its inputs."""
    return {
        "publisher": publisher.__version__,
        "code": code_version(),
        "options": dict(sorted(options.items())),
    }


def current(
    out: Path, inputs: list[tuple[str, str]], build: dict[str, Any]
) -> dict[str, Any] | None:
    """The manifest of the release in ``out`` if the build is already there, else None.

    Args:
        out: The release folder.
        inputs: Each input read (duplicates left out), as (path, sha256), in path order.
        build: The build's :func:`stamp`.
    """
    try:
        manifest = json.loads((out / MANIFEST).read_bytes())
        recorded = [(i["path"], i["sha256"]) for i in manifest["inputs"]]
        if recorded != inputs or manifest.get("build") != build:
            return None
        outputs = {o["path"]: o["sha256"] for o in manifest["outputs"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if _files(out) != {*outputs, MANIFEST}:
        return None
    for relative, digest in outputs.items():
        try:
            if hashlib.sha256((out / relative).read_bytes()).hexdigest() != digest:
                return None
        except OSError:
            return None
    return dict(manifest)


def _files(out: Path) -> set[str]:
    """Every file in the release folder, by its path relative to it."""
    return {
        Path(folder, name).relative_to(out).as_posix()
        for folder, _, files in os.walk(out)
        for name in files
    }
