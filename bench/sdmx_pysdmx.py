"""pysdmx's side of ``bench/sdmx_writers.py``: run by the Python of its own virtualenv.

pysdmx needs pyarrow, which makes pandas' string columns Arrow ones, so it never shares
a process (or an environment) with publisher; this script imports nothing of ours. It
reads the observations as texts (a CSV written once by the benchmark) and the structure
message before any clock starts, then times, ``--runs`` times each, a ``PandasDataset``
built from a copy of the frame and written as SDMX-CSV 2.0 and as SDMX-ML 2.1
StructureSpecific (AllDimensions, pysdmx's default layout, the data set's attributes on
the data set). Prints the seconds as JSON; leaves its last outputs beside the frame,
``pysdmx.csv`` and ``pysdmx.xml``, for the benchmark to compare with ours.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import pandas as pd
from pysdmx.io import read_sdmx
from pysdmx.io.csv.sdmx20.writer import write as write_csv
from pysdmx.io.pd import PandasDataset
from pysdmx.io.xml.sdmx21.writer.structure_specific import write as write_xml

DATA_SET_LEVEL = ["UNIT_MEASURE", "UNIT_MULT", "DECIMALS"]


def main() -> None:
    """Read the frame and the structure, time both writers, print JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("frame", type=Path)
    parser.add_argument("structure", type=Path)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    schema = read_sdmx(args.structure).get_data_structure_definitions()[0].to_schema()
    frame = pd.read_csv(args.frame, dtype=str, keep_default_na=False)
    observed = frame.drop(columns=DATA_SET_LEVEL)
    attributes = {name: frame[name].iloc[0] for name in DATA_SET_LEVEL}
    seconds: dict[str, list[float]] = {"csv": [], "xml": []}
    for _ in range(args.runs):
        copy = frame.copy()
        start = time.perf_counter()
        csv_text = write_csv([PandasDataset(structure=schema, data=copy)])
        seconds["csv"].append(time.perf_counter() - start)
        copy = observed.copy()
        start = time.perf_counter()
        dataset = PandasDataset(structure=schema, data=copy, attributes=attributes)
        xml_text = write_xml([dataset])
        seconds["xml"].append(time.perf_counter() - start)
    assert csv_text is not None and xml_text is not None
    (args.frame.parent / "pysdmx.csv").write_text(csv_text, encoding="utf-8")
    (args.frame.parent / "pysdmx.xml").write_text(xml_text, encoding="utf-8")
    print(json.dumps(seconds))


if __name__ == "__main__":
    main()
