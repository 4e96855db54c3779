"""Benchmark: our SDMX-CSV and SDMX-ML writers on 1,152,000 observations, against sdmx1.

400 regions × 3 sexes × 8 age groups × 120 months, 1 % suppressed. Our writers run on all
of it (median of ``--runs``); sdmx1 builds and writes a StructureSpecific data message and
SDMX-CSV for the first ``--sdmx1-rows`` observations (default 100,000: sdmx1 needs about
20 s per 100,000), timed once, and the ratio is taken per observation. Peak memory of our
writers is tracemalloc's peak. Run from the repository root: ``python bench/sdmx_writers.py``.
Not a test: it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sdmx
from sdmx import message
from sdmx.model import common
from sdmx.model import v21 as m

from publisher.family.spec import spec_for
from publisher.mapping.codelists import for_dimension
from publisher.merging.cube import Cube, Family
from publisher.writers import sdmx_data
from publisher.writers.sdmx_structure import Identity, structure_message


def _cube(seed: int = 1) -> Cube:
    spec = spec_for("TILT150")
    assert spec is not None
    regions = tuple(dict.fromkeys(c.id for c in for_dimension("REF_AREA").codes))[:400]
    ages = tuple(c.id for c in for_dimension("AGE").codes)[:8]
    months = tuple(f"{y}-{m:02d}" for y in range(2016, 2026) for m in range(1, 13))
    grid = pd.MultiIndex.from_product(
        [regions, ("_T", "F", "M"), ages, months], names=["REF_AREA", "SEX", "AGE", "TIME_PERIOD"]
    ).to_frame(index=False)
    rng = np.random.default_rng(seed)
    values = rng.integers(4, 5000, len(grid)).astype(float)
    suppressed = rng.random(len(grid)) < 0.01
    values[suppressed] = np.nan
    data = pd.DataFrame({"FAMILY": "TILT150"}, index=grid.index)
    for dimension in spec.dimensions:
        data[dimension] = grid.get(dimension, "_T")
    data["TILTAK"] = "AVKLARAG"
    data["MEASURE"] = "PARTICIPANTS"
    data["TIME_PERIOD"] = grid["TIME_PERIOD"]
    data["OBS_VALUE"] = pd.array(values, dtype="Float64")
    data["OBS_STATUS"] = np.where(suppressed, "Q", "A")
    data["CONF_STATUS"] = np.where(suppressed, "A", "F")
    key = ("FAMILY", *spec.dimensions, "MEASURE", "TIME_PERIOD")
    family = Family("Benchmark", date(2026, 1, 1), ())
    return Cube(data, key, families={"TILT150": family})


def _timed(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _peak(work: Callable[[], object]) -> int:
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def _sdmx1(cube: Cube, rows: int, identity: Identity) -> tuple[float, float]:
    """Seconds for sdmx1 to build and write XML, and to write SDMX-CSV, for ``rows``."""
    msg = sdmx.read_sdmx(io.BytesIO(structure_message({"TILT150": "B"}, identity)))
    dsd, flow = msg.structure["DSD_TILT"], msg.dataflow["DF_TILT150"]
    data = sdmx_data.observations(cube, "TILT150")
    frame = pd.DataFrame({name: data.texts(name)[:rows] for name in data.names})
    start = time.perf_counter()
    dataset = m.StructureSpecificDataSet(structured_by=dsd, described_by=flow)
    measure = dsd.measures.get("OBS_VALUE")
    status = dsd.attributes.get("OBS_STATUS")
    dims = [d.id for d in dsd.dimensions.components]
    observations = []
    for row in frame.to_dict("records"):
        key = dsd.make_key(common.Key, {d: row[d] for d in dims})
        value = None if row["OBS_VALUE"] == "NaN" else float(row["OBS_VALUE"])
        observations.append(
            m.Observation(
                dimension=key,
                value=value,
                value_for=measure,
                attached_attribute={
                    "OBS_STATUS": common.AttributeValue(value_for=status, value=row["OBS_STATUS"])
                },
            )
        )
    dataset.add_obs(observations)
    data_message = message.DataMessage(data=[dataset], dataflow=flow)
    sdmx.to_xml(data_message)
    xml_seconds = time.perf_counter() - start
    start = time.perf_counter()
    sdmx.to_csv(dataset, rtype=pd.DataFrame, attributes="o")
    return xml_seconds, time.perf_counter() - start


def main() -> None:
    """Build the cube, time the writers, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sdmx1-rows", type=int, default=100_000)
    args = parser.parse_args()
    cube = _cube()
    identity = Identity()
    cube_bytes = int(cube.data.memory_usage(deep=True).sum())

    def csv() -> str:
        return sdmx_data.csv_text(sdmx_data.observations(cube, "TILT150"), "TILT150", identity)

    def xml() -> str:
        frame = sdmx_data.observations(cube, "TILT150")
        return sdmx_data.xml_text(frame, "TILT150", identity, "DF_TILT150.xsd")

    csv_seconds, xml_seconds = _timed(csv, args.runs), _timed(xml, args.runs)
    csv_peak, xml_peak = _peak(csv), _peak(xml)
    theirs_xml, theirs_csv = _sdmx1(cube, args.sdmx1_rows, identity)
    n = len(cube.data)
    per = n / args.sdmx1_rows
    print(f"cube: {n:,} observations, {cube_bytes / 1e6:.0f} MB in pandas;"
          f" ours median of {args.runs}, sdmx1 once on {args.sdmx1_rows:,}")  # fmt: skip
    print(f"{'writer':<40}{'seconds':>9}{'peak MB':>9}")
    print(f"{'publisher SDMX-CSV 2.0':<40}{csv_seconds:>9.2f}{csv_peak / 1e6:>9.0f}")
    print(f"{'publisher SDMX-ML StructureSpecific':<40}{xml_seconds:>9.2f}{xml_peak / 1e6:>9.0f}")
    print(f"{'sdmx1 XML (build + to_xml), scaled':<40}{theirs_xml * per:>9.1f}")
    print(f"{'sdmx1 to_csv, scaled':<40}{theirs_csv * per:>9.1f}")
    print(f"speed-up: XML {theirs_xml * per / xml_seconds:.0f}x,"
          f" CSV {theirs_csv * per / csv_seconds:.0f}x")  # fmt: skip


if __name__ == "__main__":
    main()
