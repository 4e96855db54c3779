"""Generated reports drawn by several programs come back exactly as they were drawn.

Each case draws a known report (tests/navgen) with one renderer and parses the file:
fpdf2 (keeps U+00A0), reportlab (writes U+00A0 as a plain space and every cell on its
own text line), LibreOffice from a Nav-style workbook (wrapped cells drawn last), and
the text form of pypdf's extraction, with and without no-break spaces.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from publisher.model import Report, Status
from publisher.parse import parse_file
from tests.navgen import generate, render_fpdf, render_libreoffice, render_reportlab, render_text
from tests.parse.compare import assert_same_report

MEASURES = ("avklaring", "arbeidsrettet rehabilitering", "oppfølging")


def _text(report: Report, path: Path, **options: Any) -> Path:
    path.write_text(render_text(report, **options), encoding="utf-8")
    return path


Render = Callable[..., Path]
RENDERERS: dict[str, tuple[Render, str]] = {
    "fpdf2": (render_fpdf, ".pdf"),
    "reportlab": (render_reportlab, ".pdf"),
    "text": (_text, ".txt"),
}


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
@pytest.mark.parametrize(
    ("months", "measures", "options"),
    [
        (1, MEASURES[:1], {}),
        (6, MEASURES, {"rows_per_page": 5}),  # page breaks inside every block
        (12, MEASURES[:2], {"repeat_total": "section", "orientation": "portrait"}),
        (3, MEASURES[:1], {"group_sep": " "}),  # thousands separators lost
        (12, MEASURES, {"group_sep": "\u202f"}),
        (4, MEASURES[:1], {"group_sep": "\u2009", "repeat_total": "none"}),
    ],
    ids=["1-month", "6-months-5-rows-a-page", "12-months-portrait", "lost-nbsp", "nnbsp", "thin"],
)
def test_round_trip(
    tmp_path: Path, renderer: str, months: int, measures: tuple[str, ...], options: dict[str, Any]
) -> None:
    drawn, _ = generate(months=months, measures=measures, seed=months)
    render, suffix = RENDERERS[renderer]
    path = render(drawn, tmp_path / f"TILT150{suffix}", **options)
    assert_same_report(parse_file(path), drawn)


def test_a_decimal_average_keeps_its_decimals(tmp_path: Path) -> None:
    drawn, _ = generate(months=5, average_decimals=1, seed=3)
    assert any(
        r.average.value is not None and r.average.value % 1
        for t in drawn.tables
        for b in t.blocks
        for r in b.rows
    )
    for render in (render_fpdf, render_reportlab):
        assert_same_report(parse_file(render(drawn, tmp_path / f"{render.__name__}.pdf")), drawn)


def test_labels_cut_at_three_lines_as_nav_does(tmp_path: Path) -> None:
    drawn, _ = generate(months=2, seed=5)
    path = _text(drawn, tmp_path / "cut.txt", max_label_lines=3)
    assert_same_report(parse_file(path), drawn, cut_labels=True)


def test_libreoffice_pdf_of_the_workbook(tmp_path: Path) -> None:
    drawn, _ = generate(months=3, measures=MEASURES[:2], municipalities=25, seed=11)
    path = render_libreoffice(drawn, tmp_path / "workbook.pdf")
    assert_same_report(parse_file(path), drawn, cut_labels=True)


def test_suppressed_cells_stay_suppressed(tmp_path: Path) -> None:
    drawn, truth = generate(months=6, seed=8)
    parsed = parse_file(render_reportlab(drawn, tmp_path / "r.pdf", group_sep=" "))
    cells = [
        c for t in parsed.tables for b in t.blocks for r in (b.total, *b.rows) for c in r.cells
    ]
    suppressed = [c for c in cells if c.status is Status.SUPPRESSED]
    assert len(suppressed) > 20
    assert all(c.value is None for c in suppressed)
    small = [v for counts in truth.values() for v in counts if v < 4]
    assert small, "the generator made no small counts"
