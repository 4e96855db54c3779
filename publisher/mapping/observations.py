"""Report + spec + codelists → the report's observations at standard codes.

Every row of a table becomes observations: one per cell, keyed by the report family,
every dimension of the family (the table's own ones from its block and row labels, the
others at their total ``_T``), the measure and the month. Region rows map by their code
and have their printed name checked leniently (names are wrapped and cut short in the
PDFs); other rows map by label through the codelists' aliases. Labels that map to no
code are collected over the whole build and raised as one :class:`MappingError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from publisher.confidentiality import BREAK, NORMAL, STATUS_CODES
from publisher.errors import Location, Notice
from publisher.family.spec import REGION, RegionLevel, ReportSpec, SectionSpec, spec_of
from publisher.mapping.codelists import Lookup, for_dimension, squeeze
from publisher.model import Block, Code, Report, Row, Status, Table
from publisher.parse.rows import TOTAL_PREFIX
from publisher.readers.wording import month_number

_REGION_DIGITS = {"county": 2, "municipality": 4}


@dataclass(slots=True)
class Observation:
    """One cell of a report at its codes."""

    key: tuple[str, ...]  # the family's dimensions, then MEASURE, then TIME_PERIOD
    value: int | float | None
    obs_status: str
    conf_status: str
    where: Location
    table: str


@dataclass(frozen=True, slots=True, order=True)
class SeriesBreak:
    """A break in some series of a family from a month on, as a report's note says.

    A fact about the series, whichever report says it: the merge marks the month in
    every report's observations (see :func:`publisher.merging.cube.merge`).
    """

    month: str  # YYYY-MM, the first month of the new series
    dimension: str
    codes: tuple[str, ...]
    note: str  # the note that announces it, as printed


@dataclass(slots=True)
class Mapped:
    """A report's observations, the labels that did not map, and warnings."""

    report: Report
    spec: ReportSpec
    observations: list[Observation] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    # The codes each table (by section title) prints along each of its dimensions.
    tables: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    breaks: list[SeriesBreak] = field(default_factory=list)


def map_report(report: Report) -> Mapped:
    """Map every table of a parsed report to codes (parsing already checked the family)."""
    spec = spec_of(report.family)  # the parser refuses a report without a spec
    day = date(report.period.last.year, report.period.last.month, 1)
    mapper = _Mapper(Mapped(report, spec), day)
    for table in report.tables:
        section = spec.section(table.title)
        assert section is not None  # noqa: S101 - the parser checked every title
        mapper.table(table, section)
    mapper.mark_breaks()
    return mapper.mapped


class _Mapper:
    def __init__(self, mapped: Mapped, day: date) -> None:
        self.mapped = mapped
        self.day = day
        self.lookups: dict[tuple[str, RegionLevel | None], Lookup] = {}
        self.dimensions = mapped.spec.dimensions
        self.totals = mapped.spec.totals(mapped.report.family)
        self.seen: dict[tuple[str, ...], Observation] = {}
        # Per report, not per row: the month columns, codes by id, squeezed known names.
        period = mapped.report.period
        measures = mapped.spec.measures
        self.columns = [(measures.average, str(period.last))]
        self.columns += [(measures.monthly, str(m)) for m in period.months]
        self.by_id: dict[int, dict[str, Code]] = {}
        self.known: dict[str, list[str]] = {}

    def lookup(self, dimension: str, level: RegionLevel | None = None) -> Lookup:
        if (dimension, level) not in self.lookups:
            cl = for_dimension(dimension)
            ids = None
            if level is not None:
                digits = _REGION_DIGITS[level]
                ids = frozenset(c.id for c in cl.codes if len(c.id) == digits)
            self.lookups[dimension, level] = Lookup(cl, self.day, ids)
        return self.lookups[dimension, level]

    def table(self, table: Table, section: SectionSpec) -> None:
        for block in table.blocks:
            codes = self.block_codes(block, section, table.title)
            if codes is None:
                continue
            self.row(block.total, {**codes, section.rows: self.totals[section.rows]}, table.title)
            for row in block.rows:
                code = self.row_code(row, section, table.title)
                if code is not None:
                    self.row(row, {**codes, section.rows: code}, table.title)

    def block_codes(self, block: Block, section: SectionSpec, title: str) -> dict[str, str] | None:
        if section.blocks is None:
            return {}
        label = block.label.removeprefix(TOTAL_PREFIX).strip()
        if not label:
            return {section.blocks: self.totals[section.blocks]}
        code = self.lookup(section.blocks).find(label)
        if code is None:
            self.unmapped(block.total, title, label, section.blocks)
            return None
        return {section.blocks: code.id}

    def row_code(self, row: Row, section: SectionSpec, title: str) -> str | None:
        lookup = self.lookup(section.rows, section.region_level)
        if section.rows == REGION and row.code is not None:
            if id(lookup) not in self.by_id:
                self.by_id[id(lookup)] = {c.id: c for c in reversed(lookup.codes)}
            code = self.by_id[id(lookup)].get(row.code)
            if code is not None:
                self.check_name(row, code, title)
                return code.id
        else:
            code = lookup.find(row.label)
            if code is not None:
                return code.id
        self.unmapped(row, title, row.label, section.rows)
        return None

    def check_name(self, row: Row, code: Code, title: str) -> None:
        printed = squeeze(row.label.removeprefix(code.id))
        known = self.known.get(code.id)
        if known is None:
            known = [squeeze(n) for n in (*code.names.values(), *code.aliases)]
            self.known[code.id] = known
        if not any(k.startswith(printed) or printed.startswith(k) for k in known):
            self.mapped.notices.append(
                Notice(
                    f"{title}: {row.label!r} is printed for {code.id} {code.names['nb']!r}",
                    self.where(row),
                )
            )

    def unmapped(self, row: Row, title: str, label: str, dimension: str) -> None:
        lookup = self.lookup(dimension)
        closest = ", ".join(lookup.closest(label)) or "none near"
        self.mapped.unmapped.append(
            f"{self.where(row)}: {title}: {label!r} is no {dimension} code (closest: {closest})"
        )

    def where(self, row: Row) -> Location:
        return Location(self.mapped.report.source, row.page, row.line)

    def row(self, row: Row, codes: dict[str, str], title: str) -> None:
        table = self.mapped.tables.setdefault(title, {})
        for dimension, code in codes.items():
            table.setdefault(dimension, set()).add(code)
        dims = tuple(codes.get(d, self.totals[d]) for d in self.dimensions)
        where = self.where(row)
        for (measure, month), cell in zip(self.columns, row.cells, strict=True):
            obs_status, conf_status = STATUS_CODES[cell.status]
            value = None if cell.value is None else _number(cell.value)
            self.add(
                Observation((*dims, measure, month), value, obs_status, conf_status, where, title)
            )

    def add(self, obs: Observation) -> None:
        earlier = self.seen.get(obs.key)
        if earlier is None:
            self.seen[obs.key] = obs
            self.mapped.observations.append(obs)
            return
        if (earlier.value, earlier.obs_status) == (obs.value, obs.obs_status):
            return
        self.mapped.notices.append(_disagree(earlier, obs))
        if obs.value is None:  # suppressed anywhere means suppressed
            earlier.value = None
            earlier.obs_status, earlier.conf_status = STATUS_CODES[Status.SUPPRESSED]

    def mark_breaks(self) -> None:
        self.mapped.breaks = announced_breaks(self.mapped.spec, self.mapped.report.notes)
        for brk in self.mapped.breaks:
            column = self.dimensions.index(brk.dimension)
            for obs in self.mapped.observations:
                if obs.key[column] in brk.codes and obs.key[-1] == brk.month:
                    obs.obs_status = BREAK if obs.obs_status == NORMAL else obs.obs_status


def _number(value: object) -> int | float:
    return value if isinstance(value, int) else float(str(value))


def _disagree(earlier: Observation, later: Observation) -> Notice:
    what = f"{later.key[-2]} {later.key[-1]}"
    if earlier.value is None or later.value is None:
        # Name no number: one of the two tables suppressed this figure.
        detail = "is suppressed in one table and printed in the other; it stays suppressed"
    else:
        detail = f"reads {earlier.value} there and {later.value} here"
    return Notice(
        f"{later.table}: the figure for {what} also in {earlier.table} ({earlier.where}) {detail}",
        later.where,
    )


def announced_breaks(spec: ReportSpec, notes: tuple[str, ...]) -> list[SeriesBreak]:
    """The series breaks a report's notes announce, as the family's spec describes them."""
    found = []
    for brk in spec.breaks:
        at = _break_month(brk.note, notes)
        if at is not None:
            found.append(SeriesBreak(at[0], brk.dimension, brk.codes, at[1]))
    return found


def _break_month(pattern: re.Pattern[str], notes: tuple[str, ...]) -> tuple[str, str] | None:
    """The month (``YYYY-MM``) a note announces a break from, and the note, if one does."""
    for note in notes:
        match = pattern.search(note)
        if match:
            month = month_number(match["month"])
            if month is not None:
                return f"{int(match['year']):04d}-{month:02d}", note
    return None
