"""Render, write and check a release's files on every core.

The layout's files are grouped into tasks (a table's datasets and PX file; a family's
SDMX schema, CSV and XML; each release-wide file alone), and each task runs in a worker
process: it renders its files, writes each into the staging folder and checks it from
the bytes it has just written, then sends back only each file's digest, size and
problems. Workers are forked (like the parsing in :mod:`publisher.building.pipeline`), so
they start with the edition in memory and nothing is pickled on the way in. SDMX's own
schemas are written first, by this process: the XML files are checked against them.

The bytes of a file do not depend on which process rendered it, so the release is the
same whatever the number of workers; the results are gathered by path.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from publisher.building.workers import fork_context, in_workers
from publisher.errors import PublisherError
from publisher.validation import release as validation
from publisher.writers.layout import File, Scope
from publisher.writers.registry import Edition, render


@dataclass(frozen=True, slots=True)
class Written:
    """A file written: its digest and size, and what its check found."""

    path: str
    sha256: str
    size: int
    problems: tuple[str, ...]


# What forked workers find in memory: the edition, the staging folder and its context.
_JOB: tuple[Edition, Path, validation.Context] | None = None


def write_all(
    edition: Edition,
    staging: Path,
    context: validation.Context,
    jobs: int,
    advance: Callable[[], None],
    meanwhile: Callable[[], object] = lambda: None,
) -> list[Written]:
    """Every file of ``edition.files`` rendered, written into ``staging`` and checked.

    Args:
        edition: What the writers are given; its ``files`` are what to write.
        staging: The folder to write into.
        context: What each file is checked against.
        jobs: Worker processes; 1 renders in this process.
        advance: Told of each file written.
        meanwhile: Done in this process while the workers render.
    """
    global _JOB
    first = [f for f in edition.files if f.kind.scope is Scope.SCHEMA]
    tasks = _tasks([f for f in edition.files if f.kind.scope is not Scope.SCHEMA and f.kind.writer])
    _JOB = (edition, staging, context)
    jobs = jobs if fork_context() is not None else 1  # workers must inherit the edition

    def counted(written: list[Written]) -> None:
        for _ in written:
            advance()

    try:
        done = _run(first)
        counted(done)
        for written in in_workers(_run, tasks, jobs, counted, meanwhile):
            done += written
    finally:
        _JOB = None
    return sorted(done, key=lambda w: w.path)


def _tasks(files: Sequence[File]) -> list[list[File]]:
    """The files grouped by what they cover, in the layout's order (the longest first).

    A table's or a family's files go together (a family's data after its schema, which it
    is checked against); each release-wide file is a task of its own.
    """
    groups: dict[tuple[str, str], list[File]] = {}
    for file in files:
        key = {Scope.TABLE: file.table, Scope.FAMILY: file.family}.get(file.kind.scope)
        groups.setdefault((file.kind.scope, key or file.path), []).append(file)
    return list(groups.values())


def _run(files: list[File]) -> list[Written]:
    """Render, write and check ``files``, in order (in a worker, or here)."""
    assert _JOB is not None  # noqa: S101 - set by write_all before any task runs
    edition, staging, context = _JOB
    done = []
    for file in files:
        data = render(edition, file)
        _write(staging, file.path, data)
        problems = validation.check_file(file, data, context)
        done.append(Written(file.path, hashlib.sha256(data).hexdigest(), len(data),
                            tuple(problems)))  # fmt: skip
    return done


def _write(staging: Path, name: str, data: bytes) -> None:
    if not staging.is_dir():  # removed by a later build: this one was killed
        raise PublisherError("the staging folder is gone", str(staging))
    path = staging / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if hasattr(os, "fsync"):  # on disk before the swap, not only in the page cache
        with path.open("rb") as written:
            os.fsync(written.fileno())
