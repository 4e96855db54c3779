"""Bad input: each problem is one InputError naming the file, page and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.errors import InputError
from publisher.parse import parse_file
from tests.conftest import SAMPLE_TXT


def _edited(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = SAMPLE_TXT.read_text(encoding="utf-8")
    assert text.count(old) >= count
    path = tmp_path / "edited.txt"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def _error(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        parse_file(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    return caught.value


def _line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_a_row_with_too_many_values(tmp_path: Path) -> None:
    path = _edited(tmp_path, "03 Oslo 425 425\n", "03 Oslo 425 425 425\n")
    error = _error(path)
    assert error.title == "wrong number of values"
    assert error.location is not None
    assert (error.location.page, error.location.line) == (4, _line_of(path, "03 Oslo 425 425 425"))
    assert "expected 2" in str(error)


def test_an_unknown_section_title_names_the_closest(tmp_path: Path) -> None:
    error = _error(_edited(tmp_path, "Tiltak og kjønn Rapport", "Tiltak og kjonn Rapport"))
    assert error.title == "unknown section"
    assert "'Tiltak og kjonn'" in str(error)
    assert "did you mean 'Tiltak og kjønn'" in str(error)
    assert error.location is not None and error.location.page == 6


def test_a_repeated_total_with_other_numbers(tmp_path: Path) -> None:
    # The county table's second page repeats its `I alt` row; change that copy only.
    text = SAMPLE_TXT.read_text(encoding="utf-8")
    total = "I alt avklaring 3\xa0567 3\xa0567"
    first = text.index(total, text.index("Tiltak og fylke"))
    second = text.index(total, first + 1)
    path = tmp_path / "edited.txt"
    changed = total.replace("567", "568")
    path.write_text(text[:second] + changed + text[second + len(total) :], encoding="utf-8")
    error = _error(path)
    assert error.title == "repeated row with different numbers"
    assert error.location is not None and error.location.page == 5


def test_a_repeated_row_with_other_numbers(tmp_path: Path) -> None:
    path = _edited(
        tmp_path, "Menn 1\xa0482 1\xa0482\n", "Menn 1\xa0482 1\xa0482\nMenn 1\xa0483 1\xa0483\n"
    )
    assert _error(path).title == "repeated row with different numbers"


def test_a_label_without_numbers(tmp_path: Path) -> None:
    path = _edited(tmp_path, "Menn 1\xa0482 1\xa0482\n", "Menn\n")
    error = _error(path)
    assert error.title == "label without numbers"
    assert error.location is not None and error.location.line == _line_of(path, "Menn")


def test_a_column_header_that_does_not_match_the_period(tmp_path: Path) -> None:
    error = _error(_edited(tmp_path, "i år Januar\n", "i år Januar Februar\n"))
    assert error.title in {"wrong number of values", "column header does not match the period"}


def test_pages_that_disagree_on_the_update_date(tmp_path: Path) -> None:
    error = _error(
        _edited(
            tmp_path,
            "Tiltak og alder Rapport oppdatert: 02.02.2026",
            "Tiltak og alder Rapport oppdatert: 03.02.2026",
        )
    )
    assert error.title == "the pages disagree on the update date"


def test_an_unknown_report_id(tmp_path: Path) -> None:
    error = _error(_edited(tmp_path, "Kilde: NAV TILT150", "Kilde: NAV ARBS100", count=37))
    assert error.title == "unknown report"


def test_text_that_is_not_a_report(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Dear colleague,\nplease publish this.\n", encoding="utf-8")
    assert _error(path).title == "text before the first page header"


@pytest.mark.parametrize("name", ["empty.txt", "empty.pdf"])
def test_an_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    assert _error(path).title == "empty file"


def test_random_bytes_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "random.pdf"
    path.write_bytes(bytes(range(256)) * 8)
    assert _error(path).title == "not a PDF"


def test_text_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Kilde: NAV TILT150 Tiltaksdeltakere på avklaring\n".encode("latin-1"))
    error = _error(path)
    assert error.title == "not UTF-8 text"
    assert error.location is not None and error.location.line == 1


def test_an_unsupported_file_type(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(b"PK\x03\x04")
    assert _error(path).title == "unsupported file type"


def test_a_lost_row_makes_the_block_fall_short(tmp_path: Path) -> None:
    path = _edited(tmp_path, "03 Oslo 425 425\n", "")
    error = _error(path)
    assert error.title == "rows do not add up to their 'I alt' row"
    assert error.location is not None and error.location.page == 4


def test_a_period_that_ends_before_it_starts(tmp_path: Path) -> None:
    error = _error(_edited(tmp_path, "Januar 2026 - Januar 2026", "Mars 2026 - Januar 2026"))
    assert error.title == "period ends before it starts"


def test_a_row_read_twice(tmp_path: Path) -> None:
    path = _edited(
        tmp_path, "Menn 1\xa0482 1\xa0482\n", "Menn 1\xa0482 1\xa0482\nMenn 1\xa0482 1\xa0482\n"
    )
    error = _error(path)
    assert error.title == "row appears twice"


def test_a_missing_section(tmp_path: Path) -> None:
    text = SAMPLE_TXT.read_text(encoding="utf-8")
    start = text.index("Kilde: NAV", text.index("Tiltak og kjønn Rapport") - 100)
    end = text.index(" Kilde: NAV", start + 20)
    path = tmp_path / "edited.txt"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    error = _error(path)
    assert error.title == "sections missing"
    assert "'Tiltak og kjønn' not found" in str(error)


def test_a_section_without_rows(tmp_path: Path) -> None:
    text = SAMPLE_TXT.read_text(encoding="utf-8")
    start = text.index("I alt avklaring", text.index("Tiltak og kjønn Rapport"))
    end = text.index(" Kilde: NAV", start)
    path = tmp_path / "edited.txt"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    error = _error(path)
    assert error.title == "section without rows"
    assert error.location is not None and error.location.page == 6
