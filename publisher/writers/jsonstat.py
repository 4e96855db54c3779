"""JSON-stat 2.0 datasets and their collection, written by our own writer.

pyjstat cannot write ``status``, ``child`` or ``extension`` and silently depends on the
DataFrame's row order, so each cell's place in ``value`` is computed here from the
category positions (row-major: the last dimension varies fastest); a cell outside the
categories or a cell twice is an error. Suppressed cells are ``null`` with status ``:``;
the first month of a series break has status ``B``, a note in both languages on the
dataset and on that month, and ``extension.breaks`` (what broke, so a reader of the file
can rebuild the table). Both marks are declared in ``extension.status`` with their SDMX
codes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import orjson

from publisher.confidentiality import JSONSTAT_MARKS, family_threshold, status_labels
from publisher.family.spec import average_measures, joined, spec_of
from publisher.mapping.observations import SeriesBreak
from publisher.merging.cube import MEASURE, TIME_PERIOD
from publisher.model import Codelist
from publisher.parse.lines import MONTH_NAMES
from publisher.writers import BASE_URL, breaks, layout

# The SDMX media types are the layout's; serve still imports them from here.
from publisher.writers.sdmx_structure import Identity
from publisher.writers.tables import Dimension, Table, cells, latest

Values = np.ndarray[Any, np.dtype[np.float64]]  # a table's cells in row-major order
_NULL = np.frombuffer(b"null", np.uint8)
_EMPTY = -100  # an empty count while the text is made: as long as null
OWN_AGENCY = "PUBLISHER"  # codelists/index.toml's placeholder for the release's agency
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")  # fmt: skip
_TEXT = {
    "nb": {
        MEASURE: "Statistikkvariabel",
        TIME_PERIOD: "Måned",
        "source": "Nav (Arbeids- og velferdsetaten)",
        "suppressed": "Tall under {threshold} er skjult av Nav (statistikkloven § 7-1). Slike"
        " celler er tomme (null) med status «:».",
    },
    "en": {
        MEASURE: "Measure",
        TIME_PERIOD: "Month",
        "source": "Nav (Norwegian Labour and Welfare Administration)",
        "suppressed": "Nav hides counts under {threshold} (Statistics Act § 7-1). Such cells are"
        " empty (null) with status ':'.",
    },
}


def time_id(period: str) -> str:
    """``2026-01`` as JSON-stat and PxWeb write months: ``2026M01``."""
    return period.replace("-", "M")


def dataset(
    table: Table, lang: str = "nb", root: str = BASE_URL, identity: Identity | None = None
) -> dict[str, Any]:
    """The table as a JSON-stat 2.0 dataset with labels in ``lang`` (``nb`` or ``en``).

    ``root`` is the absolute URL of the release (ending in ``/``), for the links to the
    same data in the other formats and to the SDMX structure: the schema's ``uri`` format
    is an absolute URI. ``identity`` names the agency and version of our own codelists,
    as the SDMX structures do (default: NAV, 1.0).
    """
    dense = cells(table)
    values = dense.values
    status = {str(i): JSONSTAT_MARKS[s] for i, s in dense.status.items()}
    text = _TEXT[lang]
    hidden = text["suppressed"].format(threshold=family_threshold(table.family))
    notes = [hidden, *(breaks.note(b, lang) for b in table.breaks)]
    if lang == "nb":
        notes += list(table.notes)
    return {
        "version": "2.0",
        "class": "dataset",
        "label": table.title(lang),
        "source": text["source"],
        "updated": table.updated.isoformat(),
        "id": [d.id for d in table.dimensions],
        "size": list(table.size),
        "role": _roles(table),
        "dimension": {d.id: _dimension(d, table, lang, values) for d in table.dimensions},
        "note": notes,
        "value": _value_json(values),
        "status": status,
        "link": _links(table, root),
        "extension": _extension(table, lang, identity or Identity()),
    }


def report_notes(document: dict[str, Any]) -> tuple[str, ...]:
    """Nav's own notes in a Norwegian dataset of ours: its notes after the ones we add."""
    ours = 1 + len(document.get("extension", {}).get("breaks", ()))
    return tuple(document["note"][ours:])


def series_breaks(document: dict[str, Any]) -> tuple[SeriesBreak, ...]:
    """The series breaks a dataset of ours declares in ``extension.breaks``."""
    return tuple(
        SeriesBreak(b["month"], b["dimension"], tuple(b["codes"]), b["note"])
        for b in document.get("extension", {}).get("breaks", ())
    )


def _links(table: Table, root: str) -> dict[str, list[dict[str, str]]]:
    def link(kind: layout.Kind, key: str) -> dict[str, str]:
        return {"type": kind.media_type, "href": root + kind.path(key), "label": kind.label}

    return {
        "describedby": [link(layout.STRUCTURE, "")],
        "alternate": [link(layout.PX, table.id), link(layout.SDMX_CSV_FILE, table.family),
                      link(layout.SDMX_ML_FILE, table.family)],
    }  # fmt: skip


def _value_json(values: Values) -> orjson.Fragment:
    """``value`` as ready JSON: counts as integers, every empty cell as ``null``.

    Serialising the numpy array directly is what makes the writer fast. Counts are never
    negative, so an empty cell is written as ``-100``, as long as ``null``, and overwritten
    in place (``bytes.replace`` takes longer than orjson's whole dump). Values that are not
    all whole and at least 0 are written as floats (orjson writes NaN as null).
    """
    filled = np.where(np.isnan(values), float(_EMPTY), values)
    counts = filled.astype(np.int64)
    if (values < 0).any() or not np.array_equal(counts, filled):
        return orjson.Fragment(orjson.dumps(values, option=orjson.OPT_SERIALIZE_NUMPY))
    text = bytearray(orjson.dumps(counts, option=orjson.OPT_SERIALIZE_NUMPY))
    raw = np.frombuffer(text, np.uint8)
    empty = np.flatnonzero(raw == ord("-"))  # the only minus signs are the empty cells'
    raw[empty[:, None] + np.arange(len(_NULL))] = _NULL
    return orjson.Fragment(bytes(text))


def _roles(table: Table) -> dict[str, list[str]]:
    ids = [d.id for d in table.dimensions]
    roles = {"time": [TIME_PERIOD], "metric": [MEASURE]}
    if "REF_AREA" in ids:
        roles["geo"] = ["REF_AREA"]
    return roles


def _dimension(dimension: Dimension, table: Table, lang: str, values: Values) -> dict[str, Any]:
    ids = [time_id(c) for c in dimension.codes] if dimension.codelist is None else dimension.codes
    category: dict[str, Any] = {"index": list(ids), "label": labels(dimension, lang)}
    children = _children(dimension)
    if children:
        category["child"] = children
    if dimension.codelist is None and table.breaks:
        category["note"] = {time_id(b.month): [breaks.note(b, lang)] for b in table.breaks}
    if dimension.id == MEASURE:
        unit = spec_of(table.family).wording.unit
        category["unit"] = {
            code: {"label": unit(lang), "decimals": _decimals(table, values, code)}
            for code in dimension.codes
        }
    return {"label": dimension_label(dimension, lang), "category": category}


def dimension_label(dimension: Dimension, lang: str) -> str:
    """The dimension's own label in ``lang``: its codelist's name, or ours for month and measure."""
    if dimension.id == MEASURE:
        return _TEXT[lang][MEASURE]
    cl = dimension.codelist
    return _TEXT[lang][TIME_PERIOD] if cl is None else cl.names.get(lang, cl.names["nb"])


def labels(dimension: Dimension, lang: str) -> dict[str, str]:
    """Each category's label in ``lang``, by its JSON-stat id (months as ``2026M01``)."""
    cl = dimension.codelist
    if cl is None:
        months = MONTH_NAMES if lang == "nb" else _MONTHS_EN
        return {
            time_id(p): f"{months[int(p[5:]) - 1].capitalize()} {p[:4]}" for p in dimension.codes
        }
    labels = {}
    for code in dimension.codes:
        names = latest(cl, code).names
        labels[code] = names.get(lang, names["nb"])
    return labels


def _children(dimension: Dimension) -> dict[str, list[str]]:
    """Each category under its nearest ancestor among the categories.

    A table may skip a level: the municipality table has no counties, so its
    municipalities hang from ``_T``.
    """
    if dimension.codelist is None:
        return {}
    present = set(dimension.codes)
    children: dict[str, list[str]] = {}
    for code in dimension.codes:
        parent = latest(dimension.codelist, code).parent
        while parent is not None and parent not in present:
            parent = latest(dimension.codelist, parent).parent
        if parent is not None:
            children.setdefault(parent, []).append(code)
    return children


def _decimals(table: Table, values: Values, measure: str) -> int:
    """1 for an average with a fraction in some cell, else 0: read from the dense cells."""
    if measure not in average_measures():
        return 0
    axis = next(i for i, d in enumerate(table.dimensions) if d.id == MEASURE)
    at = table.dimensions[axis].codes.index(measure)
    cells = np.moveaxis(values.reshape(table.size), axis, 0)[at]
    cells = cells[~np.isnan(cells)]
    return int(bool((cells != np.round(cells)).any()))


def _extension(table: Table, lang: str, identity: Identity) -> dict[str, Any]:
    labels = status_labels(table.family)
    return {
        "status": {
            "label": {m: (nb if lang == "nb" else en) for m, (_, nb, en) in labels.items()},
            "sdmx": {
                m: {"OBS_STATUS": obs, "CONF_STATUS": conf}
                for m, ((obs, conf), _, _) in labels.items()
            },
        },
        "codelists": {
            d.id: _codelist_reference(d.codelist, identity)
            for d in table.dimensions
            if d.codelist is not None
        },
        "report": {"id": table.family, "title": table.report_title, "section": table.section.title},
        "fixed": table.fixed,
        "breaks": [
            {"month": b.month, "dimension": b.dimension, "codes": list(b.codes), "note": b.note}
            for b in table.breaks
        ],
    }


def _codelist_reference(cl: Codelist, identity: Identity) -> dict[str, str]:
    """The codelist as ``structure.xml`` names it: ours under the release's agency."""
    if cl.agency == OWN_AGENCY:
        return {"id": cl.id, "agency": identity.agency, "version": identity.version}
    return {"id": cl.id, "agency": cl.agency, "version": cl.version}


def collection(items: list[tuple[str, dict[str, Any]]], lang: str = "nb") -> dict[str, Any]:
    """A JSON-stat collection of datasets, given as (absolute href, dataset) pairs.

    Its label is the release's title: its families' (``wording.collection`` in a spec).
    """
    families = (spec_of(d["extension"]["report"]["id"]) for _, d in items)
    label = joined(s.wording.collection for s in families)(lang)
    updated = max((d["updated"] for _, d in items), default=None)
    collection: dict[str, Any] = {"version": "2.0", "class": "collection", "label": label}
    if updated:
        collection["updated"] = updated
    collection["link"] = {
        "item": [
            {"class": "dataset", "href": href, "label": d["label"], "updated": d["updated"]}
            for href, d in items
        ]
    }
    return collection


def dumps(document: dict[str, Any]) -> bytes:
    """The document as compact UTF-8 JSON, keys in the order written."""
    return orjson.dumps(document, option=orjson.OPT_APPEND_NEWLINE)  # no copy to add it
