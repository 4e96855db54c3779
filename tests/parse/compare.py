"""Compare a parsed report with the report that was drawn.

A wrapped label comes back with a space where the line broke, even inside a word
(``Nåavmesjenjae`` / ``lmie``): the page does not say whether a break was inside a word.
So labels, of rows and of blocks, compare without their spaces (as the mapping compares
them with the codelists' names); everything else compares exactly.
"""

from __future__ import annotations

from publisher.model import Report, Row


def squeeze(label: str) -> str:
    """The label without any white space."""
    return "".join(label.split())


def row_key(row: Row, cut: bool) -> tuple[object, ...]:
    """What must survive the round trip of one row."""
    label = squeeze(row.label)
    return (label[:12] if cut else label, row.code, row.average, row.months)


def assert_same_report(parsed: Report, drawn: Report, *, cut_labels: bool = False) -> None:
    """Fail with the first difference between the parsed and the drawn report.

    With ``cut_labels`` a label is compared on its first characters only, for renderings
    that cut long labels at three lines as Nav's PDFs do.
    """
    assert (parsed.family, parsed.title, parsed.updated, parsed.period) == (
        drawn.family,
        drawn.title,
        drawn.updated,
        drawn.period,
    )
    assert [squeeze(n) for n in parsed.notes] == [squeeze(n) for n in drawn.notes]
    assert [t.title for t in parsed.tables] == [t.title for t in drawn.tables]
    for got, want in zip(parsed.tables, drawn.tables, strict=True):
        got_labels = [squeeze(b.label) for b in got.blocks]
        assert got_labels == [squeeze(b.label) for b in want.blocks], got.title
        for got_block, want_block in zip(got.blocks, want.blocks, strict=True):
            got_rows = [row_key(r, cut_labels) for r in (got_block.total, *got_block.rows)]
            want_rows = [row_key(r, cut_labels) for r in (want_block.total, *want_block.rows)]
            assert got_rows == want_rows, (got.title, got_block.label)
