"""Benchmark: writing the archive's release in one process and on every core.

Run from the repository root: ``python bench/publish.py [--runs 3] [--jobs N]``. Builds the
cube of the 36-report archive of ``bench/archive.py`` once (not timed), then times
``publish`` (render every file, write it, check it from its bytes, write the manifest,
swap the folder in) with one process and with ``--jobs`` forked workers, alternately, and
prints the medians and their ratio. The two releases must be byte-identical; the bench
says so. Not a test: it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import archive as archive_bench  # bench/archive.py: the generated archive

from publisher.building.cache import ParseCache
from publisher.building.pipeline import make_cube
from publisher.building.publish import publish


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _timed(cube: object, out: Path, jobs: int) -> tuple[float, float]:
    """Wall-clock seconds, and CPU seconds of this process and its workers."""
    before, start = os.times(), time.perf_counter()
    publish(cube, out, jobs=jobs)  # type: ignore[arg-type]
    took, after = time.perf_counter() - start, os.times()
    cpu = sum(after[:4]) - sum(before[:4])  # user, system, children's user and system
    return took, cpu


def main() -> None:
    """Build the cube, time the two ways of publishing it, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args()

    bench = Path(tempfile.gettempdir()) / "publisher-bench"
    paths = archive_bench.archive(bench / f"archive-{archive_bench.GENERATION}")
    cube = make_cube(paths, cache=ParseCache(bench / "publish-cache"), jobs=args.jobs)
    work = bench / "publish"
    shutil.rmtree(work, ignore_errors=True)
    times: dict[int, list[tuple[float, float]]] = {1: [], args.jobs: []}
    for _ in range(args.runs):
        for jobs in times:
            times[jobs].append(_timed(cube, work / f"jobs-{jobs}", jobs))
    same = _tree(work / "jobs-1") == _tree(work / f"jobs-{args.jobs}")
    files = len(_tree(work / "jobs-1"))
    shutil.rmtree(work, ignore_errors=True)

    serial = statistics.median(t for t, _ in times[1])
    load = os.getloadavg()[0]
    print(f"publish: {len(paths)} reports, {len(cube.data):,} observations, {files} files;"
          f" {os.cpu_count()} cores, load {load:.1f}; median of {args.runs}")  # fmt: skip
    print(f"{'what':<40}{'seconds':>9}{'vs 1 process':>14}{'CPU s':>8}")
    for jobs, runs in times.items():
        label = "render, write, check: 1 process" if jobs == 1 else f"the same: {jobs} workers"
        median = statistics.median(t for t, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(f"{label:<40}{median:>9.2f}{median / serial:>13.2f}x{cpu:>8.2f}")
    print(f"byte-identical releases: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
