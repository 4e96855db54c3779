"""What one report brings to a build past parsing, made once and kept per report.

Mapping a report, its year-to-date average check and the decimals it prints depend on
the report alone, so each report's :class:`Prepared` is kept on a
:class:`~publisher.building.cache.Shelf` by its file's content and path and the code's
:func:`~publisher.building.cache.state_version`: a rebuild maps only new or changed
reports. A report is parsed and prepared in one worker process, which keeps what it
made on the shelves itself and sends back only the pickled result.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from publisher.building.cache import ParseCache, Shelf
from publisher.building.reading import loaded, parse_pickled
from publisher.building.workers import in_workers
from publisher.checking.consistency import check_averages
from publisher.disclosure.system import printed_decimals
from publisher.errors import Notice
from publisher.mapping.observations import Mapped, map_report
from publisher.merging.cube import to_frame
from publisher.model import Report
from publisher.progress import Advance

PREFIX = "prepared-"


@dataclass(frozen=True, slots=True)
class Prepared:
    """A report mapped: its rows for the cube and what the checks need of it.

    ``mapped`` keeps no observations and its report no tables: the rows hold the
    observations, and nothing past mapping reads the tables but the two checks whose
    results are kept here.
    """

    mapped: Mapped
    rows: pd.DataFrame | None  # over the report's own dimensions; None once merged
    averages: tuple[Notice, ...]  # year-to-date averages that do not fit their months
    decimals: int  # how many decimals the report prints its averages with

    @property
    def source(self) -> str:
        """The path the report was read from."""
        return self.mapped.report.source

    @property
    def input(self) -> tuple[str, str]:
        """(path, sha256) of the report's file."""
        return self.mapped.report.source, self.mapped.report.sha256

    def merged(self) -> Prepared:
        """Itself without its rows, once the cube holds them."""
        return dataclasses.replace(self, rows=None)


def prepare(report: Report) -> Prepared:
    """Map a report, and check its averages."""
    mapped = map_report(report)
    rows = to_frame(mapped, mapped.spec.dimensions)
    husk = dataclasses.replace(
        mapped, report=dataclasses.replace(report, tables=()), observations=[]
    )
    decimals = printed_decimals([report])[report.source]
    return Prepared(husk, rows, tuple(check_averages(report)), decimals)


def entry_name(path: Path, digest: str) -> str:
    """A prepared report's name on its shelf: its content, suffix and path."""
    where = hashlib.sha256(str(path).encode()).hexdigest()[:16]
    return f"{digest}{path.suffix.lower()}-{where}"


def prepare_all(
    files: list[tuple[Path, str]],
    parsed: ParseCache | None,
    shelf: Shelf | None,
    jobs: int,
    advance: Advance,
) -> list[Prepared]:
    """Every (path, sha256) prepared, in the order given: kept, or parsed and mapped in workers."""
    found: dict[Path, Prepared | None] = {}
    for path, digest in files:
        kept = shelf.get(entry_name(path, digest)) if shelf is not None else None
        found[path] = kept if isinstance(kept, Prepared) else None
        if found[path] is not None:
            advance()
    misses = [(path, digest) for path, digest in files if found[path] is None]
    work = partial(_prepare_pickled, parsed, shelf)
    for (path, _), data in zip(
        misses, in_workers(work, misses, jobs, lambda _: advance()), strict=True
    ):
        prepared = pickle.loads(data)  # noqa: S301 - pickled by _prepare_pickled
        assert isinstance(prepared, Prepared)  # noqa: S101
        found[path] = prepared
    return [prepared for prepared in found.values() if prepared is not None]


def _prepare_pickled(
    parsed: ParseCache | None, shelf: Shelf | None, file: tuple[Path, str]
) -> bytes:
    """One report parsed (unless cached) and prepared, kept on the shelves, pickled."""
    path, digest = file
    report = parsed.get(digest, path) if parsed is not None else None
    if report is None:
        data = parse_pickled(path)
        if parsed is not None:
            parsed.put(digest, path, data)
        report = loaded(data, digest)
    done = pickle.dumps(prepare(report), protocol=pickle.HIGHEST_PROTOCOL)
    if shelf is not None:
        shelf.put(entry_name(path, digest), done)
    return done
