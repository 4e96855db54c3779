"""From input files to a checked cube: read each file once, parse, map, merge, check.

Each report is parsed and mapped in a worker process (pypdf is CPU-bound) and what that
made is kept per report (:mod:`publisher.building.prepared`); the merged cube is kept too
(:mod:`publisher.building.kept`), and the disclosure audit's result per family and year
(:mod:`publisher.building.audited`). So a rebuild after a new month parses and maps one
report, merges it onto the kept cube and audits its year; the cube, its warnings and so
the release are the ones a build from nothing makes. Without a cache everything is made
anew. Reports are taken in path order; an input error from a worker is raised here as
it was raised there, the first in path order.

Every label that maps to no code, in every report of the build, is raised together as one
:class:`~publisher.errors.MappingError` before anything is merged or written.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.building import audited
from publisher.building.cache import ParseCache
from publisher.building.kept import Kept, State
from publisher.building.prepared import Prepared, prepare_all
from publisher.building.reading import distinct_inputs, read_reports
from publisher.checking.consistency import check_hierarchies
from publisher.errors import MappingError
from publisher.merging.cube import Cube, merge, merge_onto
from publisher.merging.regions import on_2024_structure
from publisher.progress import SILENT, Progress

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["make_cube", "read_reports"]


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
        cache: Where parsed reports, and what a build makes of them, are kept between
            builds; None makes everything anew.
        jobs: Worker processes for parsing and mapping.
        progress: Told of each stage and step.
    """
    files, notices = distinct_inputs(list(paths))
    kept = Kept(cache.folder) if cache is not None else None
    state = kept.base(files) if kept is not None else None
    merged = state.inputs if state is not None else frozenset()
    with progress.stage("parse", len(files)) as advance:
        for _ in merged:
            advance()
        new = [(path, digest) for path, digest in files if (str(path), digest) not in merged]
        shelf = kept.prepared if kept is not None else None
        prepared = prepare_all(new, cache, shelf, jobs, advance)
    problems = [problem for p in prepared for problem in p.mapped.unmapped]
    if problems:
        raise MappingError(problems)
    with progress.stage("merge", 1) as advance:
        cube, reports = _merge(state, prepared, kept, cache, jobs)
        advance()
    with progress.stage("check", 1) as advance:
        averages = [notice for report in reports for notice in report.averages]
        additive = frozenset().union(*(r.mapped.spec.additive_dimensions for r in reports))
        decimals = {report.source: report.decimals for report in reports}
        if secondary:  # the fewest cells over the whole cube: no part can be left out
            from publisher.disclosure import audit

            cube, _ = audit.suppress_secondary(cube, additive, decimals)
        audits = kept.audits if kept is not None else None
        disclosures = audited.warnings(cube, additive, decimals, audits, jobs)
        cube.notices = [
            *notices,
            *averages,
            *cube.notices,
            *check_hierarchies(cube, additive),
            *disclosures,
        ]
        advance()
    return on_2024_structure(cube) if regions == "2024" else cube


def _merge(
    state: State | None,
    new: list[Prepared],
    kept: Kept | None,
    cache: ParseCache | None,
    jobs: int,
) -> tuple[Cube, list[Prepared]]:
    """The merged cube, onto the kept state where that is safe, and every report by path.

    What was merged is kept for the next build.
    """
    earlier = list(state.reports) if state is not None else []
    cube = None
    if state is not None and not new:
        cube = state.cube
    elif state is not None:
        cube = merge_onto(state.cube, [r.mapped for r in earlier],
                          [p.mapped for p in new], [_rows(p) for p in new])  # fmt: skip
    if cube is None:  # merge everything anew, from the kept reports where there are
        shelf = kept.prepared if kept is not None else None
        files = [(Path(path), digest) for path, digest in sorted(r.input for r in earlier)]
        everything = sorted([*new, *prepare_all(files, cache, shelf, jobs, lambda: None)],
                            key=lambda p: p.source)  # fmt: skip
        cube = merge([p.mapped for p in everything], [_rows(p) for p in everything])
    reports = sorted([*earlier, *(p.merged() for p in new)], key=lambda p: p.source)
    if kept is not None:
        kept.keep(State(cube, tuple(reports)))
    return cube, reports


def _rows(prepared: Prepared) -> pd.DataFrame:
    assert prepared.rows is not None  # noqa: S101 - only merged reports are kept without
    return prepared.rows
