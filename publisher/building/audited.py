"""The disclosure audit's warnings, a family's year at a time, each year's kept by content.

Every relation the audit reads (``publisher.disclosure.system``) ties cells of one family
in one year: a margin ties cells of one month, a year-to-date average the months of its
year. So the audit of the whole cube is the audit of each (family, year) part, its
findings put in key order and its contradictions in the order of their cells, as
:func:`publisher.disclosure.audit.warnings` gives them. Each part's result is kept on a
shelf by a hash of everything the audit reads of it: its rows, the revisions of its
cells, and the periods and decimals of the reports its rows come from. A rebuild after
a new month audits the new month's year only; a test holds the result to the audit of
the whole cube.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

import pandas as pd

from publisher.building.cache import Shelf
from publisher.building.workers import in_workers
from publisher.disclosure import audit
from publisher.disclosure.system import build
from publisher.errors import Notice
from publisher.merging.cube import FAMILY, SOURCE, TIME_PERIOD, Cube, Revision

SortKey = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class _Part:
    """A part's audit: its findings, and its contradictions with where they sort."""

    findings: tuple[audit.Finding, ...]
    contradictions: tuple[tuple[SortKey, Notice], ...]


def warnings(
    cube: Cube,
    additive: frozenset[str],
    decimals: Mapping[str, int],
    shelf: Shelf | None = None,
    jobs: int = 1,
) -> list[Notice]:
    """What :func:`publisher.disclosure.audit.warnings` says of the cube, part by part.

    Args:
        cube: The cube as it would be published.
        additive: The dimensions whose codes split their parent.
        decimals: The decimals each report (by source) printed its averages with; every
            report of the cube must be there.
        shelf: Where each part's result is kept; None audits every part.
        jobs: Worker processes for the parts to audit.
    """
    data = cube.data
    years = data[TIME_PERIOD].str[:4]
    revised = _by_part(cube.revisions, cube.key)
    done: dict[str, _Part | None] = {}
    todo: list[Cube] = []
    for (family, year), rows in data.groupby([data[FAMILY], years], sort=True):
        revisions = revised.get((str(family), str(year)), [])
        part = Cube(rows.reset_index(drop=True), cube.key, revisions, [], {}, cube.inputs)
        name = _digest(part, additive, decimals)
        kept = shelf.get(name) if shelf is not None else None
        done[name] = kept if isinstance(kept, _Part) else None
        if done[name] is None:
            todo.append(part)
    work = partial(_audit, additive=additive, decimals=dict(decimals))
    misses = [name for name, kept in done.items() if kept is None]
    for name, result in zip(misses, in_workers(work, todo, jobs), strict=True):
        done[name] = result
        if shelf is not None:
            shelf.put(name, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    parts = [kept for kept in done.values() if kept is not None]
    findings = sorted((f for p in parts for f in p.findings), key=lambda f: f.cell)
    # Stable: the order within a part stays.
    contradictions = sorted((c for p in parts for c in p.contradictions), key=lambda c: c[0])
    return [*audit.notices(findings, cube.key), *(notice for _, notice in contradictions)]


def _audit(part: Cube, additive: frozenset[str], decimals: Mapping[str, int]) -> _Part:
    result = audit.examine(build(part, additive, decimals))
    notices = audit.contradiction_notices(result)
    cells = [result.system.cells[c] for c in result.contradictions]
    # The whole cube's order: its cells by key, then cells of earlier printings (which
    # the audit adds after them) in the order of the rows whose averages made them.
    order = [
        (1, cell.key[:-2], cell.key[-1][:4]) if cell.earlier else (0, cell.key) for cell in cells
    ]
    return _Part(tuple(result.findings()), tuple(zip(order, notices, strict=True)))


def _by_part(
    revisions: list[Revision], key: tuple[str, ...]
) -> dict[tuple[str, str], list[Revision]]:
    """The revisions by (family, year) of their cell, in the order of the log."""
    family, time = key.index(FAMILY), key.index(TIME_PERIOD)
    found: dict[tuple[str, str], list[Revision]] = {}
    for revision in revisions:
        values = [v for _, v in revision.key]
        found.setdefault((values[family], values[time][:4]), []).append(revision)
    return found


def _digest(part: Cube, additive: frozenset[str], decimals: Mapping[str, int]) -> str:
    """A hash of everything the audit reads of a part."""
    digest = hashlib.sha256()
    digest.update(repr((part.key, sorted(additive))).encode())
    digest.update(list(part.data.columns).__repr__().encode())
    digest.update(pd.util.hash_pandas_object(part.data, index=False).to_numpy().tobytes())
    digest.update(repr(part.revisions).encode())
    sources = set(part.data[SOURCE].astype(str))
    digest.update(repr(sorted((s, decimals.get(s)) for s in sources)).encode())
    digest.update(repr([i for i in part.inputs if str(i["path"]) in sources]).encode())
    return digest.hexdigest()[:32]
