"""Benchmark: our JSON-stat writer against pyjstat on the same 1,152,000-cell cube.

400 regions × 3 sexes × 8 age groups × 1 measure × 120 months, 1 % of the cells
suppressed. Run from the repository root: ``python bench/jsonstat.py [--runs 5]``.

Each writer gets the frame it would get in a real build: ours the table as
``tables.tables`` hands it over (the cube's key columns categorical since the merge, the
status coded once per build), pyjstat the tidy frame of strings it needs (what a user
reads from a CSV file). The frame's coding is the merge's and is timed apart (the build
pays it once, and the merge's own sorts and duplicate checks get faster by more than it
costs); pyjstat on the coded frame, its best case, is printed too.

Prints the median seconds of each writer, wall clock and this process's CPU (the writers
take turns run by run; on a shared machine the CPU seconds hold better), the part of
ours spent placing the cells (``tables.cells``), their ratio, the peak memory our writer
allocates (tracemalloc, in a separate run) against the cube's own size, and whether the
two outputs hold the same values. Not a test: it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pyjstat import pyjstat

from publisher.family.spec import spec_for
from publisher.mapping.codelists import for_dimension
from publisher.merging.cube import OBS_STATUS, coded
from publisher.writers import jsonstat, tables
from publisher.writers.tables import Dimension, Table


def _cube(seed: int = 1) -> Table:
    region, sex, age = (for_dimension(d) for d in ("REF_AREA", "SEX", "AGE"))
    regions = tuple(dict.fromkeys(c.id for c in region.codes))[:400]
    sexes, ages = ("_T", "F", "M"), tuple(c.id for c in age.codes)[:8]
    months = tuple(f"{y}-{m:02d}" for y in range(2016, 2026) for m in range(1, 13))
    grid = pd.MultiIndex.from_product(
        [regions, sexes, ages, ["PARTICIPANTS"], months],
        names=["REF_AREA", "SEX", "AGE", "MEASURE", "TIME_PERIOD"],
    ).to_frame(index=False)
    rng = np.random.default_rng(seed)
    values = rng.integers(4, 5000, len(grid)).astype(float)
    suppressed = rng.random(len(grid)) < 0.01
    values[suppressed] = np.nan
    grid["OBS_VALUE"] = pd.array(values, dtype="Float64")
    grid["OBS_STATUS"] = np.where(suppressed, "Q", "A")
    spec = spec_for("TILT150")
    assert spec is not None
    section = spec.section("Tiltak og fylke")
    assert section is not None
    return Table(
        id="BENCH",
        family="TILT150",
        report_title="Benchmark",
        report_title_en="Benchmark",
        section=section,
        updated=date(2026, 1, 1),
        notes=(),
        fixed={},
        dimensions=(
            Dimension("REF_AREA", regions, region),
            Dimension("SEX", sexes, sex),
            Dimension("AGE", ages, age),
            Dimension("MEASURE", ("PARTICIPANTS",), for_dimension("MEASURE")),
            Dimension("TIME_PERIOD", months, None),
        ),
        data=grid,
    )


def ours(table: Table) -> bytes:
    return jsonstat.dumps(jsonstat.dataset(table))


def theirs(frame: pd.DataFrame) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        written: str = pyjstat.Dataset.read(frame).write()
    return written


def _medians(works: list[Callable[[], object]], runs: int) -> list[tuple[float, float, object]]:
    """Each work's median wall and CPU seconds and last result, the works taking turns.

    Taking turns spreads the load of a shared machine over every writer alike, so their
    ratio holds even when the seconds do not.
    """
    walls: list[list[float]] = [[] for _ in works]
    cpus: list[list[float]] = [[] for _ in works]
    results: list[object] = [None for _ in works]
    for _ in range(runs):
        for i, work in enumerate(works):
            start, cpu = time.perf_counter(), time.process_time()
            results[i] = work()
            walls[i].append(time.perf_counter() - start)
            cpus[i].append(time.process_time() - cpu)
    return [
        (statistics.median(w), statistics.median(c), r)
        for w, c, r in zip(walls, cpus, results, strict=True)
    ]


def main() -> None:
    """Build the cube, time both writers, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    tidy = _cube()
    key = [d.id for d in tidy.dimensions]
    table = dataclasses.replace(tidy, data=coded(tidy.data, [*key, OBS_STATUS]))
    # The same data for pyjstat: the tidy columns (pandas str) and a float value.
    frame = tidy.data[key].copy()
    frame["value"] = tidy.data["OBS_VALUE"].astype(float)
    frame_coded = table.data[key].assign(value=frame["value"])
    cube_bytes = int(table.data.memory_usage(deep=True).sum())
    tidy_bytes = int(tidy.data.memory_usage(deep=True).sum())

    timed = _medians(
        [
            lambda: ours(table),
            lambda: tables.cells(table),
            lambda: coded(tidy.data, [*key, OBS_STATUS]),
            lambda: theirs(frame),
            lambda: theirs(frame_coded),
        ],
        args.runs,
    )
    (our_seconds, our_cpu, our_text), cell, code, theirs_timed, best = timed
    their_seconds, their_cpu, their_text = theirs_timed
    tracemalloc.start()
    ours(table)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    our_values = json.loads(our_text)["value"]  # type: ignore[arg-type]
    their_values = json.loads(their_text)["value"]  # type: ignore[arg-type]
    same = len(our_values) == len(their_values) and all(
        (a is None and b is None) or (a is not None and b is not None and float(a) == float(b))
        for a, b in zip(our_values, their_values, strict=True)
    )
    cells = len(table.data)
    print(f"cube: {cells:,} cells, {int(table.data['OBS_VALUE'].isna().sum()):,} suppressed,"
          f" {cube_bytes / 1e6:.0f} MB in pandas coded, {tidy_bytes / 1e6:.0f} MB as strings;"
          f" median of {args.runs} runs in turns;"
          f" {os.cpu_count()} cores")  # fmt: skip
    print(f"{'writer':<52}{'seconds':>9}{'CPU s':>9}{'MB out':>9}")
    print(f"{'publisher, on the table a build hands it':<52}{our_seconds:>9.3f}{our_cpu:>9.3f}"
          f"{len(our_text) / 1e6:>9.1f}")  # type: ignore[arg-type]  # fmt: skip
    print(f"{'  of which the cells in order (tables.cells)':<52}{cell[0]:>9.3f}{cell[1]:>9.3f}")
    print(f"{'pyjstat.Dataset.read(df).write(), tidy str frame':<52}{their_seconds:>9.3f}"
          f"{their_cpu:>9.3f}{len(their_text) / 1e6:>9.1f}")  # type: ignore[arg-type]  # fmt: skip
    print(f"{'pyjstat on the coded frame (its best case)':<52}{best[0]:>9.3f}{best[1]:>9.3f}")
    print(f"{'the frame coded (the merge, once per build)':<52}{code[0]:>9.3f}{code[1]:>9.3f}")
    print(f"speed-up: {their_seconds / our_seconds:.1f}x, each on its frame"
          f" ({their_cpu / our_cpu:.1f}x in CPU seconds);"
          f" {best[0] / our_seconds:.1f}x against pyjstat's best case;"
          f" {their_seconds / (our_seconds + code[0]):.1f}x counting the coding as ours;"
          f" our peak allocation {peak / 1e6:.0f} MB = {peak / cube_bytes:.2f}x the coded cube;"
          f" same values: {same}")  # fmt: skip


if __name__ == "__main__":
    main()
