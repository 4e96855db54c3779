"""Whether a release is already what a build would write, so the build can skip it.

A release's ``manifest.json`` records its inputs (name and sha256), and under ``build``
the publisher version, a hash of the publisher's own files (code, specs, codelists,
templates, schemas) and the build's options. A build whose inputs, options and code are
those, and whose release folder still holds exactly the files the manifest lists with
their sha256, would write the same bytes again (builds are reproducible), so it may say
"up to date" and stop. Anything else, a missing or edited file of the release included,
and it builds. This module reads only the manifest and hashes files: it imports neither
the parser nor the writers.

An input is named by its path relative to what was given (a folder's files under it, a
file by its name), never by where the build machine keeps it: a release says nothing
about the folders it was built from, and the same inputs in another folder give the
same bytes (:func:`input_names`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from pathlib import Path, PurePath
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


def input_names(given: Sequence[Path]) -> dict[str, str]:
    """Each report file in ``given``, by the path it is read from, and its name in a release.

    A file's name is its path relative to the folder given that holds it, or its file
    name where it was given itself; the shortest where it is both. Two files that would
    share a name keep as many of the folders above as tell them apart.
    """
    from publisher.readers import find_inputs  # here: the check for "up to date" stays light

    found: dict[str, PurePath] = {}
    for path in given:
        anchor = path if path.is_dir() else path.parent
        for file in find_inputs([path]):
            relative = PurePath(file.relative_to(anchor).as_posix())
            known = found.get(str(file))
            if known is None or _shorter(relative, known):
                found[str(file)] = relative
    return _apart(found)


def file_names(sources: Iterable[str]) -> dict[str, str]:
    """Each file by its name, as if each had been given itself (see :func:`input_names`)."""
    return _apart({source: PurePath(Path(source).name) for source in sources})


def _apart(found: Mapping[str, PurePath]) -> dict[str, str]:
    """The names, each with as many folders above it as tell it from another's."""
    parts = {source: Path(os.path.abspath(source)).parts for source in found}
    depth = {source: len(name.parts) for source, name in found.items()}
    while True:
        names = {s: "/".join(parts[s][-d:]) for s, d in depth.items()}
        shared = {n for n, count in Counter(names.values()).items() if count > 1}
        longer = [s for s, n in names.items() if n in shared and depth[s] < len(parts[s])]
        if not longer:  # one file by two spellings keeps one name: it is read once
            return names
        for source in longer:
            depth[source] += 1


def relabel(text: str, names: Mapping[str, str]) -> str:
    """``text`` with each key of ``names`` in it put as its value, in one pass.

    The manifest's warnings name inputs by their names in the release; a build that is up
    to date says them with the paths given, as a build that runs does.
    """
    if not names:
        return text
    keys = tuple(sorted(names, key=len, reverse=True))  # "a/b.txt" before "b.txt"
    return _alternatives(keys).sub(lambda match: names[match.group(0)], text)


@lru_cache(maxsize=4)
def _alternatives(keys: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for the keys, made once for the thousands of warnings of a build."""
    return re.compile("|".join(re.escape(key) for key in keys))


def _shorter(name: PurePath, other: PurePath) -> bool:
    return (len(name.parts), str(name)) < (len(other.parts), str(other))


def recorded_inputs(given: Sequence[Path]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """What a build of ``given`` records of its inputs: their names, and (name, sha256) pairs.

    A file given twice, or under two names, is read once, by its first path (as the
    pipeline reads it); the pairs are in name order, as a manifest lists them.
    """
    from publisher.readers import input_files

    names = input_names(given)
    first: dict[str, str] = {}
    for path, digest in input_files(list(given)):
        first.setdefault(digest, names[str(path)])
    return names, sorted((name, digest) for digest, name in first.items())


def current(
    out: Path, inputs: list[tuple[str, str]], build: dict[str, Any]
) -> dict[str, Any] | None:
    """The manifest of the release in ``out`` if the build is already there, else None.

    Args:
        out: The release folder.
        inputs: Each input read (duplicates left out), as (name, sha256), in name order
            (see :func:`recorded_inputs`).
        build: The build's :func:`stamp`.
    """
    if leftovers(out):  # a build was killed: build again, and publishing clears them
        return None
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


def leftovers(out: Path) -> list[Path]:
    """What killed builds left beside the release: staging folders, a retired release.

    Publishing stages a release in ``.{name}.*`` beside ``out`` (and retires the old one
    to ``.{name}.old`` while it swaps), so anything of that name is a build's that died.
    """
    return sorted(out.parent.glob(f".{out.name}.*"))


def _files(out: Path) -> set[str]:
    """Every file in the release folder, by its path relative to it."""
    return {
        Path(folder, name).relative_to(out).as_posix()
        for folder, _, files in os.walk(out)
        for name in files
    }
