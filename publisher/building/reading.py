"""Input files to parsed reports: each file read once, in path order, in worker processes.

Reports are parsed in worker processes (pypdf is CPU-bound) when there is more than one
to parse, and kept in a :class:`~publisher.building.cache.ParseCache` when one is given, so a
rebuild parses only new or changed files. The result is the same, report for report and
in path order, whether parsed serially, in parallel or taken from the cache; an input
error from a worker is raised here as it was raised there, the first in path order.

This module imports the readers and the parser only: ``publisher parse`` loads no pandas.
"""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path

from publisher.building.cache import ParseCache
from publisher.building.workers import in_workers
from publisher.errors import Location, Notice
from publisher.model import Report
from publisher.parse import parse_file
from publisher.progress import SILENT, Progress
from publisher.readers import input_files


def distinct_inputs(paths: Sequence[Path]) -> tuple[list[tuple[Path, str]], list[Notice]]:
    """Every input file as (path, sha256), in path order; a repeated file once, with a notice."""
    seen: dict[str, Path] = {}
    notices: list[Notice] = []
    todo: list[tuple[Path, str]] = []
    for path, digest in input_files(paths):
        if digest in seen:
            notices.append(
                Notice(f"the same file as {seen[digest]}; read once", Location(str(path)))
            )
        else:
            seen[digest] = path
            todo.append((path, digest))
    return todo, notices


def read_reports(
    paths: Sequence[Path],
    *,
    cache: ParseCache | None = None,
    jobs: int = 1,
    progress: Progress = SILENT,
) -> tuple[list[Report], list[Notice]]:
    """Parse every report file named or found in a folder; a repeated file is read once.

    Files are taken in path order, whatever order they were given in, so the same inputs
    always make the same release.

    Args:
        paths: Report files and folders.
        cache: Where parsed reports are kept between builds; None parses every file.
        jobs: Worker processes for the files to parse; 1 parses in this process.
        progress: Told of every report read.
    """
    todo, notices = distinct_inputs(paths)
    with progress.stage("parse", len(todo)) as advance:
        reports = parsed(todo, cache, jobs, advance)
    return reports, notices


def parsed(
    files: list[tuple[Path, str]],
    cache: ParseCache | None,
    jobs: int,
    advance: Callable[[], None],
) -> list[Report]:
    """The report of every (path, sha256), in the order given: from the cache or parsed."""
    found: dict[Path, Report | None] = {
        path: cache.get(digest, path) if cache else None for path, digest in files
    }
    for _ in filter(None, found.values()):
        advance()
    misses = [(path, digest) for path, digest in files if found[path] is None]
    done = in_workers(parse_pickled, [path for path, _ in misses], jobs, lambda _: advance())
    for (path, digest), data in zip(misses, done, strict=True):
        if cache is not None:
            cache.put(digest, path, data)
        found[path] = loaded(data, digest)
    return [report for report in found.values() if report is not None]


def loaded(data: bytes, digest: str) -> Report:
    """A report as :func:`parse_pickled` pickled it, with the sha256 of its file."""
    report = pickle.loads(data)  # noqa: S301 - pickled by parse_pickled a moment ago
    assert isinstance(report, Report)  # noqa: S101
    return dataclasses.replace(report, sha256=digest)


def parse_pickled(path: Path) -> bytes:
    """Parse one file, pickled: what a worker sends back and the cache keeps."""
    return pickle.dumps(parse_file(path), protocol=pickle.HIGHEST_PROTOCOL)
