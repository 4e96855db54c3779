"""Benchmark: building Nav's archive of monthly reports, cold, unchanged and one month on.

Run from the repository root: ``python bench/archive.py [--runs 3] [--jobs N]``. Generates
(once, cached under the temp folder) 36 monthly TILT150-like PDFs, 2023-01 to 2025-12: the
report for month m of a year prints months 1..m of that year (three measure types, 88
municipalities from 2024, every region of the 2020 structure in 2023; about 40 pages).
Then, per run, with ``publisher build`` run as the user runs it (a fresh process):

- cold: all 36 reports, an empty parse cache and no release;
- unchanged: the same build again;
- one month: the archive without its last month built (not timed), then the last month
  added and built again; its release must be byte for byte the cold build's, or the
  benchmark stops.

The cold build is set against bare pypdf text extraction of the same 36 files (one
process, every page's ``extract_text()``) divided by the number of worker processes: the
time the build could not go under with pypdf; the same extraction in that many processes
shows how far the cores really scale on the machine. Peak memory is the largest resident
set of any one process of the build (the main process or a worker); CPU seconds are the
build's and its workers' user and system time, which other work on the machine moves
less than the wall-clock time. Not a test: it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pypdf

from publisher.model import Block, Cell, Month, Period, Report, Row, Table
from tests.navgen import data as navgen_data
from tests.navgen import generate, render_fpdf

_APPORTION = navgen_data._apportion

ROOT = Path(__file__).resolve().parent.parent
MEASURES = ("avklaring", "arbeidsrettet rehabilitering", "oppfølging")
YEARS = (2023, 2024, 2025)
GENERATION = "2"  # bump when the generated reports change, to regenerate the cache
SUPPRESS_BELOW = 4
LABELS = {
    "cold": "cold build (no cache, no release)",
    "unchanged": "rebuild, nothing changed",
    "one month": "rebuild after adding one month",
}


def _month_report(year_report: Report, truth: dict[tuple[str, str, str], tuple[int, ...]],
                  months: int) -> Report:  # fmt: skip
    """The report of month ``months`` of a year: the year's first months, same numbers."""
    last = Month(year_report.period.first.year, months)
    tables = []
    for table in year_report.tables:
        blocks = []
        for block in table.blocks:
            rows = [_row(truth[(table.title, block.label, row.label)][:months], row)
                    for row in (block.total, *block.rows)]  # fmt: skip
            blocks.append(Block(rows[0], tuple(rows[1:])))
        tables.append(Table(table.title, tuple(blocks)))
    following = last.next()
    return Report(
        family=year_report.family,
        title=year_report.title,
        updated=year_report.updated.replace(year=following.year, month=following.month),
        period=Period(year_report.period.first, last),
        notes=year_report.notes,
        tables=tuple(tables),
        source="navgen",
    )


def _row(values: tuple[int, ...], row: Row) -> Row:
    mean = sum(values) / len(values)
    average = int(mean + 0.5)  # half up, as Nav rounds
    return Row(row.label, _cell(average), tuple(_cell(v) for v in values), row.code)


def _cell(value: int) -> Cell:
    return Cell.suppressed() if value < SUPPRESS_BELOW else Cell(value)


def _at_least_one(total: int, expected: Sequence[float]) -> list[int]:
    """Navgen's split with every part at least one: Nav prints no 0, and its ``*`` is 1 to 3."""
    if total < len(expected):
        return _APPORTION(total, expected)
    return [1 + part for part in _APPORTION(total - len(expected), expected)]


def archive(folder: Path) -> list[Path]:
    """The 36 PDFs of the archive in ``folder``, generated unless already there."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for year in YEARS:
        with mock.patch.object(navgen_data, "_apportion", _at_least_one):
            year_report, truth = generate(
                year=year,
                months=12,
                measures=MEASURES,
                seed=year,
                municipalities=88,
                regions="2020" if year < 2024 else "2024",
            )
        for month in range(1, 13):
            path = folder / f"TILT150_{year}-{month:02d}.pdf"
            if not path.exists():
                partial = path.with_suffix(".tmp")
                render_fpdf(_month_report(year_report, dict(truth), month), partial)
                partial.replace(path)
            paths.append(path)
    return paths


def _build(inputs: Path, out: Path, cache: Path, jobs: int) -> tuple[float, int, float]:
    """Seconds, peak RSS (kB) and CPU seconds of one ``publisher build`` in a fresh process.

    The CPU seconds are the build's and its workers' (user and system): on a machine whose
    cores others use too, they move less than the wall-clock time.
    """
    command = [sys.executable, "-m", "publisher", "build", str(inputs), "-o", str(out),
               "--cache-dir", str(cache), "--jobs", str(jobs), "--quiet"]  # fmt: skip
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "took = time.perf_counter() - start\n"
        "if done.returncode: sys.exit(done.stderr)\n"
        "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(took, used.ru_maxrss, used.ru_utime + used.ru_stime)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *command],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    seconds, rss, cpu = result.stdout.split()
    return float(seconds), int(rss), float(cpu)


def _extract(path: Path) -> None:
    for page in pypdf.PdfReader(path).pages:
        page.extract_text()


def _bare_pypdf(paths: list[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        _extract(path)
    return time.perf_counter() - start


def _bare_pypdf_parallel(paths: list[Path], jobs: int) -> float:
    """Bare extraction in ``jobs`` processes: what the cores really give on this machine."""
    start = time.perf_counter()
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        list(pool.map(_extract, paths))
    return time.perf_counter() - start


def _run(paths: list[Path], work: Path, jobs: int) -> dict[str, tuple[float, int, float]]:
    """One round: one-month rebuild, unchanged rebuild, then a cold build elsewhere."""
    shutil.rmtree(work, ignore_errors=True)
    inputs = work / "inputs"
    inputs.mkdir(parents=True)
    for path in paths[:-1]:
        os.link(path, inputs / path.name)
    _build(inputs, work / "output", work / "cache", jobs)  # 35 months, not timed
    os.link(paths[-1], inputs / paths[-1].name)
    times = {"one month": _build(inputs, work / "output", work / "cache", jobs)}
    times["unchanged"] = _build(inputs, work / "output", work / "cache", jobs)
    times["cold"] = _build(inputs, work / "cold-output", work / "cold-cache", jobs)
    if _files(work / "output") != _files(work / "cold-output"):
        sys.exit("the release after adding a month differs from the cold build's")
    return times


def _files(release: Path) -> dict[str, bytes]:
    """Every file of a release, by its path in it."""
    return {str(p.relative_to(release)): p.read_bytes() for p in release.rglob("*") if p.is_file()}


def main() -> None:
    """Generate the archive, time the builds, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    bench = Path(tempfile.gettempdir()) / "publisher-bench"
    paths = archive(bench / f"archive-{GENERATION}")
    pages = sum(len(pypdf.PdfReader(p).pages) for p in paths)
    work = Path(tempfile.mkdtemp(prefix="work-", dir=bench))  # benchmarks may run at once
    rounds = []
    bare = []
    bare_parallel = []
    for _ in range(args.runs):
        rounds.append(_run(paths, work, args.jobs))
        bare.append(_bare_pypdf(paths))
        bare_parallel.append(_bare_pypdf_parallel(paths, args.jobs))
    shutil.rmtree(work, ignore_errors=True)

    floor = statistics.median(bare) / args.jobs
    seconds = {name: statistics.median(r[name][0] for r in rounds) for name in rounds[0]}
    peak = {name: statistics.median(r[name][1] for r in rounds) for name in rounds[0]}
    cpu = {name: statistics.median(r[name][2] for r in rounds) for name in rounds[0]}
    cold = seconds["cold"]
    print(f"archive: {len(paths)} reports, {pages} pages; {args.jobs} jobs; median of {args.runs}")
    print(f"{'what':<44}{'seconds':>9}{'vs cold':>9}{'vs floor':>10}{'peak MB':>9}{'CPU s':>8}")
    print(f"{'bare pypdf, all files, / ' + str(args.jobs) + ' jobs (floor)':<44}"
          f"{floor:>9.2f}{floor / cold:>8.2f}x{1:>9.2f}x{'':>9}")  # fmt: skip
    measured = statistics.median(bare_parallel)
    label = f"bare pypdf, all files, {args.jobs} processes (measured)"
    print(f"{label:<44}{measured:>9.2f}{measured / cold:>8.2f}x{measured / floor:>9.2f}x")
    for name in ("cold", "unchanged", "one month"):
        label = LABELS[name]
        took = seconds[name]
        print(f"{label:<44}{took:>9.2f}{took / cold:>8.2f}x{took / floor:>9.2f}x"
              f"{peak[name] / 1024:>9.0f}{cpu[name]:>8.2f}")  # fmt: skip
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"peak RSS of this bench process (generation, bare pypdf): {own} MB")
    # The two targets, as the median of each round's ratio (both sides of it timed together).
    grown = statistics.median(r["one month"][0] / r["cold"][0] for r in rounds)
    floors = statistics.median(
        r["cold"][0] / (b / args.jobs) for r, b in zip(rounds, bare, strict=True)
    )
    print(f"rebuild after adding one month vs cold build: {grown:.2f}x (target <= 0.20x)")
    grown_cpu = statistics.median(r["one month"][2] / r["cold"][2] for r in rounds)
    print(f"the same in CPU seconds (build and workers, user + system): {grown_cpu:.2f}x")
    print(f"cold build vs bare pypdf of all files / {args.jobs}: {floors:.2f}x (target <= 1.30x)")
    scaled = statistics.median(
        r["cold"][0] / b for r, b in zip(rounds, bare_parallel, strict=True)
    )  # what the cores really gave pypdf in this run, against the floor's perfect scaling
    print(f"cold build vs bare pypdf of all files in {args.jobs} processes: {scaled:.2f}x")
    print("releases after adding one month and cold: byte-identical in every round")


if __name__ == "__main__":
    main()
