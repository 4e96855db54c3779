"""From input files to a checked cube: read each file once, parse, map, merge, check.

Every label that maps to no code, in every report of the build, is raised together as one
:class:`~publisher.errors.MappingError` before anything is merged or written.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from publisher import audit
from publisher.checks import check_averages, check_hierarchies
from publisher.cube import Cube, merge
from publisher.errors import InputError, Location, MappingError, Notice
from publisher.mapping import map_report
from publisher.model import Report
from publisher.parse import parse_file
from publisher.readers import find_inputs
from publisher.regions import on_2024_structure


def read_reports(paths: Sequence[Path]) -> tuple[list[Report], list[Notice]]:
    """Parse every report file named or found in a folder; a repeated file is read once.

    Files are taken in path order, whatever order they were given in, so the same inputs
    always make the same release.
    """
    files = sorted(find_inputs(paths), key=str)
    if not files:
        raise InputError(
            "no reports found", "no .pdf or .txt file in " + ", ".join(map(str, paths))
        )
    seen: dict[str, Path] = {}
    reports: list[Report] = []
    notices: list[Notice] = []
    for path in files:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest in seen:
            notices.append(
                Notice(f"the same file as {seen[digest]}; read once", Location(str(path)))
            )
            continue
        seen[digest] = path
        report = parse_file(path)
        reports.append(dataclasses.replace(report, sha256=digest))
    return reports, notices


def make_cube(paths: Iterable[Path], *, regions: str = "reported", secondary: bool = False) -> Cube:
    """The merged, checked cube of every report in ``paths``.

    Args:
        paths: Report files and folders.
        regions: ``reported`` keeps every region code as its report printed it; ``2024``
            moves months before 2024 to the 2024 codes where the reform only renumbered.
        secondary: suppress further cells so that no ``*`` can be worked out from the
            published totals (the default stays faithful to what Nav published).
    """
    reports, notices = read_reports(list(paths))
    mapped = [map_report(report) for report in reports]
    problems = [problem for m in mapped for problem in m.unmapped]
    if problems:
        raise MappingError(problems)
    cube = merge(mapped)
    averages = [notice for report in reports for notice in check_averages(report)]
    additive = frozenset().union(*(m.spec.additive_dimensions for m in mapped))
    if secondary:
        cube, _ = audit.suppress_secondary(cube, additive)
    disclosures = audit.notices(audit.audit(cube, additive), cube.key)
    cube.notices = [
        *notices,
        *averages,
        *cube.notices,
        *check_hierarchies(cube, additive),
        *disclosures,
    ]
    return on_2024_structure(cube) if regions == "2024" else cube
