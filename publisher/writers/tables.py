"""The published tables: which observations and categories make up each one.

A table is one section of one report family (PxWeb style: TILT150 "Tiltak og fylke")
across every month of the build. Its dimensions are the section's own (the one its
``I alt`` blocks name, the one its rows name), then ``MEASURE`` and ``TIME_PERIOD``; its
categories are the codes the section printed, in codelist order; every other dimension of
the family is at the report's total and is not part of the table.

A table's key and status columns are pandas categoricals (the cube's key from the merge
on, its status coded here once): every writer filters and places the cells by integer
codes, where string columns would make each of them (JSON-stat twice, CSV, PX, HTML) hash
every row again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import numpy as np
import pandas as pd

from publisher.confidentiality import BREAK, SUPPRESSED
from publisher.family.spec import spec_for
from publisher.mapping.codelists import for_dimension
from publisher.mapping.observations import SeriesBreak
from publisher.merging.cube import FAMILY, MEASURE, OBS_STATUS, TIME_PERIOD, VALUE, Cube, coded
from publisher.model import Code, Codelist

_MARKED = (SUPPRESSED, BREAK)  # the statuses a published cell shows
Array = np.ndarray[Any, np.dtype[np.int64]]


@dataclass(frozen=True, slots=True)
class Dimension:
    """A dimension of a table: its categories in order, and the codelist that names them."""

    id: str
    codes: tuple[str, ...]
    codelist: Codelist | None  # None for TIME_PERIOD


class Section(Protocol):
    """What a table needs of its section, and all the writers read of it.

    A build gives the report's :class:`~publisher.family.spec.SectionSpec`; the server,
    reading a release back, gives the release's own description of the table.
    """

    @property
    def title(self) -> str:
        """The section's title in Norwegian."""

    @property
    def title_en(self) -> str:
        """The section's title in English."""

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The dimensions the section breaks down."""


@dataclass(frozen=True, slots=True)
class Table:
    """One published table: its identity, dimensions and observations."""

    id: str
    family: str
    report_title: str
    report_title_en: str
    section: Section
    updated: date
    notes: tuple[str, ...]
    fixed: dict[str, str]  # the family's other dimensions, at their totals
    dimensions: tuple[Dimension, ...]
    data: pd.DataFrame
    breaks: tuple[SeriesBreak, ...] = ()  # the family's breaks this table's cells show

    @property
    def size(self) -> tuple[int, ...]:
        """The number of categories of each dimension."""
        return tuple(len(d.codes) for d in self.dimensions)

    def title(self, lang: str) -> str:
        """The table's title in ``lang`` (``nb`` or ``en``): report id, report, section."""
        report = self.report_title if lang == "nb" else self.report_title_en
        section = self.section.title if lang == "nb" else self.section.title_en
        return f"{self.family} {report}: {section}"

    def subset(self, positions: dict[str, list[int]]) -> Table:
        """The table cut down to the categories at ``positions`` (by dimension id).

        A dimension not named keeps every category; the order stays the table's.
        """
        dimensions = tuple(
            dataclasses.replace(d, codes=tuple(d.codes[i] for i in positions[d.id]))
            if d.id in positions
            else d
            for d in self.dimensions
        )
        mask = np.ones(len(self.data), dtype=bool)
        for dimension in dimensions:
            if dimension.id in positions:
                mask &= self.data[dimension.id].isin(dimension.codes).to_numpy()
        return dataclasses.replace(self, dimensions=dimensions, data=self.data[mask])


def tables(cube: Cube) -> list[Table]:
    """Every table of every family in the cube, in the order of the families' specs."""
    found = []
    everything = coded(cube.data, [*cube.key, OBS_STATUS])
    for family, info in sorted(cube.families.items()):
        spec = spec_for(family)
        assert spec is not None  # noqa: S101 - the cube only holds parsed families
        rows = everything[everything[FAMILY] == family]
        totals = spec.totals(family)
        for section in spec.sections:
            if section.title not in info.tables:
                continue
            printed = info.tables[section.title]
            fixed = {d: t for d, t in totals.items() if d not in section.dimensions}
            mask = pd.Series(True, index=rows.index)
            for dimension, total in fixed.items():
                mask &= rows[dimension] == total
            for dimension in section.dimensions:
                mask &= rows[dimension].isin(printed[dimension])
            data = rows[mask]
            dimensions = (
                *(_coded(d, printed[d]) for d in section.dimensions),
                _coded(MEASURE, set(data[MEASURE].unique())),
                Dimension(TIME_PERIOD, tuple(sorted(set(data[TIME_PERIOD].unique()))), None),
            )
            found.append(
                Table(
                    id=f"{family}_{section.id}",
                    family=family,
                    report_title=info.title,
                    report_title_en=spec.titles_en.get(family, info.title),
                    section=section,
                    updated=info.updated,
                    notes=info.notes,
                    fixed=fixed,
                    dimensions=dimensions,
                    data=data,
                    breaks=_shown(info.breaks, data),
                )
            )
    return found


def _shown(breaks: tuple[SeriesBreak, ...], data: pd.DataFrame) -> tuple[SeriesBreak, ...]:
    """The breaks some cell of the table marks: a break of its month and codes."""
    marked = data[data[OBS_STATUS] == BREAK]
    return tuple(
        b for b in breaks
        if b.dimension in marked.columns
        and (marked[TIME_PERIOD].eq(b.month) & marked[b.dimension].isin(b.codes)).any()
    )  # fmt: skip


def _coded(dimension: str, codes: set[str]) -> Dimension:
    cl = for_dimension(dimension)
    ordered = tuple(dict.fromkeys(c.id for c in cl.codes if c.id in codes))
    missing = codes - set(ordered)
    if missing:
        raise ValueError(f"{dimension} codes {sorted(missing)} are not in {cl.id}")
    return Dimension(dimension, ordered, cl)


def latest(cl: Codelist, code_id: str) -> Code:
    """The latest version of a code (a code whose name changed has one row per name)."""
    entry = _LATEST.get(id(cl))
    if entry is None or entry[0] is not cl:  # indexed once per codelist: this is hot
        index: dict[str, Code] = {}
        for code in sorted(cl.codes, key=lambda c: c.valid_from or date.min):
            index[code.id] = code
        entry = _LATEST[id(cl)] = (cl, index)
    return entry[1][code_id]


_LATEST: dict[int, tuple[Codelist, dict[str, Code]]] = {}  # by id(): codelists hold dicts


@dataclass(frozen=True, slots=True)
class Cells:
    """A table's cells in row-major order (the last dimension varies fastest)."""

    values: np.ndarray[Any, np.dtype[np.float64]]  # NaN where there is no value
    status: dict[int, str]  # the OBS_STATUS of every cell whose status is not normal


def cells(table: Table) -> Cells:
    """The dense cells of a table; a cell outside the categories or a cell twice is an error."""
    size = table.size
    count = int(np.prod(size))
    strides = np.cumprod((1, *size[::-1][:-1]))[::-1]
    positions = np.zeros(len(table.data), dtype=np.int64)
    offsets = np.empty_like(positions)  # one buffer for every dimension: the cube is large
    for dimension, stride in zip(table.dimensions, strides, strict=True):
        positions += _offsets(
            table.data[dimension.id], dimension.codes, int(stride), count, offsets
        )
    if len(positions) and positions.min() < 0:  # one check for all: which dimension, then
        outside = next(
            d
            for d in table.dimensions
            if (_offsets(table.data[d.id], d.codes, 1, 0, offsets) < 0).any()
        )
        raise ValueError(f"{table.id}: a {outside.id} code outside its categories")
    seen = np.zeros(count, dtype=bool)
    seen[positions] = True
    if np.count_nonzero(seen) < len(positions):
        raise ValueError(f"{table.id}: two observations for one cell")
    values = np.full(count, np.nan)
    values[positions] = table.data[VALUE].to_numpy(dtype=float, na_value=np.nan)
    marked, kinds = _marked(table.data[OBS_STATUS])
    order = np.argsort(positions[marked])  # in cell order
    names = np.array(_MARKED, dtype=object)[kinds[order]]
    status = dict(zip(positions[marked[order]].tolist(), names.tolist(), strict=True))
    return Cells(values, status)


def _offsets(
    column: pd.Series[Any], categories: tuple[str, ...], stride: int, count: int, out: Array
) -> Array:
    """Each row's place among ``categories`` times ``stride``, written into ``out``.

    A row in none of them gets ``-(count + 1)``: the offsets of a table of ``count``
    cells then sum to less than 0 for every row outside some dimension, whatever the
    others add. A categorical column is looked up by its own few categories, then its
    codes take their offsets (a missing value's code -1 takes the appended one); a string
    column is hashed.
    """
    outside = -(count + 1)
    if isinstance(column.dtype, pd.CategoricalDtype):
        at = pd.Index(categories).get_indexer(column.cat.categories)
        offsets = np.where(at < 0, outside, at * stride)
        # "wrap": the code -1 takes the last, and out is not buffered as with "raise"
        codes = column.cat.codes.to_numpy()
        return np.take(np.append(offsets, outside), codes, out=out, mode="wrap")
    places = pd.Index(categories).get_indexer(pd.Index(column))
    out[:] = np.where(places < 0, outside, places * stride)
    return out


def _marked(column: pd.Series[Any]) -> tuple[Array, Array]:
    """The rows whose status a published cell shows, and which of ``_MARKED`` each is."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        at = pd.Index(list(_MARKED)).get_indexer(column.cat.categories)
        codes = column.cat.codes.to_numpy()
        shown = np.zeros(len(codes), dtype=bool)
        for code in np.flatnonzero(at >= 0):  # a comparison of small integers per mark
            shown |= codes == code
        rows = np.flatnonzero(shown)
        return rows, at[codes[rows]]
    kinds = pd.Index(list(_MARKED)).get_indexer(pd.Index(column))
    rows = np.flatnonzero(kinds >= 0)
    return rows, kinds[rows]
