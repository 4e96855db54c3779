"""From input files to a checked cube: read each file once, parse, map, merge, check.

Reports are parsed in worker processes (pypdf is CPU-bound) when there is more than one
to parse, and kept in a :class:`~publisher.building.cache.ParseCache` when one is given, so a
rebuild parses only new or changed files. The result is the same, report for report and
in path order, whether parsed serially, in parallel or taken from the cache; an input
error from a worker is raised here as it was raised there, the first in path order.

Every label that maps to no code, in every report of the build, is raised together as one
:class:`~publisher.errors.MappingError` before anything is merged or written.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import pickle
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from publisher.building.cache import ParseCache
from publisher.checking.consistency import check_averages, check_hierarchies
from publisher.disclosure import audit
from publisher.disclosure.system import printed_decimals
from publisher.errors import Location, MappingError, Notice, PublisherError
from publisher.mapping.observations import map_report
from publisher.merging.cube import Cube, merge
from publisher.merging.regions import on_2024_structure
from publisher.model import Report
from publisher.parse import parse_file
from publisher.progress import SILENT, Progress
from publisher.readers import input_files


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
    with progress.stage("parse", len(todo)) as advance:
        found: dict[Path, Report | None] = {
            path: cache.get(digest, path) if cache else None for path, digest in todo
        }
        for _ in filter(None, found.values()):
            advance()
        misses = [(path, digest) for path, digest in todo if found[path] is None]
        for (path, digest), data in zip(misses, _parse_all(misses, jobs, advance), strict=True):
            if cache is not None:
                cache.put(digest, path, data)
            found[path] = _loaded(data, digest)
    return [report for report in found.values() if report is not None], notices


def _loaded(data: bytes, digest: str) -> Report:
    report = pickle.loads(data)  # noqa: S301 - pickled by _parse a moment ago
    assert isinstance(report, Report)  # noqa: S101
    return dataclasses.replace(report, sha256=digest)


def _parse(path: Path) -> bytes:
    """Parse one file, pickled: what a worker sends back and the cache keeps."""
    return pickle.dumps(parse_file(path), protocol=pickle.HIGHEST_PROTOCOL)


def _parse_all(
    files: list[tuple[Path, str]], jobs: int, advance: Callable[[], None]
) -> list[bytes]:
    """Every file parsed, in the order given; the first failure in that order is raised."""
    paths = [path for path, _ in files]
    if jobs <= 1 or len(paths) <= 1:
        done = []
        for path in paths:
            done.append(_parse(path))
            advance()
        return done
    try:
        with ProcessPoolExecutor(min(jobs, len(paths)), mp_context=_context()) as pool:
            futures = [pool.submit(_parse, path) for path in paths]
            failed = len(futures)
            for future in as_completed(futures):
                if future.cancelled():
                    continue
                advance()
                if future.exception() is not None:
                    failed = min(failed, futures.index(future))
                    for later in futures[failed + 1 :]:
                        later.cancel()
    except BrokenProcessPool as exc:
        raise PublisherError("a parsing process stopped", str(exc)) from exc
    if failed < len(futures):
        futures[failed].result()  # raises the worker's error
    return [future.result() for future in futures]


def _context() -> multiprocessing.context.BaseContext | None:
    """Fork where there is fork: workers start at once with the modules already loaded."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def make_cube(
    paths: Iterable[Path],
    *,
    regions: str = "reported",
    secondary: bool = False,
    cache: ParseCache | None = None,
    jobs: int = 1,
    progress: Progress = SILENT,
) -> Cube:
    """The merged, checked cube of every report in ``paths``.

    Args:
        paths: Report files and folders.
        regions: ``reported`` keeps every region code as its report printed it; ``2024``
            moves months before 2024 to the 2024 codes where the reform only renumbered.
        secondary: suppress further cells so that no ``*`` can be narrowed by what the
            release publishes (the default stays faithful to what Nav published).
        cache: Where parsed reports are kept between builds; None parses every file.
        jobs: Worker processes for parsing.
        progress: Told of each stage and step.
    """
    reports, notices = read_reports(list(paths), cache=cache, jobs=jobs, progress=progress)
    with progress.stage("map", len(reports)) as advance:
        mapped = []
        for report in reports:
            mapped.append(map_report(report))
            advance()
    problems = [problem for m in mapped for problem in m.unmapped]
    if problems:
        raise MappingError(problems)
    with progress.stage("merge", 1) as advance:
        cube = merge(mapped)
        advance()
    with progress.stage("check", 1) as advance:
        averages = [notice for report in reports for notice in check_averages(report)]
        additive = frozenset().union(*(m.spec.additive_dimensions for m in mapped))
        decimals = printed_decimals(reports)
        if secondary:
            cube, _ = audit.suppress_secondary(cube, additive, decimals)
        disclosures = audit.warnings(cube, additive, decimals)
        cube.notices = [
            *notices,
            *averages,
            *cube.notices,
            *check_hierarchies(cube, additive),
            *disclosures,
        ]
        advance()
    return on_2024_structure(cube) if regions == "2024" else cube
