"""A table as tidy CSV: one row per cell, each dimension's code and label, value, status.

Every cell of the table has its row, in the JSON-stat dataset's order. A suppressed cell
has an empty value and the status ``:``, a cell no report printed an empty value and
no status; a cell never carries a number it was not published with.
"""

from __future__ import annotations

import csv
import io
import itertools

from publisher.confidentiality import CSV_SUPPRESSED, JSONSTAT_MARKS, SUPPRESSED
from publisher.merging.cube import number_text
from publisher.writers.jsonstat import labels, time_id
from publisher.writers.tables import Table, cells

VALUE, STATUS = "value", "status"


def csv_text(table: Table, lang: str = "nb") -> str:
    """The table's cells as CSV with labels in ``lang``."""
    dense = cells(table)
    names = [labels(d, lang) for d in table.dimensions]
    ids = [
        [time_id(c) for c in d.codes] if d.codelist is None else list(d.codes)
        for d in table.dimensions
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [column for d in table.dimensions for column in (d.id, f"{d.id}_label")] + [VALUE, STATUS]
    )
    values = dense.values.tolist()
    for index, key in enumerate(itertools.product(*ids)):
        status = dense.status.get(index, "")
        mark = JSONSTAT_MARKS.get(status, "")
        value = values[index]
        hidden = value != value or status == SUPPRESSED
        text = CSV_SUPPRESSED if hidden else number_text(value)
        row = [part for code, named in zip(key, names, strict=True) for part in (code, named[code])]
        writer.writerow([*row, text, mark])
    return out.getvalue()
