"""From input files to a checked cube: read each file once, parse, map, merge, check.

Each report is parsed and mapped in a worker process (pypdf is CPU-bound) and what that
made is kept per report (:mod:`publisher.building.prepared`); the merged cube is kept too
(:mod:`publisher.building.kept`), and the disclosure audit's result per family and year
(:mod:`publisher.building.audited`). So a rebuild after a new month parses and maps one
report, merges it onto the kept cube and audits its year; the cube, its warnings and so
the release are the ones a build from nothing makes. Without a cache everything is made
anew. Reports are taken in path order; an input error from a worker is raised here as
it was raised there, the first in path order. The checks' warnings go into the cube last
(:class:`Unchecked`): a build runs them while its workers render the release.

Every label that maps to no code, in every report of the build, is raised together as one
:class:`~publisher.errors.MappingError` before anything is merged or written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.building import audited
from publisher.building.cache import ParseCache, Shelf
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

__all__ = ["Unchecked", "make_cube", "merged_cube", "read_reports"]


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
    unchecked = merged_cube(paths, regions=regions, secondary=secondary, cache=cache,
                            jobs=jobs, progress=progress)  # fmt: skip
    with progress.stage("check", 1) as advance:
        unchecked.check()
        advance()
    return unchecked.cube


@dataclass(frozen=True, slots=True)
class Unchecked:
    """A cube ready to publish whose warnings still lack the checks', and those checks.

    The cube's data, revisions and families are final; only its notices grow, when
    :meth:`check` runs the hierarchy checks and the disclosure audit. No writer reads the
    notices (only the manifest does), so a build renders the release while the checks
    run (``publish``'s ``meanwhile``).
    """

    cube: Cube  # what is published: suppressed further, or on the 2024 structure, if asked
    checked: Cube  # what the checks read: before any move to the 2024 structure
    reports: tuple[Prepared, ...]
    audits: Shelf | None
    jobs: int

    def check(self, jobs: int | None = None) -> None:
        """Put the checks' warnings into the cube (once), where a build from nothing has them.

        Args:
            jobs: Worker processes for the audit; by default the build's. 1 beside the
                workers rendering: no second pool is forked beside theirs.
        """
        reports = self.reports
        additive = frozenset().union(*(r.mapped.spec.additive_dimensions for r in reports))
        decimals = {report.source: report.decimals for report in reports}
        hierarchies = check_hierarchies(self.checked, additive)
        disclosures = audited.warnings(self.checked, additive, decimals, self.audits,
                                       self.jobs if jobs is None else jobs)  # fmt: skip
        before = len(self.checked.notices)  # the cube's own, then the 2024 move's (if any)
        notices = self.cube.notices
        self.cube.notices = [*notices[:before], *hierarchies, *disclosures, *notices[before:]]


def merged_cube(
    paths: Iterable[Path],
    *,
    regions: str = "reported",
    secondary: bool = False,
    cache: ParseCache | None = None,
    jobs: int = 1,
    progress: Progress = SILENT,
) -> Unchecked:
    """The merged cube of every report in ``paths``, to check (:func:`make_cube`'s arguments)."""
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
    if secondary:  # the fewest cells over the whole cube: no part can be left out
        from publisher.disclosure import audit

        additive = frozenset().union(*(r.mapped.spec.additive_dimensions for r in reports))
        decimals = {report.source: report.decimals for report in reports}
        cube, _ = audit.suppress_secondary(cube, additive, decimals)
    averages = [notice for report in reports for notice in report.averages]
    cube.notices = [*notices, *averages, *cube.notices]
    published = on_2024_structure(cube) if regions == "2024" else cube
    audits = kept.audits if kept is not None else None
    return Unchecked(published, cube, tuple(reports), audits, jobs)


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
