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
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

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
) -> list[Written]:
    """Every file of ``edition.files`` rendered, written into ``staging`` and checked.

    Args:
        edition: What the writers are given; its ``files`` are what to write.
        staging: The folder to write into.
        context: What each file is checked against.
        jobs: Worker processes; 1 renders in this process.
        advance: Told of each file written.
    """
    global _JOB
    first = [f for f in edition.files if f.kind.scope is Scope.SCHEMA]
    tasks = _tasks([f for f in edition.files if f.kind.scope is not Scope.SCHEMA and f.kind.writer])
    _JOB = (edition, staging, context)
    try:
        done = _counted(_run(first), advance)
        if jobs <= 1 or len(tasks) <= 1 or _fork() is None:
            for task in tasks:
                done += _counted(_run(task), advance)
        else:
            done += _parallel(tasks, min(jobs, len(tasks)), advance)
    finally:
        _JOB = None
    return sorted(done, key=lambda w: w.path)


def _counted(written: list[Written], advance: Callable[[], None]) -> list[Written]:
    for _ in written:
        advance()
    return written


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
        _write(staging / file.path, data)
        problems = validation.check_file(file, data, context)
        done.append(Written(file.path, hashlib.sha256(data).hexdigest(), len(data),
                            tuple(problems)))  # fmt: skip
    return done


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if hasattr(os, "fsync"):  # on disk before the swap, not only in the page cache
        with path.open("rb") as written:
            os.fsync(written.fileno())


def _parallel(tasks: list[list[File]], workers: int, advance: Callable[[], None]) -> list[Written]:
    """The tasks in forked workers; the first failure (a bug, a full disk) is raised."""
    done: list[Written] = []
    try:
        with ProcessPoolExecutor(workers, mp_context=_fork()) as pool:
            futures: list[Future[list[Written]]] = [pool.submit(_run, task) for task in tasks]
            for future in as_completed(futures):
                error = future.exception()
                if error is not None:
                    for other in futures:
                        other.cancel()
                    raise error
                done += _counted(future.result(), advance)
    except BrokenProcessPool as exc:
        raise PublisherError("a rendering process stopped", str(exc)) from exc
    return done


def _fork() -> multiprocessing.context.BaseContext | None:
    """Fork, where there is fork: the workers need the edition this process holds."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None
