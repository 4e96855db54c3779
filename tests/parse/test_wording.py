"""The grammar reads what a person reads, however a program worded or wrapped the page.

Each case edits the sample report's text the way another program prints it (the column
header wrapped elsewhere, page furniture, note rows, an en dash) and must read as the
sample itself does; the sample's own reading is checked against its text in test_sample.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from publisher.errors import InputError
from publisher.model import Report
from publisher.parse import parse_document, parse_file
from publisher.readers import read
from publisher.readers.base import Document, Page
from publisher.readers.wording import AVERAGE_HEADER, header_words
from tests.conftest import SAMPLE_TXT

# The sample prints the header as "Gjennom" / "snitt hittil" / (blank) / "i år Januar".
_HEADER = re.compile(r"Gjennom\nsnitt hittil\n\n?i år Januar\n")
_SAMPLE = SAMPLE_TXT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample() -> Report:
    return parse_file(SAMPLE_TXT)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "TILT150.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _with_header(lines: list[str]) -> str:
    text, count = _HEADER.subn("\n".join(lines) + "\n", _SAMPLE)
    assert count >= 10
    return text


def _splits() -> list[tuple[str, ...]]:
    """The average heading cut once at every place, and twice at a few."""
    text = AVERAGE_HEADER
    once = [(text[:i], text[i:]) for i in range(1, len(text))]
    twice = [(text[:i], text[i:j], text[j:]) for i, j in ((4, 12), (8, 19), (3, 21), (12, 20))]
    return [tuple(p.strip() for p in s) for s in once + twice if all(p.strip() for p in s)]


@pytest.mark.parametrize("where", ["first", "last"])
@pytest.mark.parametrize("pieces", _splits(), ids="/".join)
def test_the_column_header_wrapped_anywhere(
    tmp_path: Path, sample: Report, pieces: tuple[str, ...], where: str
) -> None:
    lines = list(pieces)
    at = 0 if where == "first" else -1
    lines[at] = f"{lines[at]} Januar"
    assert parse_file(_write(tmp_path, _with_header(lines))).tables == sample.tables


@pytest.mark.parametrize(
    "lines",
    [
        ["Gjennomsnitt hittil i år Januar"],
        ["GJENNOMSNITT HITTIL I ÅR JANUAR"],
        ["Januar", "Gjennomsnitt", "hittil i år"],  # the month's cell top-aligned
        ["Gjennom-", "snitt hittil i år Januar 2026"],
        ["Gjen\u00adnom\u00adsnitt hittil i år", "Januar"],
    ],
    ids=["one-line", "upper-case", "month-first", "hyphen-and-year", "soft-hyphens"],
)
def test_the_column_header_in_other_forms(tmp_path: Path, sample: Report, lines: list[str]) -> None:
    assert parse_file(_write(tmp_path, _with_header(lines))).tables == sample.tables


def test_a_header_cut_short_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, _with_header(["Gjennomsnitt", "hittil Januar"]))
    with pytest.raises(InputError) as caught:
        parse_file(path)
    assert caught.value.title == "column header cut short"
    assert "'gjennomsnitthittil'" in str(caught.value)


def test_a_label_that_is_a_piece_of_the_heading_stays_a_label() -> None:
    # "i" and "år" spell part of the heading, but open no header on their own.
    words = header_words("år")
    assert words is not None and not words.starts
    assert header_words("03 Oslo") is None
    assert header_words("Januar 2026") == header_words("januar")
    assert header_words("ÅR 2026") == header_words("år")
    # A period line is no header, whatever its months.
    assert header_words("Januar 2026 - Mars 2026") is None
    assert header_words("2026") is None


def test_page_furniture_of_other_programs_is_ignored(tmp_path: Path, sample: Report) -> None:
    furniture = [
        "Side 4",
        "Page 4 of 9",
        "4/9",
        "file:///home/nav/TILT150.html 4/9",
        "01.12.2026, 14:31 Tiltaksdeltakere på avklaring",
        "12/1/26, 2:31 PM Tiltaksdeltakere på avklaring",
    ]
    text = _SAMPLE.replace("\n Kilde: NAV", "\n" + "\n".join(furniture) + "\n Kilde: NAV")
    assert parse_file(_write(tmp_path, text)).tables == sample.tables


def test_a_sheet_name_printed_above_the_page_header_is_ignored(sample: Report) -> None:
    document = read(SAMPLE_TXT)
    pages = tuple(
        Page(p.number, ("Tiltak og fylke", "", *p.lines), p.first_line) for p in document.pages
    )
    assert parse_document(Document(document.name, pages)).tables == sample.tables


def test_note_rows_under_a_table_are_not_labels(tmp_path: Path, sample: Report) -> None:
    text = _SAMPLE.replace(
        "Ukjent * *\n", "Ukjent * *\nTall mindre enn 4 er erstattet med *.\nKilde: Nav\n"
    )
    assert parse_file(_write(tmp_path, text)).tables == sample.tables


def test_nav_spelled_as_since_2022(tmp_path: Path, sample: Report) -> None:
    text = _SAMPLE.replace("Kilde: NAV TILT150", "Kilde: Nav TILT150")
    parsed = parse_file(_write(tmp_path, text))
    assert (parsed.family, parsed.tables) == (sample.family, sample.tables)


def test_a_period_with_an_en_dash(tmp_path: Path, sample: Report) -> None:
    text = _SAMPLE.replace("Januar 2026 - Januar 2026", "Januar 2026 \u2013 Januar 2026")
    parsed = parse_file(_write(tmp_path, text))
    assert (parsed.period, parsed.tables) == (sample.period, sample.tables)


def test_no_break_spaces_at_the_ends_of_lines(tmp_path: Path, sample: Report) -> None:
    text = _SAMPLE.replace("\n\n", "\n\u00a0\n").replace("03 Oslo 425 425", "03 Oslo 425 425\u00a0")
    assert parse_file(_write(tmp_path, text)).tables == sample.tables


def test_separators_lost_on_one_page_only(tmp_path: Path, sample: Report) -> None:
    # The county table's first page keeps U+00A0 between thousands, its second loses it.
    start = _SAMPLE.index("Tiltak og fylke")
    second = _SAMPLE.index("Tiltak og fylke", start + 1)
    end = _SAMPLE.index("Kilde: NAV", second)
    page = _SAMPLE[second:end]
    assert "\u00a0" in page
    text = _SAMPLE[:second] + page.replace("\u00a0", " ") + _SAMPLE[end:]
    assert parse_file(_write(tmp_path, text)).tables == sample.tables


def test_a_count_under_the_threshold_printed_as_a_number_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, _SAMPLE.replace("Ukjent * *\n", "Ukjent 2 2\n"))
    with pytest.raises(InputError) as caught:
        parse_file(path)
    error = caught.value
    assert error.title == "a count under the threshold printed as a number"
    assert error.location is not None and error.location.page == 5
    assert error.location.line == _SAMPLE.splitlines().index("Ukjent * *") + 1
    assert "'Ukjent'" in error.description and "'Gjennomsnitt hittil i år'" in error.description
    # The message never carries the number it refuses.
    assert "2" not in error.description


def test_a_reading_with_a_small_count_is_not_taken(tmp_path: Path, sample: Report) -> None:
    # Without separators "3 567 3 567" could also be read as 3 | 567 3 | 567 …; a count
    # under 4 is impossible, so only the true reading is left.
    text = _SAMPLE.replace("\u00a0", " ")
    assert parse_file(_write(tmp_path, text)).tables == sample.tables


def test_a_number_with_an_english_thousands_comma(tmp_path: Path) -> None:
    path = _write(tmp_path, _SAMPLE.replace("I alt 3\u00a0567 3\u00a0567", "I alt 3,567 3,567"))
    with pytest.raises(InputError) as caught:
        parse_file(path)
    assert caught.value.title == "number with a comma between thousands"
    assert "'3,567'" in str(caught.value)


_BREAK = (
    "\n Kilde: NAV TILT150 Tiltaksdeltakere på avklaring. Demografi. Tidsserie måned\n"
    "Tiltak og fylke Rapport oppdatert: 02.02.2026\n\nJanuar 2026 - Januar 2026 \n"
    "Gjennom\nsnitt hittil\n\ni år Januar\n\nI alt avklaring 3\u00a0567 3\u00a0567\n"
)
_TROMS = "55 Troms -\nRomsa -\nTromssa 170 170\n"


@pytest.mark.parametrize(
    "split",
    [
        "55 Troms -\nRomsa -" + _BREAK + "Tromssa 170 170\n",  # values with the last part
        "55 Troms - 170 170\nRomsa -" + _BREAK + "Tromssa\n",  # values with the first part
        "55 Troms - 170 170" + _BREAK + "Romsa -\nTromssa\n",
    ],
    ids=["values-last", "values-first", "values-first-one-line"],
)
def test_a_region_row_split_over_a_page_break(tmp_path: Path, sample: Report, split: str) -> None:
    assert _SAMPLE.count(_TROMS) == 1
    parsed = parse_file(_write(tmp_path, _SAMPLE.replace(_TROMS, split)))
    assert parsed.tables == sample.tables


def test_a_label_cut_off_at_the_end_of_a_section_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, _SAMPLE.replace("Ukjent * *\n", "Ukjent * *\nTromsø og\n"))
    with pytest.raises(InputError) as caught:
        parse_file(path)
    assert caught.value.title == "label without numbers"
    assert caught.value.location is not None and caught.value.location.page == 5
