"""The JSON view of a parsed report that ``publisher parse`` prints.

It shows what the parser saw, close to the page: each row with its label, code, the page
and line its numbers were read from, and its cells by column (``average`` for
"Gjennomsnitt hittil i år", then ``YYYY-MM`` per month); a suppressed cell is ``"*"``,
exactly as Nav printed it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from publisher.model import Block, Cell, Report, Row, Table

AVERAGE = "average"


def report_to_json(report: Report) -> dict[str, Any]:
    """A JSON-ready dict of the whole report."""
    columns = [AVERAGE, *(str(m) for m in report.period.months)]
    return {
        "source": report.source,
        "report": report.family,
        "title": report.title,
        "updated": report.updated.isoformat(),
        "period": {"first": str(report.period.first), "last": str(report.period.last)},
        "columns": columns,
        "notes": list(report.notes),
        "tables": [_table(t, columns) for t in report.tables],
    }


def _table(table: Table, columns: list[str]) -> dict[str, Any]:
    return {"title": table.title, "blocks": [_block(b, columns) for b in table.blocks]}


def _block(block: Block, columns: list[str]) -> dict[str, Any]:
    return {
        "label": block.label,
        "total": _row(block.total, columns),
        "rows": [_row(r, columns) for r in block.rows],
    }


def _row(row: Row, columns: list[str]) -> dict[str, Any]:
    return {
        "label": row.label,
        "code": row.code,
        "page": row.page,
        "line": row.line,
        "cells": {c: _cell(cell) for c, cell in zip(columns, row.cells, strict=True)},
    }


def _cell(cell: Cell) -> int | float | str:
    if cell.value is None:
        return "*"
    if isinstance(cell.value, Decimal):
        return float(cell.value)
    return cell.value
