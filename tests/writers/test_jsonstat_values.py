"""The JSON-stat ``value`` and ``status`` against a brute force that places each row by hand.

The writer places cells with numpy and writes the numbers with orjson, an empty count
first written as a number and overwritten as ``null``; here each row's cell comes from
its category positions in a plain loop, and the text is read back with the standard
library. The sample's tables get values chosen to be awkward: zeros, powers of ten next
to empty cells, the first and the last cell empty, fractions, rows missing; their columns
coded as a build gives them (categoricals) and as plain strings (as the server reads a
release back), which the writer places by different paths.
"""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Mapping
from typing import Any

import pandas as pd
import pytest

from publisher.merging.cube import OBS_STATUS, Cube, coded
from publisher.writers import jsonstat
from publisher.writers.tables import Table, cells, tables

KINDS = ("counts", "fractions", "all empty", "none empty", "rows missing")
COUNTS = (0, 1, 4, 10, 100, 1000, 99999, 1234567)


def _position(table: Table, row: Mapping[Any, Any]) -> int:
    """A row's cell in row-major order (the last dimension varies fastest), by hand."""
    index = 0
    for dimension in table.dimensions:
        index = index * len(dimension.codes) + dimension.codes.index(row[dimension.id])
    return index


def _value(kind: str, rng: random.Random, position: int, last: int) -> float | None:
    if kind == "all empty" or (kind in ("counts", "fractions") and position in (0, last)):
        return None
    if kind != "none empty" and rng.random() < 0.3:
        return None
    if kind == "fractions":
        return rng.choice((0.5, 3.0, 12.25, 100.0))
    return rng.choice(COUNTS)


def _awkward(table: Table, kind: str) -> tuple[Table, list[Any], dict[str, str]]:
    """The table with chosen values, rows shuffled; the value list and status it must give."""
    rng = random.Random(kind)
    data = table.data.sample(frac=0.7 if kind == "rows missing" else 1.0, random_state=1)
    cells = len(list(_all(table)))
    expected: list[Any] = [None] * cells
    status = {}
    values = []
    for row in data.to_dict("records"):
        position = _position(table, row)
        value = _value(kind, rng, position, cells - 1)
        values.append(value)
        expected[position] = value
        if value is None:
            status[str(position)] = ":"
    data = data.assign(
        OBS_VALUE=pd.array(values, dtype="Float64"),
        OBS_STATUS=["Q" if v is None else "A" for v in values],
    )
    return dataclasses.replace(table, data=data), expected, dict(sorted(status.items(), key=_int))


def _all(table: Table) -> range:
    size = 1
    for dimension in table.dimensions:
        size *= len(dimension.codes)
    return range(size)


def _int(item: tuple[str, str]) -> int:
    return int(item[0])


def _columns(table: Table, columns: str) -> Table:
    """The table's dimension and status columns coded, or as plain strings."""
    names = [*(d.id for d in table.dimensions), OBS_STATUS]
    data = table.data.astype({c: str for c in names})
    return dataclasses.replace(table, data=coded(data, names) if columns == "coded" else data)


@pytest.mark.parametrize("columns", ["coded", "strings"])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("table_id", ["TILT150_status", "TILT150_kommune"])
def test_each_row_is_written_in_its_cell(
    cube: Cube, table_id: str, kind: str, columns: str
) -> None:
    table = next(t for t in tables(cube) if t.id == table_id)
    changed, expected, status = _awkward(table, kind)
    changed = _columns(changed, columns)
    document = json.loads(jsonstat.dumps(jsonstat.dataset(changed)))
    assert document["value"] == expected
    # counts stay integers, fractions are floats: the type is part of what is written
    assert [type(v) for v in document["value"]] == [type(v) for v in expected]
    assert list(document["status"].items()) == list(status.items())  # in cell order


@pytest.mark.parametrize("fraction_in", ["PARTICIPANTS", "PARTICIPANTS_YTD_AVG", None])
def test_an_average_with_a_fraction_in_one_cell_has_a_decimal(
    cube: Cube, fraction_in: str | None
) -> None:
    table = next(t for t in tables(cube) if t.id == "TILT150_kommune")
    values = table.data["OBS_VALUE"].astype(float).to_numpy().copy()
    if fraction_in is not None:
        rows = (table.data["MEASURE"] == fraction_in).to_numpy() & ~pd.isna(values)
        values[rows.nonzero()[0][-1]] += 0.5  # the last such row: any cell counts
    changed = dataclasses.replace(
        table, data=table.data.assign(OBS_VALUE=pd.array(values, dtype="Float64"))
    )
    units = jsonstat.dataset(changed)["dimension"]["MEASURE"]["category"]["unit"]
    averaged = int(fraction_in == "PARTICIPANTS_YTD_AVG")  # counts keep no decimals
    assert {m: u["decimals"] for m, u in units.items()} == {
        "PARTICIPANTS": 0,
        "PARTICIPANTS_YTD_AVG": averaged,
    }


@pytest.mark.parametrize("columns", ["coded", "strings"])
def test_a_row_outside_the_categories_or_twice_in_a_cell_is_an_error(
    cube: Cube, columns: str
) -> None:
    table = next(t for t in tables(cube) if t.id == "TILT150_kommune")
    area = table.dimensions[0]
    outside = dataclasses.replace(table, dimensions=(
        dataclasses.replace(area, codes=area.codes[1:]), *table.dimensions[1:]
    ))  # fmt: skip
    with pytest.raises(ValueError, match=f"a {area.id} code outside its categories"):
        cells(_columns(outside, columns))
    twice = dataclasses.replace(table, data=pd.concat([table.data, table.data.iloc[[5]]]))
    with pytest.raises(ValueError, match="two observations for one cell"):
        cells(_columns(twice, columns))
