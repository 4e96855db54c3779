"""The PDF reader reads a page's geometry, not one program's habits.

Each test draws a small page by hand (reportlab, or pypdf with a content stream written out
operator by operator) whose printed lines are known, and checks the lines the reader gives
the grammar: rows rebuilt from centred and top-aligned cells, text set glyph by glyph,
rotated pages, tiny fonts, soft hyphens, a printing program's furniture, labels clipped
under the next cell, numbers whose separators were lost.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import ContentStream, DecodedStreamObject, DictionaryObject, NameObject
from reportlab.pdfbase.pdfmetrics import registerFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from publisher.errors import InputError
from publisher.readers import read

FONT = "DejaVuSans"
registerFont(TTFont(FONT, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
NBSP = "\u00a0"
SOURCE = "Kilde: NAV TILT150 Tiltaksdeltakere på avklaring. Demografi. Tidsserie måned"
SECTION = "Tiltak Rapport oppdatert: 02.02.2026"
PERIOD = "Januar 2026 - Februar 2026"
HEADER = "Gjennomsnitt hittil i år Januar Februar"


@dataclass(frozen=True)
class Text:
    """A string drawn with its left edge (or right edge) at x, baseline y down the page."""

    x: float
    y: float
    text: str
    size: float = 8.0
    right: bool = False


def draw(path: Path, pages: list[list[Text]], *, size: tuple[float, float] = (595, 842)) -> Path:
    """A PDF of the pages, every string its own text object, as reportlab draws."""
    canvas = Canvas(str(path), pagesize=size, invariant=True)
    for texts in pages:
        for text in texts:
            canvas.setFont(FONT, text.size)
            y = size[1] - text.y
            if text.right:
                canvas.drawRightString(text.x, y, text.text)
            else:
                canvas.drawString(text.x, y, text.text)
        canvas.showPage()
    canvas.save()
    return path


def raw(path: Path, content: bytes, *, rotate: int = 0) -> Path:
    """A one-page PDF whose content stream is given operator by operator.

    Its one font, ``/F1``, is Helvetica in WinAnsiEncoding.
    """
    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    fonts = DictionaryObject({NameObject("/F1"): font})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    stream = DecodedStreamObject()
    stream.set_data(content)
    page.replace_contents(ContentStream(stream, writer))
    if rotate:
        page.rotate(rotate)
    out = io.BytesIO()
    writer.write(out)
    path.write_bytes(out.getvalue())
    return path


def lines(path: Path, page: int = 0) -> list[str]:
    """The page's lines as the reader gives them, blank lines left out."""
    return [line for line in read(path).pages[page].lines if line]


def width(text: str, size: float = 8.0) -> float:
    return float(stringWidth(text, FONT, size))


# -- a table page ------------------------------------------------------------------------

LABEL_X = 40.0
AVERAGE = (110.0, 160.0)  # the average column: left edge of its heading, right edge
MONTHS = (220.0, 280.0)  # right edges of the month columns


def table_page(
    rows: list[tuple[list[str], list[str]]],
    *,
    align: str = "bottom",
    size: float = 8.0,
    pitch: float = 10.0,
    cell_lines: int | None = None,
    row_gap: float | None = None,
    top: float = 120.0,
) -> list[Text]:
    """A page with the header lines, a column header and rows whose cells align so.

    Each row is its label's lines and its values (average, January, February); a cell is
    as high as its longest label (or ``cell_lines`` lines), the values aligned in it, and
    ``row_gap`` (default half a line) between two rows.
    """
    texts = [Text(LABEL_X, 40, SOURCE), Text(LABEL_X, 52, SECTION), Text(LABEL_X, 64, PERIOD)]
    texts += [
        Text(AVERAGE[0], 84 + pitch * i, part)
        for i, part in enumerate(("Gjennom", "snitt hittil", "i år"))
    ]
    texts += [
        Text(x, 84 + 2 * pitch, name, right=True)
        for x, name in zip(MONTHS, ("Januar", "Februar"), strict=True)
    ]
    texts = [Text(t.x, t.y * size / 8, t.text, size, t.right) for t in texts]
    y = top * size / 8
    for label, values in rows:
        height = cell_lines or len(label)
        first = {"bottom": height - len(label), "top": 0, "middle": (height - len(label)) / 2}[
            align
        ]
        texts += [
            Text(LABEL_X, y + (first + i) * pitch, line, size) for i, line in enumerate(label)
        ]
        at = {"bottom": height - 1, "top": 0, "middle": (height - 1) / 2}[align]
        for x, value in zip((AVERAGE[1], *MONTHS), values, strict=True):
            texts.append(Text(x, y + at * pitch, value, size, right=True))
        y += height * pitch + (pitch / 2 if row_gap is None else row_gap)
    return texts


ROWS = [
    (["I alt"], ["3 567", "3 560", "3 574"]),
    (["Arbeidsrettet", "rehabilitering"], ["1 204", "1 200", "1 208"]),
    (["I alt Nedsatt", "arbeidsevne,", "på tiltak"], ["12", "*", "20"]),
    (["Avklaring"], ["7", "5", "9"]),
]
EXPECTED = [
    SOURCE,
    SECTION,
    PERIOD,
    HEADER,
    f"I alt 3{NBSP}567 3{NBSP}560 3{NBSP}574",
    "Arbeidsrettet",
    f"rehabilitering 1{NBSP}204 1{NBSP}200 1{NBSP}208",
    "I alt Nedsatt",
    "arbeidsevne,",
    "på tiltak 12 * 20",
    "Avklaring 7 5 9",
]


@pytest.mark.parametrize("align", ["bottom", "top", "middle"])
def test_a_row_is_its_label_then_its_values_however_the_cells_align(
    tmp_path: Path, align: str
) -> None:
    path = draw(tmp_path / "table.pdf", [table_page(ROWS, align=align)])
    assert lines(path) == EXPECTED


def test_a_table_two_alignments_explain_reads_as_the_rest_of_the_document(
    tmp_path: Path,
) -> None:
    # Centred cells packed without a gap: a three-line label reads as well as the bottom
    # of one label and the top of the next. Alone, the page reads bottom-aligned (the
    # usual case); beside a page only centred cells explain, it reads centred.
    packed = [
        (["I alt"], ["3 567", "3 560", "3 574"]),
        (["Arbeidsrettet", "rehabilitering", "og mer"], ["1", "2", "3"]),
        (["Avklaring"], ["7", "5", "9"]),
    ]
    clear = [(["I alt"], ["1", "2", "3"]), (["Arbeidsrettet", "rehabilitering"], ["4", "5", "6"])]
    alone = draw(tmp_path / "alone.pdf", [table_page(packed, align="middle", row_gap=0)])
    assert lines(alone)[5:] == [
        "Arbeidsrettet",
        "rehabilitering 1 2 3",
        "og mer",
        "Avklaring 7 5 9",
    ]
    pages = [table_page(packed, align="middle", row_gap=0), table_page(clear, align="middle")]
    both = draw(tmp_path / "both.pdf", pages)
    assert lines(both)[5:] == ["Arbeidsrettet", "rehabilitering", "og mer 1 2 3", "Avklaring 7 5 9"]
    assert lines(both, page=1)[5:] == ["Arbeidsrettet", "rehabilitering 4 5 6"]


def test_a_table_goes_on_over_a_page_without_its_own_header(tmp_path: Path) -> None:
    first = table_page(ROWS[:2])
    rows = table_page(ROWS[2:])
    second = [Text(LABEL_X, 40, SOURCE), Text(LABEL_X, 52, SECTION)]
    second += [t for t in rows if t.y >= 120]  # the rows without the column header
    path = draw(tmp_path / "over.pdf", [first, second])
    assert lines(path, page=1) == [SOURCE, SECTION, *EXPECTED[7:]]


def test_a_note_under_a_table_is_no_label(tmp_path: Path) -> None:
    # Top-aligned cells: a label's lines go on under its numbers, but a note set a line
    # under the last row, running on past the average's column, is not one of them.
    note = "Tall mindre enn 4 er erstattet med * av hensyn til personvernet."
    texts = table_page(ROWS, align="top")
    texts.append(Text(LABEL_X, max(t.y for t in texts) + 10, note))
    path = draw(tmp_path / "note.pdf", [texts])
    assert lines(path) == [*EXPECTED, note]


def test_a_tiny_font_keeps_its_rows_apart(tmp_path: Path) -> None:
    # A table fitted to one page: 2.5-point text, rows 3 points apart (a fixed tolerance of
    # 2.5 points would merge them).
    texts = table_page(ROWS, size=2.5, pitch=3.0)
    path = draw(tmp_path / "tiny.pdf", [texts])
    assert lines(path) == EXPECTED


def test_a_label_cut_at_the_top_of_its_cell_stays_with_its_row(tmp_path: Path) -> None:
    # LibreOffice: a four-line label in a three-line, bottom-aligned cell runs out at the
    # top, its first line printed (clipped) just under the row above's numbers.
    rows = [
        (["Europa"], ["10", "11", "12"]),
        (["Nord-", "Europa"], ["20", "21", "22"]),
        (["56", "Finnmark", "Finnmárku", "Finmarkku"], ["30", "31", "32"]),
    ]
    texts = table_page(rows, cell_lines=3, pitch=9.0)
    path = draw(tmp_path / "clipped.pdf", [texts])
    assert lines(path)[4:] == [
        "Europa 10 11 12",
        "Nord-",
        "Europa 20 21 22",
        "56",
        "Finnmark",
        "Finnmárku",
        "Finmarkku 30 31 32",
    ]


def test_label_words_hidden_under_the_next_cell_are_not_read(tmp_path: Path) -> None:
    # A label drawn in full runs on under the average's cell (a program that relies on
    # clipping): the word that crosses the cell's edge is read whole, the rest is hidden.
    label = "Norden Vest-Europa og resten"
    assert LABEL_X + width("Norden ") < AVERAGE[0] - 10
    assert LABEL_X + width("Norden Vest-Europa ") > AVERAGE[0] + 10
    texts = table_page([(["I alt"], ["3 567", "3 560", "3 574"])])
    texts.append(Text(LABEL_X, 160, label))
    values = zip((AVERAGE[1], *MONTHS), ("4", "5", "6"), strict=True)
    texts += [Text(x, 160, value, right=True) for x, value in values]
    path = draw(tmp_path / "hidden.pdf", [texts])
    assert lines(path)[-1] == "Norden Vest-Europa 4 5 6"


def test_the_order_of_the_content_stream_does_not_matter(tmp_path: Path) -> None:
    texts = table_page(ROWS)
    shuffled = texts[::2] + texts[1::2][::-1]
    path = draw(tmp_path / "shuffled.pdf", [shuffled])
    assert lines(path) == EXPECTED


def test_numbers_are_grouped_by_where_they_stand_not_by_their_separators(tmp_path: Path) -> None:
    texts = table_page([(["I alt"], ["3 567", "3 560", "3 574"])])
    # Thousands drawn without a separator, and in two pieces with a lost separator.
    texts.append(Text(LABEL_X, 160, "Avklaring"))
    texts.append(Text(AVERAGE[1], 160, "1204", right=True))
    texts.append(Text(MONTHS[0] - width("200") - width(" "), 160, "1"))
    texts.append(Text(MONTHS[0], 160, "200", right=True))
    texts.append(Text(MONTHS[1], 160, "1\u202f208", right=True))
    path = draw(tmp_path / "groups.pdf", [texts])
    assert lines(path)[-1] == f"Avklaring 1{NBSP}204 1{NBSP}200 1{NBSP}208"


def test_a_star_with_something_printed_in_its_cell_is_refused_without_showing_it(
    tmp_path: Path,
) -> None:
    texts = table_page([(["I alt"], ["3 567", "3 560", "3 574"])])
    texts += [Text(LABEL_X, 160, "Avklaring"), Text(AVERAGE[1], 160, "7", right=True)]
    texts += [Text(MONTHS[0], 160, "*", right=True), Text(MONTHS[0] - 1, 160, "2", right=True)]
    texts += [Text(MONTHS[1], 160, "9", right=True)]
    path = draw(tmp_path / "star.pdf", [texts])
    with pytest.raises(InputError) as caught:
        read(path)
    message = str(caught.value)
    assert message.startswith(f"{path}, page 1, line ")
    assert "'*'" in message and "2" not in message.split("line ")[1].split(":", 1)[1]


def test_a_number_beside_a_star_is_refused_without_showing_it(tmp_path: Path) -> None:
    # Between the January and February headings, so it could belong to either: the row
    # has one number more than it has columns, and no placement may join it to another.
    texts = table_page([(["I alt"], ["3 567", "3 560", "3 574"])])
    texts += [Text(LABEL_X, 160, "Avklaring"), Text(AVERAGE[1], 160, "7", right=True)]
    texts += [Text(MONTHS[0], 160, "*", right=True), Text(MONTHS[0] + 15, 160, "2")]
    texts += [Text(MONTHS[1], 160, "9", right=True)]
    path = draw(tmp_path / "beside.pdf", [texts])
    with pytest.raises(InputError) as caught:
        read(path)
    assert "'*'" in str(caught.value) and "2" not in str(caught.value).split(": ", 1)[1]


def test_a_header_split_anywhere_in_any_case_gives_the_columns(tmp_path: Path) -> None:
    texts = [Text(LABEL_X, 40, SOURCE), Text(LABEL_X, 52, SECTION), Text(LABEL_X, 64, PERIOD)]
    texts += [
        Text(AVERAGE[0], 84, "GJEN"),
        Text(AVERAGE[0], 94, "NOMSNITT HITTIL I"),
        Text(AVERAGE[0], 104, "ÅR"),
    ]
    # Month headings centred in their cells, on the header's middle line, with the year.
    texts += [Text(190, 94, "Januar 2026"), Text(250, 94, "Februar"), Text(252, 104, "2026")]
    texts += [Text(LABEL_X, 130, "I alt")]
    texts += [
        Text(x, 130, v, right=True)
        for x, v in zip((AVERAGE[1], *MONTHS), ("1", "2", "3"), strict=True)
    ]
    path = draw(tmp_path / "header.pdf", [texts])
    assert lines(path)[3:] == ["Gjennomsnitt hittil i år Januar 2026 Februar 2026", "I alt 1 2 3"]


def test_furniture_around_the_page_is_left_out(tmp_path: Path) -> None:
    texts = table_page(ROWS)
    texts += [Text(LABEL_X, 20, "12/1/26, 2:35 PM"), Text(250, 20, "Tiltak og fylke")]
    texts += [Text(LABEL_X, 800, "file:///tmp/report.html"), Text(540, 800, "1/3")]
    texts += [Text(280, 812, "Side 1"), Text(280, 824, "Page 1 of 2")]
    path = draw(tmp_path / "furniture.pdf", [texts])
    assert lines(path) == EXPECTED


def test_a_soft_hyphen_joins_the_word_it_breaks(tmp_path: Path) -> None:
    rows = [
        (["I alt Arbeids\u00ad", "søkere på tiltak"], ["1", "2", "3"]),
        (["Avkl\u00adaring"], ["4", "5", "6"]),
    ]
    path = draw(tmp_path / "soft.pdf", [table_page(rows)])
    assert lines(path)[4:] == ["I alt Arbeidssøkere på tiltak 1 2 3", "Avklaring 4 5 6"]


def test_text_set_glyph_by_glyph_reads_as_words(tmp_path: Path) -> None:
    texts: list[Text] = []
    for line in table_page(ROWS):
        x = line.x - width(line.text, line.size) if line.right else line.x
        for char in line.text:
            if char != " ":
                texts.append(Text(x, line.y, char, line.size))
            x += width(char, line.size)
    path = draw(tmp_path / "glyphs.pdf", [texts])
    assert lines(path) == EXPECTED


def test_kerning_and_glyph_moves_inside_one_text_object(tmp_path: Path) -> None:
    # TJ kerning within words, a word space left by kerning alone, a space glyph closed up
    # by kerning, and glyphs placed one by one with Td as Chromium does.
    content = (
        b"BT /F1 8 Tf 1 0 0 1 40 800 Tm [(Kil) 30 (de:) -280 (NAV) 60 ( ) 60 (TILT150)] TJ ET\n"
        b"BT /F1 8 Tf 1 0 0 1 40 780 Tm (T) Tj 4.46 0 Td (i) Tj 1.78 0 Td (l) Tj 1.78 0 Td "
        b"(t) Tj 2.22 0 Td (a) Tj 4.45 0 Td (k) Tj 4 0 Td ( ) Tj 2.22 0 Td (A) Tj ET\n"
    )
    path = raw(tmp_path / "kerned.pdf", content)
    assert lines(path) == ["Kilde: NAV TILT150", "Tiltak A"]


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_a_rotated_page_reads_as_it_is_displayed(tmp_path: Path, rotate: int) -> None:
    # The page is turned for display by /Rotate and its text drawn turned the other way,
    # so that a person reads it upright.
    turn = {90: b"0 1 -1 0 595 0", 180: b"-1 0 0 -1 595 842", 270: b"0 -1 1 0 0 842"}[rotate]
    content = (
        b"q " + turn + b" cm BT /F1 8 Tf 1 0 0 1 40 780 Tm (Kilde: NAV TILT150 Tittel) Tj "
        b"0 -12 Td (I alt) Tj 100 0 Td (12) Tj ET Q"
    )
    path = raw(tmp_path / "rotated.pdf", content, rotate=rotate)
    assert lines(path) == ["Kilde: NAV TILT150 Tittel", "I alt 12"]


def test_a_table_drawn_sideways_reads_along_its_lines(tmp_path: Path) -> None:
    # No /Rotate: the text itself runs up the page, as a landscape table printed on a
    # portrait page; a stamp written across it is left out.
    content = (
        b"BT /F1 8 Tf 0 1 -1 0 300 100 Tm (Kilde: NAV TILT150 Tittel) Tj ET\n"
        b"BT /F1 8 Tf 0 1 -1 0 312 100 Tm (I alt) Tj ET\n"
        b"BT /F1 8 Tf 0 1 -1 0 312 200 Tm (12) Tj ET\n"
        b"BT /F1 6 Tf 1 0 0 1 20 20 Tm (Kopi) Tj ET"
    )
    path = raw(tmp_path / "sideways.pdf", content)
    assert lines(path) == ["Kilde: NAV TILT150 Tittel", "I alt 12"]
