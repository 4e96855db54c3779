"""The cube: one tidy table of observations at standard codes, over many reports.

Each report maps to observations (``mapping``); the cube stacks them and merges reports
into time series. Where two reports carry the same observation, the one updated later
wins and the change goes to the revision log; the same file given twice is read once.
A series break is a fact about the series, not about the report that says it: every
break any report's notes announce marks its month (``OBS_STATUS`` B) in the merged cube,
whichever report the month's figures come from.
The table has one row per observation: the report family, the family's dimensions,
``MEASURE``, ``TIME_PERIOD`` (``YYYY-MM``), ``OBS_VALUE`` (missing for every suppressed
cell), ``OBS_STATUS``, ``CONF_STATUS`` and where the figure was read.

The key columns are pandas categoricals from the merge on (:func:`coded`): each string is
hashed once, and the merge's sorts and duplicate checks, the tables' filters and every
writer's placing of cells work on integer codes instead of hashing strings again. The
categories are sorted, so a sort by them is the strings' order; a column given a code it
does not have (a recoding) is coded again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from publisher.confidentiality import BREAK, NORMAL, SUPPRESSED
from publisher.errors import Location, Notice
from publisher.mapping.observations import Mapped, SeriesBreak

FAMILY, MEASURE, TIME_PERIOD = "FAMILY", "MEASURE", "TIME_PERIOD"
VALUE, OBS_STATUS, CONF_STATUS = "OBS_VALUE", "OBS_STATUS", "CONF_STATUS"
UPDATED, SOURCE, PAGE = "UPDATED", "SOURCE", "PAGE"


def number_text(value: float) -> str:
    """A value as every file writes it: a count without decimals, an average with its own.

    Never in exponent form (``%g`` would write 1 234 567 as ``1.23457e+06``).
    """
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:f}".rstrip("0")


@dataclass(frozen=True, slots=True)
class Revision:
    """One observation that a later report changed.

    When the new value is suppressed the old one is withheld too (``old_value`` None):
    the release must not carry a number for a cell that is now suppressed.
    """

    key: tuple[tuple[str, str], ...]
    old_value: float | None
    old_status: str
    new_value: float | None
    new_status: str
    old_source: str
    new_source: str
    old_updated: date
    new_updated: date


@dataclass(slots=True)
class Family:
    """What the cube knows of one report family besides its observations."""

    title: str
    updated: date
    notes: tuple[str, ...]
    # The codes each table (by section title) prints along each of its dimensions.
    tables: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    # Every series break any report of the family announces, by month.
    breaks: tuple[SeriesBreak, ...] = ()


@dataclass(slots=True)
class Cube:
    """The merged observations, their key columns, the revisions and the warnings."""

    data: pd.DataFrame
    key: tuple[str, ...]
    revisions: list[Revision] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    families: dict[str, Family] = field(default_factory=dict)
    inputs: list[dict[str, object]] = field(default_factory=list)  # for the manifest

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The coded dimensions: the key without family, measure and time."""
        return tuple(k for k in self.key if k not in (FAMILY, MEASURE, TIME_PERIOD))


def to_frame(mapped: Mapped, dimensions: tuple[str, ...]) -> pd.DataFrame:
    """One report's observations as cube rows with the given dimension columns."""
    own = mapped.spec.dimensions
    observations = mapped.observations
    count = len(observations)
    columns: dict[str, list[Any]] = {FAMILY: [mapped.report.family] * count}
    for dimension in dimensions:
        if dimension in own:
            at = own.index(dimension)
            columns[dimension] = [o.key[at] for o in observations]
        else:
            columns[dimension] = ["_T"] * count
    columns[MEASURE] = [o.key[-2] for o in observations]
    columns[TIME_PERIOD] = [o.key[-1] for o in observations]
    columns[VALUE] = [o.value for o in observations]
    columns[OBS_STATUS] = [o.obs_status for o in observations]
    columns[CONF_STATUS] = [o.conf_status for o in observations]
    columns[UPDATED] = [mapped.report.updated] * count
    columns[SOURCE] = [o.where.file for o in observations]
    columns[PAGE] = [o.where.page for o in observations]
    frame = pd.DataFrame(columns if count else None, columns=_columns(dimensions))
    frame[VALUE] = frame[VALUE].astype("Float64")
    frame[PAGE] = frame[PAGE].astype("Int64")
    return frame


def _columns(dimensions: tuple[str, ...]) -> list[str]:
    return [FAMILY, *dimensions, MEASURE, TIME_PERIOD, VALUE, OBS_STATUS, CONF_STATUS, UPDATED,
            SOURCE, PAGE]  # fmt: skip


def merge(mapped: list[Mapped], rows: list[pd.DataFrame] | None = None) -> Cube:
    """Merge mapped reports into one cube; a later update wins, and revisions are logged.

    Args:
        mapped: The reports.
        rows: Their observations as cube rows (:func:`to_frame`, over any of the
            dimensions), where kept from an earlier build; None takes them from ``mapped``.
    """
    dimensions = tuple(dict.fromkeys(d for m in mapped for d in m.spec.dimensions))
    key = (FAMILY, *dimensions, MEASURE, TIME_PERIOD)
    if rows is None:
        frames = [to_frame(m, dimensions) for m in mapped]
    else:  # a dimension a report does not have is at its total
        frames = [f.reindex(columns=_columns(dimensions), fill_value="_T") for f in rows]
    stacked = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=_columns(dimensions))
    )
    stacked = coded(stacked, list(key))
    stacked = stacked.sort_values([UPDATED, SOURCE], kind="stable", ignore_index=True)
    families = _families(mapped)
    stacked = mark_breaks(stacked, families)  # before revisions: a break is no revision
    revisions, notices = _revisions(stacked, list(key))
    merged = stacked.drop_duplicates(list(key), keep="last")
    merged = merged.sort_values(list(key), kind="stable", ignore_index=True)
    notices = [n for m in mapped for n in m.notices] + notices
    inputs: list[dict[str, object]] = [
        {
            "path": m.report.source,
            "sha256": m.report.sha256,
            "report": m.report.family,
            "period": {"first": str(m.report.period.first), "last": str(m.report.period.last)},
            "updated": m.report.updated.isoformat(),
        }
        for m in sorted(mapped, key=lambda m: m.report.source)
    ]
    return Cube(merged, key, revisions, notices, families, inputs)


def merge_onto(
    merged: Cube, earlier: list[Mapped], later: list[Mapped], rows: list[pd.DataFrame]
) -> Cube | None:
    """``merge(earlier + later)`` from ``merged``, the merge of ``earlier``; None where unsafe.

    The same cube, revisions and warnings, as long as every later report is applied after
    every earlier one (a later update date, or the same and a later path), the dimensions
    stay and no series break is new: the earlier reports' rows then matter only through
    the rows they left, which later rows win over or revise. Otherwise None: merge anew.

    Args:
        merged: ``merge(earlier)``.
        earlier: The reports merged, their observations not needed.
        later: The reports to merge onto them, their observations not needed.
        rows: The later reports' observations as cube rows, in the order of ``later``.
    """
    order = [(m.report.updated, m.report.source) for m in earlier]
    if earlier and min((m.report.updated, m.report.source) for m in later) <= max(order):
        return None
    everything = sorted([*earlier, *later], key=lambda m: m.report.source)
    dimensions = tuple(dict.fromkeys(d for m in everything for d in m.spec.dimensions))
    breaks = {name: family.breaks for name, family in _families(everything).items()}
    if dimensions != merged.dimensions or any(
        breaks.get(name, ()) != family.breaks for name, family in merged.families.items()
    ):
        return None
    grown = merge(everything, [merged.data, *rows])  # revisions of the later rows only
    before, own = sum(len(m.notices) for m in earlier), sum(len(m.notices) for m in everything)
    notices = [*grown.notices[:own], *merged.notices[before:], *grown.notices[own:]]
    revisions = [*merged.revisions, *grown.revisions]
    return Cube(grown.data, grown.key, revisions, notices, grown.families, grown.inputs)


def coded(data: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``data`` with ``columns`` as categoricals of sorted categories; coded ones stay.

    The codes are looked up among the sorted distinct values: half the time of
    ``astype("category")`` on pandas' str columns.
    """
    return data.assign(**{c: _categorical(data[c]) for c in columns if not _is_coded(data[c])})


def _is_coded(column: pd.Series[Any]) -> bool:
    return isinstance(column.dtype, pd.CategoricalDtype)


def _categorical(column: pd.Series[Any]) -> pd.Categorical:
    categories = pd.Index(sorted(column.dropna().unique()))
    return pd.Categorical.from_codes(categories.get_indexer(pd.Index(column)), categories)


def mark_breaks(frame: pd.DataFrame, families: dict[str, Family]) -> pd.DataFrame:
    """``frame`` with the month of every family's series breaks marked B where normal."""
    status = frame[OBS_STATUS].copy()
    for name, family in families.items():
        for brk in family.breaks:
            if brk.dimension not in frame.columns:
                continue
            at = (
                (frame[FAMILY] == name)
                & frame[brk.dimension].isin(brk.codes)
                & (frame[TIME_PERIOD] == brk.month)
                & (status == NORMAL)
            )
            status[at] = BREAK
    return frame.assign(**{OBS_STATUS: status})


def _families(mapped: list[Mapped]) -> dict[str, Family]:
    """Per family: title, notes and date of its latest report; tables and breaks of all."""
    families: dict[str, Family] = {}
    for m in sorted(mapped, key=lambda m: (m.report.updated, m.report.source)):
        report = m.report
        earlier = families.get(report.family)
        breaks = {*(earlier.breaks if earlier else ()), *m.breaks}
        family = Family(
            report.title,
            report.updated,
            report.notes,
            earlier.tables if earlier else {},
            tuple(sorted(breaks)),
        )
        for title, dimensions in m.tables.items():
            table = family.tables.setdefault(title, {})
            for dimension, codes in dimensions.items():
                table.setdefault(dimension, set()).update(codes)
        families[report.family] = family
    return families


def _revisions(stacked: pd.DataFrame, key: list[str]) -> tuple[list[Revision], list[Notice]]:
    repeated = stacked[stacked.duplicated(key, keep=False)]
    if repeated.empty:
        return [], []
    groups = repeated.groupby(key, sort=False, dropna=False)
    before = groups[[VALUE, OBS_STATUS, SOURCE, UPDATED]].shift()
    same_value = (repeated[VALUE] == before[VALUE]).fillna(
        repeated[VALUE].isna() & before[VALUE].isna()
    )
    changed = before[OBS_STATUS].notna() & (
        (repeated[OBS_STATUS] != before[OBS_STATUS]) | ~same_value.astype(bool)
    )
    mask = changed.to_numpy()
    news = repeated[mask].to_dict("records")
    olds = before[mask].to_dict("records")
    revisions = [_revision(new, old, key) for new, old in zip(news, olds, strict=True)]
    notices = [
        Notice(
            f"{r.old_source} and {r.new_source} were updated the same day and disagree on"
            f" {dict(r.key)}; the second read wins",
            Location(r.new_source),
        )
        for r in revisions
        if r.old_updated == r.new_updated
    ]
    return revisions, notices


def _revision(new: dict[Any, Any], old: dict[Any, Any], key: list[str]) -> Revision:
    return Revision(
        key=tuple((k, str(new[k])) for k in key),
        old_value=None if new[OBS_STATUS] == SUPPRESSED else _float(old[VALUE]),
        old_status=str(old[OBS_STATUS]),
        new_value=_float(new[VALUE]),
        new_status=str(new[OBS_STATUS]),
        old_source=str(old[SOURCE]),
        new_source=str(new[SOURCE]),
        old_updated=old[UPDATED],
        new_updated=new[UPDATED],
    )


def _float(value: object) -> float | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return float(str(value))
