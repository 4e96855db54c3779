"""The sample report (Nav's real TILT150, January 2026) parsed, checked against its text.

The oracle here reads the sample text with a few regular expressions of its own, line by
line, independent of the parser: every line that ends in two printed values is a row, in
the section named by the page's section line. The parser must give exactly those rows,
in that order, with those cells (the ``I alt`` row that each page repeats counted once).
"""

from __future__ import annotations

import re

import pytest

from publisher.model import Report, Row, Status
from tests.conftest import SAMPLE_TXT

_SECTION = re.compile(r"^(.+) Rapport oppdatert: \d\d\.\d\d\.\d{4}$")
_VALUE = r"(\*|\d{1,3}(?:\xa0\d{3})*)"
_ROW = re.compile(rf"^(.*?) ?{_VALUE} {_VALUE}$")


def _printed_rows() -> list[tuple[str, str, str, str]]:
    """(section, last label line, average, January) for every value line of the sample."""
    rows: list[tuple[str, str, str, str]] = []
    seen_totals: set[tuple[str, str]] = set()
    section = ""
    for line in SAMPLE_TXT.read_text(encoding="utf-8").splitlines():
        line = line.strip(" ")
        if match := _SECTION.match(line):
            section = match[1]
        elif (match := _ROW.match(line)) and section != "Om statistikken":
            label, average, january = match[1], match[2], match[3]
            if label.startswith("I alt avklaring"):
                if (section, line) in seen_totals:
                    continue  # the row every page of a section repeats
                seen_totals.add((section, line))
            rows.append((section, label, average, january))
    return rows


def _as_printed(row: Row) -> tuple[str, str]:
    def show(cell_value: int | None) -> str:
        return "*" if cell_value is None else f"{cell_value:,}".replace(",", "\xa0")

    assert not any(isinstance(c.value, float) for c in row.cells)
    return show(row.average.value), show(row.months[0].value)  # type: ignore[arg-type]


def _parsed_rows(report: Report) -> list[tuple[str, Row]]:
    return [
        (table.title, row)
        for table in report.tables
        for block in table.blocks
        for row in (block.total, *block.rows)
    ]


def test_every_printed_row_comes_out_in_order(sample_report: Report) -> None:
    printed = _printed_rows()
    parsed = _parsed_rows(sample_report)
    assert len(parsed) == len(printed) == 343
    for (section, label_end, average, january), (title, row) in zip(printed, parsed, strict=True):
        assert title == section
        assert row.label.endswith(label_end), (row.label, label_end)
        assert _as_printed(row) == (average, january), row.label


def test_every_star_is_a_suppressed_cell(sample_report: Report) -> None:
    stars = sum(1 for *_, avg, jan in _printed_rows() for v in (avg, jan) if v == "*")
    suppressed = [
        cell for _, row in _parsed_rows(sample_report) for cell in row.cells if cell.value is None
    ]
    assert stars == len(suppressed) > 100
    assert all(cell.status is Status.SUPPRESSED for cell in suppressed)


def test_report_metadata(sample_report: Report) -> None:
    assert sample_report.family == "TILT150"
    assert sample_report.title == "Tiltaksdeltakere på avklaring. Demografi. Tidsserie måned"
    assert sample_report.updated.isoformat() == "2026-02-02"
    assert [str(m) for m in sample_report.period.months] == ["2026-01"]
    assert [t.title for t in sample_report.tables] == [
        "Tiltak",
        "Arbeidsmarkedsstatus og tiltak",
        "Tiltak og fylke",
        "Tiltak og kjønn",
        "Tiltak og alder",
        "Tiltak og innvandrer status",
        "Tiltak og fødeland innvandrere",
        "Tiltak og utdanning",
        "Tiltak og kommune",
    ]


def test_notes_keep_the_confidentiality_rule_and_the_series_break(sample_report: Report) -> None:
    notes = " ".join(sample_report.notes)
    assert "mindre enn 4 med spesialtegn «*»" in notes
    assert "brudd i statistikken" in notes and "fra april 2025" in notes


def test_labour_market_status_has_one_block_per_status(sample_report: Report) -> None:
    table = sample_report.table("Arbeidsmarkedsstatus og tiltak")
    assert [(b.label, b.total.months[0].value) for b in table.blocks] == [
        ("I alt Arbeidssøkere på tiltak", 275),
        ("I alt Nedsatt arbeidsevne, på tiltak", 3010),
        ("I alt Andre på tiltak", 282),
    ]
    assert [[r.label for r in b.rows] for b in table.blocks] == [["Avklaring"]] * 3


# Rows read by eye from the sample text: wrapped labels, codes on their own line,
# Sami names cut mid-word or cut short, `*` cells.
@pytest.mark.parametrize(
    ("section", "code", "label", "value"),
    [
        ("Tiltak og fylke", "15", "15 Møre og Romsdal", 87),
        ("Tiltak og fylke", "55", "55 Troms - Romsa - Tromssa", 170),
        ("Tiltak og fylke", None, "Ukjent", None),
        ("Tiltak og kommune", "1103", "1103 Stavanger", 69),
        ("Tiltak og kommune", "1112", "1112 Lund", None),
        ("Tiltak og kommune", "1515", "1515 Herøy (Møre og Romsdal)", None),
        ("Tiltak og kommune", "3226", "3226 Aurskog-Høland", 14),
        ("Tiltak og kommune", "5001", "5001 Trondheim - Tråante", 93),
        ("Tiltak og kommune", "5007", "5007 Namsos - Nåavmesjenjae lmie", 9),
        ("Tiltak og kommune", "5540", "5540 Gáivuotna - Kåfjord -", None),
        ("Tiltak og kommune", "5544", "5544 Nordreisa - Ráisa - Raisi", 4),
        ("Tiltak og kommune", None, "Ukjent", None),
        ("Tiltak og alder", None, "19 år og under", 57),
        ("Tiltak og utdanning", None, "Universitets- og høgskolenivå, kort inntil 4 år", 685),
        ("Tiltak og utdanning", None, "Uoppgitt eller ingen fullført utdanning", 170),
        ("Tiltak og fødeland innvandrere", None, "Nord-Amerika, SørAmerika og Oceania", 86),
        ("Tiltak og kjønn", None, "Kvinner", 2085),
    ],
)
def test_rows_read_by_eye(
    sample_report: Report, section: str, code: str | None, label: str, value: int | None
) -> None:
    (row,) = [r for b in sample_report.table(section).blocks for r in b.rows if r.label == label]
    assert row.code == code
    assert row.average.value == value
    assert row.months[0].value == value


def test_blocks_keep_their_totals(sample_report: Report) -> None:
    for table in sample_report.tables[2:]:
        (block,) = table.blocks
        assert block.label == "I alt avklaring"
        assert block.total.months[0].value == 3567
    assert len(sample_report.table("Tiltak og kommune").blocks[0].rows) == 291
    assert len(sample_report.table("Tiltak og fylke").blocks[0].rows) == 16


def test_rows_know_where_they_were_read(sample_report: Report) -> None:
    lines = SAMPLE_TXT.read_text(encoding="utf-8").splitlines()
    for _, row in _parsed_rows(sample_report):
        assert row.line is not None
        printed = lines[row.line - 1]
        assert printed.rstrip().endswith(_as_printed(row)[1])


def test_without_no_break_spaces_the_sample_reads_the_same(
    sample_report: Report, tmp_path: pytest.TempPathFactory
) -> None:
    from publisher.parse import parse_file

    lost = tmp_path / "lost.txt"  # type: ignore[operator]
    lost.write_text(SAMPLE_TXT.read_text(encoding="utf-8").replace("\xa0", " "), encoding="utf-8")
    assert parse_file(lost) == sample_report
