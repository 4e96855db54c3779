"""The cube and its revision log as plain CSV, one observation (or revision) a row.

A suppressed cell has an empty ``OBS_VALUE`` and ``OBS_STATUS`` Q; counts are written
without a decimal point, averages with the decimals Nav printed.
"""

from __future__ import annotations

import csv
import io

import pandas as pd

from publisher.merging.cube import UPDATED, VALUE, Cube, Revision, number_text


def _number(value: object) -> str:
    if value is None or value is pd.NA:
        return ""
    return number_text(float(str(value)))


def cube_csv(cube: Cube) -> str:
    """The cube as CSV: key columns, value, statuses and provenance."""
    frame = cube.data.assign(
        **{VALUE: cube.data[VALUE].map(_number), UPDATED: cube.data[UPDATED].map(str)}
    )
    return frame.to_csv(index=False, lineterminator="\n")


def revisions_csv(cube: Cube) -> str:
    """The revision log as CSV: the observation's key, old and new value and status, sources."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    key = list(cube.key)
    writer.writerow([*key, "old_value", "old_status", "new_value", "new_status",
                     "old_source", "old_updated", "new_source", "new_updated"])  # fmt: skip
    for revision in cube.revisions:
        writer.writerow(_row(revision))
    return out.getvalue()


def _row(revision: Revision) -> list[str]:
    return [
        *(value for _, value in revision.key),
        _number(revision.old_value),
        revision.old_status,
        _number(revision.new_value),
        revision.new_status,
        revision.old_source,
        revision.old_updated.isoformat(),
        revision.new_source,
        revision.new_updated.isoformat(),
    ]
