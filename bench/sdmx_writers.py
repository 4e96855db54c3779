"""Benchmark: our SDMX-CSV and SDMX-ML writers on 1,152,000 observations, against pysdmx.

400 regions × 3 sexes × 8 age groups × 120 months, 1 % suppressed. Our writers run on all
of it from the cube (median of ``--runs``), the XML both as one text and streamed to
``/dev/null`` (:func:`~publisher.writers.sdmx_data.write_xml`); peak memory is
tracemalloc's. pysdmx writes the same observations, given as a frame of their texts, as
SDMX-CSV 2.0 and SDMX-ML 2.1 StructureSpecific (median of ``--pysdmx-runs``, default one:
its XML takes over a minute). pysdmx brings pyarrow, which turns pandas' string columns
into Arrow ones, so it runs in its own process and virtualenv, never beside publisher:
``bench/sdmx_pysdmx.py`` under ``build/bench-venv-pysdmx/`` (made on the first run with
``pip install 'pysdmx[data,xml]'``), reading the frame from a CSV written once to
``build/bench-sdmx/``. Its CSV is read back and compared with ours, row by row. sdmx1
builds and writes both formats for the first ``--sdmx1-rows`` observations (default
100,000: it needs about 20 s per 100,000), timed once, scaled per observation.
Run from the repository root: ``python bench/sdmx_writers.py``.
Not a test: it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
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
from publisher.merging.cube import Cube, Family, coded
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
    return Cube(coded(data, list(key)), key, families={"TILT150": family})  # as merged


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


ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "bench-sdmx"  # the frame and structure pysdmx reads, its outputs
VENV = ROOT / "build" / "bench-venv-pysdmx"  # pysdmx and its pyarrow, apart from publisher
PYSDMX = "pysdmx[data,xml]>=1.21"


def _pysdmx_python() -> Path:
    """The Python of pysdmx's virtualenv, made and filled on the first run."""
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", PYSDMX], check=True)
    return python


def _pysdmx(data: sdmx_data.Observations, identity: Identity, runs: int) -> dict[str, float]:
    """The median seconds of pysdmx for the observations as CSV and XML, in its own process."""
    WORK.mkdir(parents=True, exist_ok=True)
    frame, structure = WORK / "frame.csv", WORK / "structure.xml"
    pd.DataFrame({name: data.texts(name) for name in data.names}).to_csv(frame, index=False)
    structure.write_bytes(structure_message({"TILT150": "B"}, identity))
    script = Path(__file__).with_name("sdmx_pysdmx.py")
    command = [str(_pysdmx_python()), str(script), str(frame), str(structure), "--runs", str(runs)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    seconds: dict[str, list[float]] = json.loads(done.stdout)
    return {kind: statistics.median(times) for kind, times in seconds.items()}


def _same_rows(ours: str) -> bool:
    """Whether pysdmx's SDMX-CSV holds our rows: the same columns' texts, row by row."""
    read = {
        "ours": pd.read_csv(io.StringIO(ours), dtype=str, keep_default_na=False),
        "theirs": pd.read_csv(WORK / "pysdmx.csv", dtype=str, keep_default_na=False),
    }
    columns = [c for c in read["ours"].columns if c not in ("STRUCTURE", "STRUCTURE_ID")]
    return read["ours"][columns].equals(read["theirs"][columns])


def _obs_count(path: Path) -> int:
    """Observations in pysdmx's XML, which it pretty-prints one to a line."""
    with path.open(encoding="utf-8") as f:
        return sum(line.lstrip().startswith("<Obs ") for line in f)


def main() -> None:
    """Build the cube, time the writers, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pysdmx-runs", type=int, default=1)
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

    def streamed() -> None:
        frame = sdmx_data.observations(cube, "TILT150")
        with open(os.devnull, "wb") as sink:
            sdmx_data.write_xml(frame, "TILT150", identity, "DF_TILT150.xsd", sink)

    ours = {"csv": _timed(csv, args.runs), "xml": _timed(xml, args.runs)}
    ours["stream"] = _timed(streamed, args.runs)
    peaks = {"csv": _peak(csv), "xml": _peak(xml), "stream": _peak(streamed)}
    theirs = _pysdmx(sdmx_data.observations(cube, "TILT150"), identity, args.pysdmx_runs)
    same = _same_rows(csv()) and _obs_count(WORK / "pysdmx.xml") == len(cube.data)
    sdmx1_xml, sdmx1_csv = _sdmx1(cube, args.sdmx1_rows, identity)
    n = len(cube.data)
    per = n / args.sdmx1_rows
    print(f"cube: {n:,} observations, {cube_bytes / 1e6:.0f} MB in pandas; {os.cpu_count()} cores;"
          f" ours median of {args.runs}, pysdmx of {args.pysdmx_runs},"
          f" sdmx1 once on {args.sdmx1_rows:,}")  # fmt: skip
    rows = [
        ("publisher SDMX-CSV 2.0", ours["csv"], peaks["csv"]),
        ("publisher SDMX-ML StructureSpecific", ours["xml"], peaks["xml"]),
        ("publisher SDMX-ML, streamed (write_xml)", ours["stream"], peaks["stream"]),
        ("pysdmx SDMX-CSV 2.0", theirs["csv"], None),
        ("pysdmx SDMX-ML StructureSpecific", theirs["xml"], None),
        ("sdmx1 to_csv, scaled", sdmx1_csv * per, None),
        ("sdmx1 XML (build + to_xml), scaled", sdmx1_xml * per, None),
    ]
    print(f"{'writer':<42}{'seconds':>9}{'peak MB':>9}")
    for name, seconds, peak in rows:
        print(f"{name:<42}{seconds:>9.2f}{'' if peak is None else f'{peak / 1e6:.0f}':>9}")
    print(f"speed-up against pysdmx: CSV {theirs['csv'] / ours['csv']:.1f}x,"
          f" XML {theirs['xml'] / ours['xml']:.1f}x"
          f" (streamed {theirs['xml'] / ours['stream']:.1f}x);"
          f" against sdmx1: CSV {sdmx1_csv * per / ours['csv']:.0f}x,"
          f" XML {sdmx1_xml * per / ours['xml']:.0f}x")  # fmt: skip
    print(f"pysdmx wrote the same observations: {same}")


if __name__ == "__main__":
    main()
