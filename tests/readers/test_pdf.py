"""The PDF reader refuses what it cannot read safely, with one clear line.

What a page's geometry tells the reader is tested in test_pdf_geometry.py.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
)

from publisher.errors import InputError
from publisher.readers import read
from tests.navgen import generate, render_fpdf


def _blank_pdf(pages: int = 2, password: str | None = None) -> bytes:
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password is not None:
        writer.encrypt(password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _error(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        read(path)
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith(str(path))
    return caught.value


def test_a_readable_pdf_gives_one_page_per_page(tmp_path: Path) -> None:
    report, _ = generate(months=1, municipalities=4)
    path = render_fpdf(report, tmp_path / "small.pdf")
    document = read(path)
    assert [p.number for p in document.pages] == list(
        range(1, len(pypdf.PdfReader(path).pages) + 1)
    )
    assert document.pages[0].lines[0] == (
        "Kilde: NAV TILT150 Tiltaksdeltakere på avklaring. Demografi. Tidsserie måned"
    )


def test_a_page_without_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.pdf"
    path.write_bytes(_blank_pdf(3))
    error = _error(path)
    assert error.title == "page without text"
    assert error.location is not None and error.location.page == 1


def test_an_encrypted_pdf(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(_blank_pdf(password="secret"))  # noqa: S106 - a test password
    assert _error(path).title == "encrypted PDF"


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.95])
def test_a_truncated_pdf(tmp_path: Path, keep: float) -> None:
    data = _blank_pdf(4)
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * keep)])
    assert _error(path).title == "truncated PDF"


def test_a_pdf_with_a_broken_body(tmp_path: Path) -> None:
    data = _blank_pdf(2)
    start = data.index(b"1 0 obj")
    path = tmp_path / "broken.pdf"
    path.write_bytes(data[:start] + b"\x00" * 200 + data[start + 200 :])
    error = _error(path)
    assert error.title in {"unreadable PDF", "unreadable PDF page", "empty PDF"}


def test_random_bytes_after_a_pdf_header(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4 + b"\n%%EOF\n")
    assert _error(path).title in {"unreadable PDF", "empty PDF"}


def _page_with(content: bytes, xobjects: dict[str, bytes] | None = None) -> bytes:
    """A one-page PDF with this content stream, Helvetica as /F1 and the given forms."""
    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    resources = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    forms = DictionaryObject()
    for name, data in (xobjects or {}).items():
        form = DecodedStreamObject()
        form.set_data(data)
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject([FloatObject(v) for v in (0, 0, 595, 842)]),
                NameObject("/Matrix"): ArrayObject([FloatObject(v) for v in (1, 0, 0, 1, 0, -40)]),
                NameObject("/Resources"): resources,
            }
        )
        forms[NameObject(name)] = writer._add_object(form)  # a form must be an indirect object
    if forms:
        resources[NameObject("/XObject")] = forms
    page[NameObject("/Resources")] = resources
    stream = DecodedStreamObject()
    stream.set_data(content)
    page.replace_contents(ContentStream(stream, writer))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_text_in_a_form_is_read_where_the_form_puts_it(tmp_path: Path) -> None:
    path = tmp_path / "form.pdf"
    inner = b"BT /F1 8 Tf 1 0 0 1 40 800 Tm (I alt) Tj 100 0 Td (12) Tj ET"
    outer = b"BT /F1 8 Tf 1 0 0 1 40 800 Tm (Kilde: NAV TILT150 Tittel) Tj ET q /X1 Do Q"
    path.write_bytes(_page_with(outer, {"/X1": inner}))
    assert read(path).pages[0].lines == ("Kilde: NAV TILT150 Tittel", "", "I alt 12")


def test_a_content_stream_that_cannot_be_parsed_is_refused_with_its_page(tmp_path: Path) -> None:
    path = tmp_path / "stream.pdf"
    path.write_bytes(_page_with(b"BT /F1 8 Tf 1 0 0 1 40 800 Tm (unterminated Tj ET"))
    error = _error(path)
    assert error.title == "unreadable PDF page"
    assert error.location is not None and error.location.page == 1


def test_text_in_a_font_the_page_does_not_have_reads_as_unreadable(tmp_path: Path) -> None:
    # Never a guess: every byte of it is U+FFFD, which no grammar rule accepts.
    path = tmp_path / "font.pdf"
    path.write_bytes(_page_with(b"BT /F9 8 Tf 1 0 0 1 40 800 Tm (12 345) Tj ET"))
    assert read(path).pages[0].lines == ("\ufffd" * 6,)
