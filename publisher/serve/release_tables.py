"""A release's tables, read back from its own JSON-stat datasets and ``structure.xml``.

A table is rebuilt from what the release says of it, never from the report specs or the
codelists installed with the package: the Norwegian dataset gives the report, the
section, the categories, the values and their flags; the English one the English
title; ``structure.xml`` the codelists the dataset names. The labels each dataset
carries must be the ones the writers give those codelists' codes, so a slice the server
writes names every code as the release's files do. Anything missing or of the wrong
kind is a ``ValueError`` saying what; the caller adds which file.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import pandas as pd
from sdmx.message import StructureMessage

from publisher.confidentiality import JSONSTAT_MARKS, NORMAL
from publisher.merging.cube import OBS_STATUS, VALUE
from publisher.serve.release_codelists import Reference, codelist
from publisher.writers.jsonstat import labels, report_notes, series_breaks
from publisher.writers.tables import Dimension, Table

_T = TypeVar("_T")
_KINDS: dict[type, str] = {dict: "an object", list: "an array", str: "a string"}
_MONTH = re.compile(r"([0-9]{4})M(0[1-9]|1[0-2])")
_MARK_TO_OBS = {mark: obs for obs, mark in JSONSTAT_MARKS.items()}


@dataclass(frozen=True, slots=True)
class TableSection:
    """A table's section as the release describes it: its titles and its own dimensions."""

    title: str
    title_en: str
    dimensions: tuple[str, ...]


def month(time_id: str) -> str:
    """A month as JSON-stat and PxWeb write it (``2026M01``) as the tables hold it (``2026-01``).

    Raises:
        ValueError: ``time_id`` is no month written so.
    """
    match = _MONTH.fullmatch(time_id)
    if match is None:
        raise ValueError(f"{time_id!r} is not a month written as 2026M01")
    return f"{match[1]}-{match[2]}"


def table(table_id: str, norwegian: Any, english: Any, structure: StructureMessage) -> Table:
    """The table the datasets ``norwegian`` and ``english`` of ``table_id`` were written from.

    Raises:
        ValueError: a dataset lacks something a table needs, or labels a code otherwise
            than ``structure.xml`` names it.
    """
    family = _member(norwegian, str, "extension", "report", "id")
    report_title = _member(norwegian, str, "extension", "report", "title")
    section_title = _member(norwegian, str, "extension", "report", "section")
    report_title_en, section_title_en = _english_titles(family, english)
    dimensions = _dimensions(norwegian, structure)
    time = _member(norwegian, list, "role", "time")
    metric = _member(norwegian, list, "role", "metric")
    found = Table(
        id=table_id,
        family=family,
        report_title=report_title,
        report_title_en=report_title_en,
        section=TableSection(
            section_title,
            section_title_en,
            tuple(d.id for d in dimensions if d.id not in (*time, *metric)),
        ),
        updated=date.fromisoformat(_member(norwegian, str, "updated")),
        notes=report_notes(norwegian),
        breaks=series_breaks(norwegian),
        fixed=_fixed(norwegian),
        dimensions=dimensions,
        data=_data(norwegian, dimensions),
    )
    for lang, document in (("nb", norwegian), ("en", english)):
        _check_labels(found, lang, document)
    return found


def _english_titles(family: str, english: Any) -> tuple[str, str]:
    """The English report and section titles, from the English dataset's label.

    The label is the table's title, ``family report: section``; only that whole title is
    ever written again, so a ``: `` inside the report's title cannot change what is served.
    """
    label = _member(english, str, "label")
    report, colon, section = label.removeprefix(f"{family} ").rpartition(": ")
    if not label.startswith(f"{family} ") or not colon:
        raise ValueError(f"the English label {label!r} is not '{family} report: section'")
    return report, section


def _dimensions(document: Any, structure: StructureMessage) -> tuple[Dimension, ...]:
    """The dimensions in the dataset's order: months for the time role, else coded."""
    time = _member(document, list, "role", "time")
    listed = _member(document, dict, "extension", "codelists")
    found = []
    for dim in _member(document, list, "id"):
        index = _member(document, list, "dimension", dim, "category", "index")
        if not all(isinstance(code, str) for code in index):
            raise ValueError(f'{dim}: "category.index" is not an array of strings')
        if dim in time:
            found.append(Dimension(dim, tuple(month(code) for code in index), None))
            continue
        reference = Reference(
            *(_member(listed, str, dim, key) for key in ("agency", "id", "version"))
        )
        coded = codelist(structure, reference)
        unknown = sorted(set(index) - {code.id for code in coded.codes})
        if unknown:
            raise ValueError(f"{dim}: {reference} in structure.xml has no code {unknown[0]!r}")
        found.append(Dimension(dim, tuple(index), coded))
    return tuple(found)


def _fixed(document: Any) -> dict[str, str]:
    fixed = _member(document, dict, "extension", "fixed")
    if not all(isinstance(v, str) for v in fixed.values()):
        raise ValueError('"extension.fixed" maps a dimension to something else than a code')
    return dict(fixed)


def _data(document: Any, dimensions: tuple[Dimension, ...]) -> pd.DataFrame:
    """The table's observations in long form: a row for every cell with a value or a flag."""
    values = _member(document, list, "value")
    cells = math.prod(len(d.codes) for d in dimensions)
    if len(values) != cells:
        raise ValueError(f'"value" has {len(values)} cells; the dimensions make {cells}')
    status = {}
    for at, mark in _member(document, dict, "status").items():
        if mark not in _MARK_TO_OBS or not at.isdigit() or int(at) >= cells:
            raise ValueError(f'"status" has {mark!r} at {at!r}: no status of a cell of ours')
        status[int(at)] = _MARK_TO_OBS[mark]
    index = pd.MultiIndex.from_product(
        [d.codes for d in dimensions], names=[d.id for d in dimensions]
    )
    frame = index.to_frame(index=False)
    frame[VALUE] = pd.array(values, dtype="Float64")
    frame[OBS_STATUS] = pd.Series(status, dtype=object).reindex(frame.index).fillna(NORMAL)
    keep = frame[VALUE].notna() | frame.index.isin(list(status))
    return frame[keep.to_numpy()].reset_index(drop=True)


def _check_labels(found: Table, lang: str, document: Any) -> None:
    """The dataset labels the table's title and every category as the writers do."""
    if _member(document, str, "label") != found.title(lang):
        raise ValueError(f"the {lang} label is not the title {found.title(lang)!r}")
    for dimension in found.dimensions:
        written = _member(document, dict, "dimension", dimension.id, "category", "label")
        for code, label in labels(dimension, lang).items():
            if written.get(code) != label:
                source = "the month's" if dimension.codelist is None else "structure.xml's"
                raise ValueError(
                    f"{dimension.id} {code!r} is labelled {written.get(code)!r} in {lang},"
                    f" not {label!r} as {source} name"
                )


def _member(document: Any, kind: type[_T], *path: str) -> _T:
    """The member at ``path`` in a JSON document, checked to be a ``kind``."""
    found = document
    for key in path:
        found = found.get(key) if isinstance(found, dict) else None
    if not isinstance(found, kind):
        raise ValueError(f'"{".".join(path)}" is not {_KINDS.get(kind, kind.__name__)}')
    return found
