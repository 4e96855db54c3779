"""Quick checks of the test-data generator itself (not of the publisher)."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError

from publisher.family.spec import spec_for
from publisher.model import Cell, Report, Status

from . import (
    generate,
    layout_pages,
    make_report,
    render_encrypted,
    render_fpdf,
    render_libreoffice,
    render_reportlab,
    render_text,
    write_workbook,
)
from .geometry import LayoutOptions
from .plan import plan_pages
from .text import helvetica_width
from .wording import format_cell
from .wrap import wrap

SEED = Path(__file__).resolve().parents[2] / "samples" / "TILT150_2026-01.txt"
SPEC = spec_for("TILT150")
assert SPEC is not None
SECTIONS = [section.title for section in SPEC.sections]
MEASURES = ("avklaring", "arbeidsrettet rehabilitering")


@pytest.fixture(scope="module")
def report() -> Report:
    return make_report(months=3, seed=7)


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_same_arguments_same_report() -> None:
    assert make_report(months=4, seed=1) == make_report(months=4, seed=1)
    assert make_report(months=4, seed=1) != make_report(months=4, seed=2)


def test_sections_blocks_and_labels() -> None:
    report = make_report(months=2, measures=MEASURES, municipalities=50)
    assert [table.title for table in report.tables] == SECTIONS
    assert [block.label for block in report.table("Tiltak").blocks] == ["I alt"]
    assert [block.label for block in report.table(SECTIONS[1]).blocks] == [
        "I alt Arbeidssøkere på tiltak",
        "I alt Nedsatt arbeidsevne, på tiltak",
        "I alt Andre på tiltak",
    ]
    counties = report.table("Tiltak og fylke").blocks[1]
    assert counties.label == "I alt arbeidsrettet rehabilitering"
    assert [row.label for row in counties.rows][-4:] == [
        "50 Trøndelag - Trööndelage",
        "55 Troms - Romsa - Tromssa",
        "56 Finnmark - Finnmárku - Finmarkku",
        "Ukjent",
    ]
    municipalities = report.table("Tiltak og kommune").blocks[0].rows
    assert len(municipalities) == 51
    codes = [row.code for row in municipalities[:-1]]
    assert {"0301", "5001", "5007", "5540", "5610", "5636"} <= set(codes)
    assert codes == sorted(code or "" for code in codes)
    assert municipalities[-1].label == "Ukjent" and municipalities[-1].code is None
    namsos = next(row for row in municipalities if row.code == "5007")
    assert namsos.label == "5007 Namsos - Nåavmesjenjaelmie"
    assert report.period.months[-1].month == 2 and report.updated.isoformat() == "2026-03-02"


def test_rows_sum_to_their_total_counting_suppressed_cells() -> None:
    report, truth = generate(months=12, measures=MEASURES, seed=3)
    for table in report.tables:
        for block in table.blocks:
            total = truth[(table.title, block.label, block.label)]
            rows = [truth[(table.title, block.label, row.label)] for row in block.rows]
            assert [sum(month) for month in zip(*rows, strict=True)] == list(total), block.label
    measure_totals = [block.total for block in report.tables[2].blocks]
    assert [row.months for row in report.table("Tiltak").blocks[0].rows] == [
        total.months for total in measure_totals
    ]
    assert min(truth[("Tiltak", "I alt", "I alt")]) >= 1000  # grouped with a separator


def test_suppressed_exactly_below_four() -> None:
    report, truth = generate(months=6, seed=5)
    mixed = 0
    for table in report.tables:
        for block in table.blocks:
            for row in (block.total, *block.rows):
                values = truth[(table.title, block.label, row.label)]
                for cell, value in zip(row.months, values, strict=True):
                    assert (cell.status is Status.SUPPRESSED) == (value < 4)
                    assert cell.value in (None, value)
                average = (2 * sum(values) + len(values)) // (2 * len(values))
                assert row.average == (Cell(average) if average >= 4 else Cell.suppressed())
                statuses = {cell.status for cell in row.months}
                mixed += len(statuses) == 2
    assert mixed >= 3


def test_decimal_average_printed_with_comma() -> None:
    report = make_report(months=3, average_decimals=1)
    average = report.tables[0].blocks[0].total.average
    assert isinstance(average.value, Decimal)
    assert format_cell(Cell(Decimal("1234.5"))) == "1\xa0234,5"
    assert format_cell(Cell(3567), group_sep=" ") == "3 567"


@pytest.mark.parametrize(
    ("label", "lines"),
    [
        ("15 Møre og Romsdal", ("15 Møre og", "Romsdal")),
        ("3414 Nord-Odal", ("3414 Nord-", "Odal")),
        ("5037 Levanger - Levangke", ("5037 Levanger", "- Levangke")),
        ("5007 Namsos - Nåavmesjenjaelmie", ("5007 Namsos -", "Nåavmesjenjae", "lmie")),
        ("55 Troms - Romsa - Tromssa", ("55 Troms -", "Romsa -", "Tromssa")),
        ("I alt Arbeidssøkere på tiltak", ("I alt", "Arbeidssøkere", "på tiltak")),
    ],
)
def test_labels_wrap_like_nav(label: str, lines: tuple[str, ...]) -> None:
    from .geometry import NAV_LABEL_FITS

    width = max(helvetica_width(text, 1, False) for text in NAV_LABEL_FITS) * 1.001
    assert wrap(label, width, lambda text: helvetica_width(text, 1, False)) == lines


def test_text_has_the_seed_form() -> None:
    """Up to the first "i år  Januar" quirk, only the numbers differ from the seed."""

    def masked(text: str) -> str:
        part = text[text.index("Tiltak og fylke") : text.index("Tiltak og innvandrer")]
        return re.sub(r"(?<![\w-])(\d{1,3}(\xa0\d{3})*|\*)(?= |$)", "#", part, flags=re.M)

    text = render_text(make_report(months=1))
    assert masked(text) == masked(SEED.read_text(encoding="utf-8"))
    assert text.startswith("\nKilde: NAV TILT150 Tiltaksdeltakere på avklaring.")
    assert "\n\nSide 1 av 1Kilde: NAV Fotnote\n\n\n\nKilde: NAV" in text


def test_text_group_separator(report: Report) -> None:
    assert "\xa0" in render_text(report)
    assert "\xa0" not in render_text(report, group_sep=" ")


def test_short_pages_repeat_the_block_total() -> None:
    report = make_report(months=2, measures=MEASURES)
    pages = render_text(report, rows_per_page=4).split(" Kilde: NAV")
    county_pages = [page for page in pages if "Tiltak og fylke Rapport" in page]
    assert len(county_pages) > 4
    for page in county_pages:
        table = page.split("i år Januar Februar\n", 1)[1]
        assert table.lstrip("\n").startswith("I alt")


def test_label_lines_can_be_cut_like_nav() -> None:
    report = make_report(months=1)
    text = render_text(report, max_label_lines=3)
    assert "5540\nGáivuotna -\nKåfjord - " in text and "Kaivuono" not in text


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_twelve_months_fit_the_page(orientation: str) -> None:
    report = make_report(months=12, municipalities=10)
    for page in layout_pages(report, helvetica_width, orientation=orientation):
        for item in page.items:
            right = (
                item.x
                if item.align == "right"
                else item.x + helvetica_width(item.text, item.size, item.bold)
            )
            if not item.text.startswith(("Kilde", "Side", '"', "Det ")):
                assert right <= page.width - 30
            assert 0 < item.y < page.height


@pytest.mark.parametrize(("render", "nbsp"), [(render_fpdf, True), (render_reportlab, False)])
def test_pdf_renderers(
    report: Report, tmp_path: Path, render: Callable[..., Path], nbsp: bool
) -> None:
    path = render(report, tmp_path / "report.pdf", rows_per_page=8)
    plans = plan_pages(report, LayoutOptions(rows_per_page=8), helvetica_width)
    assert len(PdfReader(path).pages) >= len(plans) - 2  # DejaVu wraps a little more
    text = _pdf_text(path)
    for expected in (
        "Kilde: NAV TILT150 Tiltaksdeltakere på avklaring. Demografi. Tidsserie måned",
        "Tiltak og fylke Rapport oppdatert: 02.04.2026",
        "Januar 2026 - Mars 2026",
        "I alt avklaring",
        "03 Oslo",
        "Ukjent",
        "Side 1 av 1Kilde: NAV Fotnote",
        "Innhold i rapporten",
    ):
        assert expected in text
    assert ("\xa0" in text) is nbsp


def test_encrypted_pdf_needs_its_password(report: Report, tmp_path: Path) -> None:
    path = render_encrypted(report, tmp_path / "locked.pdf", "hemmelig")
    reader = PdfReader(path)
    assert reader.is_encrypted
    with pytest.raises(FileNotDecryptedError):
        reader.pages[0].extract_text()
    reader.decrypt("hemmelig")
    assert "Kilde: NAV TILT150" in reader.pages[1].extract_text()


def test_workbook_layout(report: Report, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(write_workbook(report, tmp_path / "report.xlsx"))
    assert workbook.sheetnames == ["Om statistikken", *SECTIONS]
    assert workbook["Om statistikken"]["A4"].value.startswith("Innhold i rapporten")
    sheet = workbook["Tiltak og fylke"]
    assert sheet["A1"].value.startswith("Kilde: NAV TILT150")
    assert sheet["A2"].value == "Tiltak og fylke Rapport oppdatert: 02.04.2026"
    assert [cell.value for cell in sheet[5]][1:] == [
        "Gjennomsnitt hittil i år",
        "Januar",
        "Februar",
        "Mars",
    ]
    assert sheet["A6"].value == "I alt avklaring" and isinstance(sheet["B6"].value, int)
    assert sheet["A7"].value == "03 Oslo" and sheet["A7"].alignment.wrap_text
    values = [cell.value for row in sheet.iter_rows(min_row=7) for cell in row[1:]]
    assert "*" in values
    status = workbook["Arbeidsmarkedsstatus og tiltak"]
    assert [status.cell(row, 1).value for row in (6, 7, 9, 10, 11)] == [
        "I alt Arbeidssøkere på tiltak",
        "Avklaring",
        None,
        "I alt Nedsatt arbeidsevne, på tiltak",
        "Avklaring",
    ]


def test_libreoffice_pdf(report: Report, tmp_path: Path) -> None:
    path = render_libreoffice(report, tmp_path / "report.pdf")
    text = _pdf_text(path)
    for expected in (
        "Kilde: NAV TILT150 Tiltaksdeltakere på avklaring",
        "Tiltak og fylke Rapport oppdatert: 02.04.2026",
        "I alt avklaring",
        "03 Oslo",
        "\xa0",
    ):
        assert expected in text
