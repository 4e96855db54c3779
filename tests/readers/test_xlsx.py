"""Nav's workbooks read as the PDFs do; problems name the sheet and the cell."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from publisher.errors import InputError
from publisher.mapping import map_report
from publisher.parse import parse_file
from tests.navgen import generate, render_fpdf, write_workbook
from tests.parse.compare import assert_same_report

FAMILIES = {
    "TILT110": ("midlertidig lønnstilskudd", "varig lønnstilskudd"),
    "TILT120": ("arbeidstrening",),
    "TILT130": ("gruppe amo", "enkeltplass amo"),
    "TILT140": ("oppfølging", "jobbklubb"),
    "TILT150": ("avklaring",),
    "TILT160": ("arbeidsrettet rehabilitering",),
    "TILT170": ("varig tilrettelagt arbeid i skjermet virksomhet", "arbeidsforberedende trening"),
    "TILT180": ("inkluderingstilskudd", "funksjonsassistanse"),
}


def test_a_workbook_reads_as_it_was_written(tmp_path: Path) -> None:
    drawn, _ = generate(months=6, measures=("avklaring", "oppfølging"), seed=4)
    path = write_workbook(drawn, tmp_path / "TILT150.xlsx")
    assert_same_report(parse_file(path), drawn)


def test_the_workbook_and_the_pdf_give_the_same_report(tmp_path: Path) -> None:
    drawn, _ = generate(months=3, seed=6)
    from_workbook = parse_file(write_workbook(drawn, tmp_path / "r.xlsx"))
    from_pdf = parse_file(render_fpdf(drawn, tmp_path / "r.pdf"))
    assert_same_report(from_workbook, from_pdf)


def test_months_are_found_by_their_header_not_their_place(tmp_path: Path) -> None:
    drawn, _ = generate(months=3, seed=7)
    path = write_workbook(drawn, tmp_path / "r.xlsx")
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook.worksheets[1:]:
        sheet.insert_cols(4)  # an empty column after "Januar"
        sheet.insert_cols(2)  # and one headed "NA" before the average
        for row in sheet.iter_rows():
            if any(cell.value == "Gjennomsnitt hittil i år" for cell in row):
                row[1].value = "NA"
    workbook.save(path)
    assert_same_report(parse_file(path), drawn)


def test_a_bad_cell_is_named_by_sheet_and_cell(tmp_path: Path) -> None:
    drawn, _ = generate(months=2, seed=8)
    path = write_workbook(drawn, tmp_path / "r.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Tiltak og fylke"]
    (row,) = [r for r in sheet.iter_rows() if r[0].value == "03 Oslo"]
    row[2].value = "mange"
    workbook.save(path)
    with pytest.raises(InputError) as caught:
        parse_file(path)
    assert str(caught.value) == (
        f"{path}, sheet 'Tiltak og fylke', cell A{row[0].row}: not a number: '03 Oslo' has 'mange'"
    )


def test_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(200))
    with pytest.raises(InputError, match="unreadable workbook"):
        parse_file(path)


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_tilt_family_reads_and_maps(tmp_path: Path, family: str) -> None:
    drawn, _ = generate(family=family, months=4, measures=FAMILIES[family], seed=9)
    parsed = parse_file(write_workbook(drawn, tmp_path / f"{family}.xlsx"))
    assert_same_report(parsed, drawn)
    mapped = map_report(parsed)
    assert mapped.unmapped == []
    tiltak = {o.key[0] for o in mapped.observations}
    assert len(tiltak) == len(FAMILIES[family]) + 1  # each measure and the report's group
