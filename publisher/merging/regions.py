"""Publishing a series that spans the 2024 regional reform on the 2024 structure.

SSB's correspondence (``codelists/CL_REGION_2023_2024.csv``) says what became of every
2020–2023 code. Where the change is a renumbering (3001 Halden → 3101 Halden) the earlier
months move to the new code, so the series runs on unbroken; where a region was split
(Viken, Vestfold og Telemark, Troms og Finnmark, Ålesund/Haram) no new code holds the old
figures, so they stay on the old code and a warning says so.
"""

from __future__ import annotations

import csv
import dataclasses
from functools import cache

from publisher.errors import Notice
from publisher.family.spec import REGION
from publisher.mapping.codelists import folder
from publisher.merging.cube import TIME_PERIOD, Cube, coded

CORRESPONDENCE = "CL_REGION_2023_2024.csv"
_REFORM = "2024-01"  # the first month of the 2024 structure


@cache
def _changes() -> tuple[dict[str, str], frozenset[str]]:
    """The renumbered codes (old to new) and the split ones."""
    with (folder() / CORRESPONDENCE).open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    renumbered = {r["old_code"]: r["new_code"] for r in rows if r["change_type"] == "renumbered"}
    split = frozenset(r["old_code"] for r in rows if r["change_type"] == "split")
    return renumbered, split


def on_2024_structure(cube: Cube) -> Cube:
    """The cube with its months before 2024 recoded to the 2024 regions where that is exact."""
    if REGION not in cube.dimensions:
        return cube
    renumbered, split = _changes()
    data = cube.data
    before = data[TIME_PERIOD].astype(str) < _REFORM  # the cube's key is categorical
    region = data[REGION].astype(str)
    recoded = region[before].map(lambda code: renumbered.get(code, code))
    data = coded(data.assign(**{REGION: region.where(~before, recoded)}), [REGION])
    data = data.sort_values(list(cube.key), kind="stable", ignore_index=True)
    kept = sorted(set(data.loc[before, REGION]) & split)
    notices = [
        Notice(
            f"{REGION} {code} was split in the 2024 reform; its months before 2024 stay on"
            f" code {code}, which the 2024 structure does not have"
        )
        for code in kept
    ]
    families = {
        name: dataclasses.replace(family, tables=_recode_tables(family.tables, renumbered))
        for name, family in cube.families.items()
    }
    return Cube(data, cube.key, cube.revisions, [*cube.notices, *notices], families, cube.inputs)


def _recode_tables(
    tables: dict[str, dict[str, set[str]]], renumbered: dict[str, str]
) -> dict[str, dict[str, set[str]]]:
    return {
        title: {
            dim: {renumbered.get(c, c) for c in codes} if dim == REGION else codes
            for dim, codes in dims.items()
        }
        for title, dims in tables.items()
    }
