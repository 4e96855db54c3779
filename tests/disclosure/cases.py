"""Small reports built from the generator, and a brute-force reading of what they publish.

A case is a TILT150 report of the generator with two of its tables: "Tiltak" and the
age table, whose rows are given as true monthly counts. The report is published as Nav
publishes: counts under 4 are ``*``, each row prints the mean of its months rounded half
up (to whole numbers or to decimals) and ``*`` where that rounds under 4.

The brute force knows nothing of ``publisher.disclosure``: it reads the cube's age cells
with pandas and tries every value of every hidden count (Nav's 1-3, ours 4 and up to what
the month's total leaves), keeping those that reproduce every printed average, every
``*`` and every month's total.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from publisher.merging.cube import Cube
from publisher.model import Block, Cell, Report, Row, Table
from tests.navgen import make_report

THRESHOLD = 4
AGES = {
    "19 år og under": "Y_LT20",
    "20-24 år": "Y20T24",
    "25-29 år": "Y25T29",
    "30-39 år": "Y30T39",
    "40-49 år": "Y40T49",
    "50-59 år": "Y50T59",
    "60 år og over": "Y_GE60",
}
Cell_ = tuple[str, str]  # AGE code, month


def crafted(rows: Mapping[str, Sequence[int]], months: int, decimals: int = 0) -> Report:
    """The generator's report of ``months`` months of 2025 holding these age rows."""
    base = make_report(year=2025, months=months)
    truth = {label: list(values[:months]) for label, values in rows.items()}
    total = [sum(column) for column in zip(*truth.values(), strict=True)]
    tiltak = Table("Tiltak", (Block(_row("I alt", total, decimals),
                                    (_row("Avklaring", total, decimals),)),))  # fmt: skip
    ages = Table(
        "Tiltak og alder",
        (Block(_row("I alt avklaring", total, decimals),
               tuple(_row(label, values, decimals) for label, values in truth.items())),),
    )  # fmt: skip
    return replace(base, tables=(tiltak, ages), source=f"TILT150_2025-{months:02d}.txt")


def _row(label: str, values: Sequence[int], decimals: int) -> Row:
    mean = Decimal(sum(values)) / len(values)
    rounded = mean.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    average = Cell(rounded if decimals else int(rounded))
    return Row(
        label,
        average if rounded >= THRESHOLD else Cell.suppressed(),
        tuple(Cell(v) if v >= THRESHOLD else Cell.suppressed() for v in values),
    )


@dataclass(frozen=True, slots=True)
class Published:
    """The age cells of a cube: months (value or None, CONF_STATUS) and averages."""

    months: dict[Cell_, tuple[float | None, str]]
    averages: dict[Cell_, tuple[float | None, str]]


def published(cube: Cube) -> Published:
    """The age table of a crafted case's cube, read with pandas."""
    data = cube.data
    others = [d for d in cube.dimensions if d not in ("AGE", "TILTAK")]
    rows = data[(data["TILTAK"] == "AVKLARAG") & (data[others] == "_T").all(axis=1)]
    found: dict[str, dict[Cell_, tuple[float | None, str]]] = {
        "PARTICIPANTS": {}, "PARTICIPANTS_YTD_AVG": {}
    }  # fmt: skip
    for age, measure, month, value, conf in rows[
        ["AGE", "MEASURE", "TIME_PERIOD", "OBS_VALUE", "CONF_STATUS"]
    ].itertuples(index=False):
        number = None if pd.isna(value) else float(value)
        found[measure][(age, month)] = (number, conf)
    return Published(found["PARTICIPANTS"], found["PARTICIPANTS_YTD_AVG"])


def brute_force(cube: Cube, decimals: int) -> dict[Cell_, tuple[int, int]]:
    """The least and greatest value of each count Nav hid, over every completion.

    Hidden parts are tried value by value; a hidden month's total is their sum.
    """
    facts = published(cube)
    hidden = sorted(c for c, (v, _) in facts.months.items() if v is None and c[0] != "_T")
    choices = [_choices(facts, cell, decimals) for cell in hidden]
    seen: dict[Cell_, set[int]] = {cell: set() for cell in hidden}
    printed = {c: v for c, (v, _) in facts.months.items() if v is not None}
    for values in itertools.product(*choices):
        filled = {**printed, **dict(zip(hidden, values, strict=True))}
        if _totals_hold(facts, filled) and all(
            _average_holds(facts, filled, cell, decimals) for cell in facts.averages
        ):
            for cell, value in zip(hidden, values, strict=True):
                seen[cell].add(value)
    found = {cell: values for cell, values in seen.items() if facts.months[cell][1] == "A"}
    found.update(  # a total Nav hid is the sum of its parts
        {c: _sums(facts, c) for c, (v, conf) in facts.months.items()
         if c[0] == "_T" and v is None and conf == "A"}
    )  # fmt: skip
    return {cell: (min(values), max(values)) for cell, values in found.items()}


def _sums(facts: Published, cell: Cell_) -> set[int]:
    raise NotImplementedError(f"no case hides a total: {cell}")


def _choices(facts: Published, cell: Cell_, decimals: int) -> range:
    """Nav's `*`: 1 to 3. Ours: from 4 up to what the month's total or the row's average leaves."""
    if facts.months[cell][1] == "A":
        return range(1, THRESHOLD)
    caps = [_CAP]
    total = facts.months[("_T", cell[1])][0]
    if total is not None:
        others = [v for (age, m), (v, _) in facts.months.items() if m == cell[1] and age != "_T"]
        caps.append(int(total - sum(v or 1 for v in others)) + 1)
    average = _row_average(facts, cell[0])
    if average is not None:
        (last, value), months = average, [c for c in facts.months if c[0] == cell[0]]
        half = Decimal(5) / 10 ** (decimals + 1)
        most = (Decimal(str(value)) + half) * len([m for _, m in months if m <= last])
        row = [v for (age, m), (v, _) in facts.months.items() if age == cell[0] and m <= last]
        caps.append(int(most) - int(sum(v or 1 for v in row)) + 1)
    return range(THRESHOLD, min(caps) + 1)


_CAP = 60  # no case holds a count near it


def _row_average(facts: Published, age: str) -> tuple[str, float] | None:
    """The row's latest printed average: its month and value."""
    printed = sorted((m, v) for (a, m), (v, _) in facts.averages.items() if a == age and v)
    return printed[-1] if printed else None


def _totals_hold(facts: Published, filled: dict[Cell_, float]) -> bool:
    """Each month's parts add up to its printed total; a hidden total is their sum."""
    for month in sorted({m for _, m in facts.months}):
        parts = sum(v for (age, m), v in filled.items() if m == month and age != "_T")
        total, conf = facts.months[("_T", month)]
        if total is not None and parts != total:
            return False
        if total is None and (parts < THRESHOLD) != (conf == "A"):
            return False
        filled[("_T", month)] = parts
    return True


def _average_holds(
    facts: Published, filled: dict[Cell_, float], cell: Cell_, decimals: int
) -> bool:
    age, last = cell
    values = [v for (a, month), v in filled.items() if a == age and month <= last]
    mean = Decimal(int(sum(values))) / len(values)
    rounded = mean.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    value, conf = facts.averages[cell]
    if value is not None:
        return rounded == Decimal(str(value))
    return rounded < THRESHOLD if conf == "A" else rounded >= THRESHOLD


def cells(labels: Mapping[str, Sequence[int]]) -> Iterator[str]:
    """The age codes of the given row labels."""
    return (AGES[label] for label in labels)
