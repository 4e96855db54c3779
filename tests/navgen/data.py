"""Deterministic synthetic TILT reports whose numbers add up.

A report is generated from its true counts: each measure type gets a monthly total in the
low thousands, which is split over the rows of every breakdown with the seed report's counts
as weights (largest-remainder rounding, so the rows of a block sum to its total exactly).
Rows the seed suppressed get small expected values, so ``*`` cells occur and some rows mix
numbers and ``*``. Cells under 4 are then suppressed; :func:`generate` also returns the true
counts so tests can check sums across suppressed cells.
"""

from __future__ import annotations

import csv
import random
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from importlib.resources import files
from typing import Any

from publisher.model import Block, Cell, Month, Period, Report, Row, Table

TrueCounts = Mapping[tuple[str, str, str], tuple[int, ...]]
"""True monthly counts by (section title, block label, row label); totals included."""

DEFAULT_TITLE = "Tiltaksdeltakere på avklaring. Demografi. Tidsserie måned"
SUPPRESS_BELOW = 4
UNKNOWN = "Ukjent"

_RESOURCES = files(__package__) / "resources"


@dataclass(frozen=True, slots=True)
class _Category:
    """A row of a breakdown: its label, region code, and weight (None: a small count)."""

    label: str
    code: str | None
    weight: int | None


@dataclass(frozen=True, slots=True)
class _Section:
    title: str
    categories: tuple[_Category, ...]


def make_report(**options: Any) -> Report:
    """A synthetic report shaped like Nav's TILT reports: :func:`generate` without the counts."""
    return generate(**options)[0]


def generate(
    *,
    family: str = "TILT150",
    title: str = DEFAULT_TITLE,
    year: int = 2026,
    months: int = 1,
    measures: Sequence[str] = ("avklaring",),
    seed: int = 0,
    updated: date | None = None,
    municipalities: int = 60,
    average_decimals: int = 0,
    regions: str = "2024",
) -> tuple[Report, TrueCounts]:
    """A synthetic report and the true counts behind it.

    Args:
        family: Report family id, printed in the page header.
        title: Report title, printed in the page header.
        year: The report's year.
        months: Number of month columns, from January (1 to 12).
        measures: Measure types (lower case, as in ``I alt avklaring``); one block per
            measure in every breakdown section.
        seed: Seed of the random numbers; the same arguments give the same report.
        updated: The "Rapport oppdatert" date; default the 2nd of the month after the last.
        municipalities: Number of municipality rows (``Ukjent`` comes on top).
        average_decimals: Decimals of the year-to-date average; 0 gives integers.
        regions: The regional structure: "2024" (15 counties) or "2020" (the 11 counties
            and their municipalities of 2020–2023, for reports before 2024).

    Returns:
        The report and its true counts, suppressed cells included.
    """
    if not 1 <= months <= 12:
        raise ValueError(f"months must be 1 to 12, not {months}")
    if not measures or len(set(measures)) != len(measures):
        raise ValueError("measures must be distinct and at least one")
    rng = random.Random(seed)
    status_section, breakdowns = _sections(municipalities, regions)
    totals = {
        measure: _monthly_totals(rng, months, first=i == 0) for i, measure in enumerate(measures)
    }
    truth: dict[tuple[str, str, str], tuple[int, ...]] = {}
    builder = _TableBuilder(truth, average_decimals)

    measure_rows = [(_capitalised(measure), None, totals[measure]) for measure in measures]
    tables = [builder.table("Tiltak", [("I alt", measure_rows)])]

    by_status = {
        measure: _split(rng, totals[measure], status_section.categories) for measure in measures
    }
    tables.append(
        builder.table(
            status_section.title,
            [
                (
                    f"I alt {status.label}",
                    [(_capitalised(measure), None, by_status[measure][i]) for measure in measures],
                )
                for i, status in enumerate(status_section.categories)
            ],
        )
    )
    for section in breakdowns:
        blocks = []
        for measure in measures:
            split = _split(rng, totals[measure], section.categories)
            rows = [
                (c.label, c.code, values)
                for c, values in zip(section.categories, split, strict=True)
            ]
            blocks.append((f"I alt {measure}", rows))
        tables.append(builder.table(section.title, blocks))

    last = Month(year, months)
    report = Report(
        family=family,
        title=title,
        updated=updated or _day_after(last),
        period=Period(Month(year, 1), last),
        notes=_notes(),
        tables=tuple(tables),
        source="navgen",
    )
    return report, truth


class _TableBuilder:
    """Makes tables of cells from true counts and records the counts."""

    def __init__(self, truth: dict[tuple[str, str, str], tuple[int, ...]], decimals: int):
        self.truth = truth
        self.decimals = decimals

    def table(
        self,
        title: str,
        blocks: Iterable[tuple[str, Sequence[tuple[str, str | None, Sequence[int]]]]],
    ) -> Table:
        """A table of blocks given as (total label, [(label, code, month values)])."""
        made = []
        for total_label, rows in blocks:
            total_values = [
                sum(column) for column in zip(*(values for _, _, values in rows), strict=True)
            ]
            total = self.row(title, total_label, total_label, None, total_values)
            made.append(
                Block(
                    total,
                    tuple(
                        self.row(title, total_label, label, code, values)
                        for label, code, values in rows
                    ),
                )
            )
        return Table(title, tuple(made))

    def row(
        self, table: str, block: str, label: str, code: str | None, values: Sequence[int]
    ) -> Row:
        """A row of cells; values under 4 are suppressed, the average too."""
        self.truth[(table, block, label)] = tuple(values)
        return Row(
            label=label,
            average=_cell(_average(values, self.decimals)),
            months=tuple(_cell(value) for value in values),
            code=code,
        )


def _capitalised(measure: str) -> str:
    """``avklaring`` → ``Avklaring``, the rest of the text untouched."""
    return measure[:1].upper() + measure[1:]


def _cell(value: int | Decimal) -> Cell:
    return Cell.suppressed() if value < SUPPRESS_BELOW else Cell(value)


def _average(values: Sequence[int], decimals: int) -> int | Decimal:
    """The mean rounded half up, to an integer or to ``decimals`` places."""
    mean = Decimal(sum(values)) / len(values)
    if decimals == 0:
        return int(mean.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return mean.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _monthly_totals(rng: random.Random, months: int, *, first: bool) -> list[int]:
    """A measure's monthly totals: low thousands for the first measure, a slow drift."""
    base = rng.randint(3000, 4200) if first else rng.randint(900, 2600)
    trend = rng.uniform(-0.02, 0.03)
    return [round(base * (1 + trend * month + rng.uniform(-0.05, 0.05))) for month in range(months)]


def _split(
    rng: random.Random, totals: Sequence[int], categories: Sequence[_Category]
) -> list[list[int]]:
    """Split each month's total over the categories; the parts sum to the total exactly."""
    small_levels = [rng.uniform(0.3, 4.5) for _ in categories]
    weighted = sum(c.weight for c in categories if c.weight is not None) or 1
    split: list[list[int]] = [[] for _ in categories]
    for total in totals:
        smalls = [level * rng.uniform(0.5, 1.5) for level in small_levels]
        rest = max(
            total - sum(s for s, c in zip(smalls, categories, strict=True) if c.weight is None), 0
        )
        expected = [
            small if c.weight is None else rest * c.weight / weighted * rng.uniform(0.93, 1.07)
            for small, c in zip(smalls, categories, strict=True)
        ]
        for part, value in zip(split, _apportion(total, expected), strict=True):
            part.append(value)
    return split


def _apportion(total: int, expected: Sequence[float]) -> list[int]:
    """Whole numbers proportional to ``expected`` that sum to ``total`` (largest remainder)."""
    scale = total / (sum(expected) or 1)
    exact = [value * scale for value in expected]
    parts = [int(value) for value in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: parts[i] - exact[i])
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _day_after(month: Month) -> date:
    """Nav updates a report on the 2nd of the month after its last month."""
    following = month.next()
    return date(following.year, following.month, 2)


def _notes() -> tuple[str, ...]:
    text = (_RESOURCES / "om_statistikken.txt").read_text(encoding="utf-8")
    return tuple(paragraph.strip("\n") for paragraph in text.split("\n\n") if paragraph.strip())


def _sections(municipalities: int, structure: str) -> tuple[_Section, list[_Section]]:
    """The status section and the breakdown sections, from ``resources/sections.toml``."""
    spec = tomllib.loads((_RESOURCES / "sections.toml").read_text(encoding="utf-8"))
    status = _Section(spec["status"]["title"], _listed(spec["status"]["rows"]))
    breakdowns = [_breakdown(entry, municipalities, structure) for entry in spec["breakdown"]]
    return status, breakdowns


def _breakdown(entry: Mapping[str, Any], municipalities: int, structure: str) -> _Section:
    if "rows" in entry:
        return _Section(entry["title"], _listed(entry["rows"]))
    file_name = entry["regions"]
    limit = municipalities if entry.get("limited") else None
    if structure != "2024":  # the older structures ship few regions: take them all
        file_name, limit = file_name.replace(".csv", f"_{structure}.csv"), None
    regions = _regions(file_name, limit)
    unknown = _Category(UNKNOWN, None, _weight(entry["unknown"]))
    return _Section(entry["title"], (*regions, unknown))


def _listed(rows: Iterable[Sequence[Any]]) -> tuple[_Category, ...]:
    return tuple(_Category(label, None, _weight(count)) for label, count in rows)


def _regions(file_name: str, limit: int | None) -> tuple[_Category, ...]:
    """Region rows labelled ``<code> <name>``, sorted by code.

    With a ``limit``, the rows marked ``always`` are taken first, then the others in file
    order.
    """
    text = (_RESOURCES / file_name).read_text(encoding="utf-8")
    records = list(csv.DictReader(text.splitlines()))
    if limit is not None and limit > len(records):
        raise ValueError(f"{file_name} has only {len(records)} regions, not {limit}")
    chosen = sorted(records, key=lambda record: not record.get("always"))[:limit]
    return tuple(
        _Category(
            f"{record['code']} {record['name']}", record["code"], _weight(record["seed_count"])
        )
        for record in sorted(chosen, key=lambda record: record["code"])
    )


def _weight(count: int | str) -> int | None:
    """A seed count as a weight; a suppressed (``*``), missing or tiny count is None."""
    if isinstance(count, str):
        count = int(count) if count.isdigit() else 0
    return count if count >= SUPPRESS_BELOW else None
