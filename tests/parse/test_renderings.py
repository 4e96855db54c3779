"""A report rendered the ways users' programs render it parses back to the same report.

Real users' files come from renderers we did not design for (issue 14): LibreOffice
printing a workbook with other fonts, widths, alignments, page set-ups and header/footer;
Chromium printing an HTML table; PDFs rotated, drawn glyph by glyph, or with soft hyphens;
text extracted with other wrapping and spacing. Each case draws a known report
(tests/navgen) one way and must parse to what was drawn, as the text path does.

:data:`FAILING_TODAY` lists the cases that fail now, each with the error it gives; they
run as non-strict xfails. Remove an entry when a fix makes its case pass.

:data:`SHOWS` checks that a rendering carries what its case is named for (a heading
wrapped at the named point, the header and footer, the font …), so that no case passes
because its option did nothing. Looking at the pages is still a person's job:
``pdftoppm -r 60 -png`` shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from publisher.model import Report
from publisher.parse import parse_file
from tests.navgen import generate, render_text
from tests.navgen.html import render_chromium
from tests.navgen.pdfvariants import render_per_glyph, render_rotated, render_soft_hyphens
from tests.navgen.xlsx import render_libreoffice_many
from tests.parse.compare import assert_same_report

# Case id → the error the case gives today. Remove an entry once its case passes.
FAILING_TODAY: dict[str, str] = {}

MEASURES = ("avklaring", "arbeidsrettet rehabilitering")
MUNICIPALITIES = 15
NBSP = "\xa0"


@dataclass(frozen=True, slots=True)
class Case:
    """One rendering: which program, the report it draws, and the renderer's options.

    ``cut_labels``: the rendering cuts labels longer than three lines, as Nav's does.
    """

    id: str
    family: str
    months: int = 3
    options: Mapping[str, Any] = field(default_factory=dict)
    cut_labels: bool = False
    municipalities: int = MUNICIPALITIES

    @property
    def drawn(self) -> Report:
        """The report this case draws."""
        return _report(self.months, self.municipalities)


@cache
def _report(months: int, municipalities: int = MUNICIPALITIES) -> Report:
    drawn, _ = generate(
        months=months, measures=MEASURES, municipalities=municipalities, seed=months
    )
    return drawn


def _libreoffice(
    id_: str, months: int = 3, municipalities: int = MUNICIPALITIES, **options: Any
) -> Case:
    return Case(f"libreoffice-{id_}", "libreoffice", months, options, True, municipalities)


def _chromium(id_: str, months: int = 3, **options: Any) -> Case:
    return Case(f"chromium-{id_}", "chromium", months, options)


def _text(id_: str, **options: Any) -> Case:
    return Case(f"text-{id_}", "text", 3, options)


CASES = (
    # LibreOffice: font (Arial is what Nav's workbook asks for; Liberation Sans stands in)
    _libreoffice("arial"),
    _libreoffice("dejavu-sans", font="DejaVu Sans"),
    _libreoffice("liberation-sans", font="Liberation Sans"),
    # column widths; the average heading wraps after the part its id names (Gjennoms/ at
    # the default width, in the "arial" case)
    _libreoffice("label-narrow", label_width=7.0, row_lines=5),
    _libreoffice("label-wide", label_width=22.0),
    _libreoffice("heading-gjenn", average_width=3.5, header_lines=5),
    _libreoffice("heading-gjenno", average_width=4.0, header_lines=5),
    _libreoffice("heading-gjennom", average_width=5.0),
    _libreoffice("heading-gjennomsnitt", average_width=7.0),
    _libreoffice("heading-hittil-i", average_width=10.0),
    _libreoffice("heading-one-line", average_width=14.0),
    _libreoffice("months-narrow", month_width=6.0),
    _libreoffice("months-wide", month_width=16.0),
    # vertical alignment of every cell
    _libreoffice("centre", vertical="center"),
    _libreoffice("top", vertical="top"),
    # months and page set-up
    _libreoffice("1-month", months=1),
    _libreoffice("6-months", months=6),
    _libreoffice("12-months", months=12),
    _libreoffice("12-months-portrait", months=12, orientation="portrait"),
    _libreoffice("portrait", orientation="portrait"),
    _libreoffice("fit-to-page", fit_height=1, rows_per_page=None),
    _libreoffice("fit-to-page-tiny", municipalities=60, fit_height=1, rows_per_page=None),
    # header and footer, notes under a table, labels clipped instead of wrapped
    _libreoffice("header-footer-default", header_footer="default"),
    _libreoffice("footer-side", header_footer="side"),
    _libreoffice("table-notes", table_notes=True),
    _libreoffice("label-clipped", label_width=18.0, wrap_labels=False),
    # Chromium printing an HTML table
    _chromium("bottom", vertical="bottom"),
    _chromium("middle"),
    _chromium("top", vertical="top"),
    _chromium("header-footer", vertical="bottom", header_footer=True),
    _chromium("header-footer-middle", header_footer=True),
    _chromium("narrow-nbsp", vertical="bottom", group_sep="\u202f"),
    _chromium("dejavu-sans", vertical="bottom", font='"DejaVu Sans"'),
    _chromium("12-months-portrait", months=12, vertical="bottom", orientation="portrait"),
    # PDFs post-processed or drawn unusually
    Case("pdf-rotated", "rotated"),
    Case("pdf-rotated-270", "rotated", options={"rotate": 270}),
    Case("pdf-per-glyph", "per-glyph"),
    Case("pdf-soft-hyphens", "soft-hyphens"),
    # text extracted from others' PDFs
    _text("heading-gjen", heading_first_line="Gjen"),
    _text("heading-gjenn", heading_first_line="Gjenn"),
    _text("heading-gjennoms", heading_first_line="Gjennoms"),
    _text("heading-gjennomsnitt", heading_first_line="Gjennomsnitt"),
    _text("heading-hittil", heading_first_line="Gjennomsnitt hittil"),
    _text("heading-one-line", heading_first_line="Gjennomsnitt hittil i år"),
    _text("en-dash", period_dash="–"),
    _text("nbsp-line", after_period=NBSP),
    _text("nbsp-line-end", period_end=NBSP),
    _text(
        "all-quirks",
        heading_first_line="Gjen",
        period_dash="–",
        period_end=NBSP,
        after_period=NBSP,
        group_sep=" ",
    ),
)
CASES_BY_ID = {case.id: case for case in CASES}
assert len(CASES_BY_ID) == len(CASES), "case ids must be unique"
assert set(FAILING_TODAY) <= set(CASES_BY_ID), set(FAILING_TODAY) - set(CASES_BY_ID)


def _write_text(report: Report, path: Path, **options: Any) -> Path:
    path.write_text(render_text(report, **options), encoding="utf-8")
    return path


Render = Callable[..., Path]
RENDERERS: dict[str, tuple[Render, str]] = {
    "chromium": (render_chromium, ".pdf"),
    "rotated": (render_rotated, ".pdf"),
    "per-glyph": (render_per_glyph, ".pdf"),
    "soft-hyphens": (render_soft_hyphens, ".pdf"),
    "text": (_write_text, ".txt"),
}


class Renderings:
    """Rendered files by case id, made when first asked for.

    LibreOffice takes seconds to start, so the first LibreOffice case asked for prints
    every LibreOffice case this session runs, in one run.
    """

    def __init__(self, folder: Path, selected: set[str]) -> None:
        self.folder = folder
        self.selected = selected
        self.paths: dict[str, Path] = {}

    def path(self, case: Case) -> Path:
        """The file of a case, rendered now if not yet."""
        if case.id not in self.paths:
            if case.family == "libreoffice":
                self._libreoffice(case)
            else:
                render, suffix = RENDERERS[case.family]
                target = self.folder / f"{case.id}{suffix}"
                self.paths[case.id] = render(case.drawn, target, **case.options)
        return self.paths[case.id]

    def _libreoffice(self, asked: Case) -> None:
        cases = [
            case
            for case in CASES
            if case.family == "libreoffice"
            and case.id not in self.paths
            and (case.id in self.selected or case is asked)
        ]
        jobs = [
            (case.drawn, self.folder / f"{case.id}.pdf", {"rows_per_page": 12, **case.options})
            for case in cases
        ]
        for case, path in zip(cases, render_libreoffice_many(jobs), strict=True):
            self.paths[case.id] = path


@pytest.fixture(scope="session")
def renderings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Renderings:
    """The renderings of the cases this session runs (after ``-k`` and the like)."""
    selected = {case_id for item in request.session.items if (case_id := _case_id(item))}
    return Renderings(tmp_path_factory.mktemp("renderings"), selected)


def _case_id(item: pytest.Item) -> str | None:
    """The case a test item runs, if it runs one of this module's cases."""
    params = getattr(item, "callspec", None)
    if params is None:
        return None
    case = params.params.get("case")
    return case.id if isinstance(case, Case) else params.params.get("case_id")


def _params() -> Iterator[Any]:
    for case in CASES:
        reason = FAILING_TODAY.get(case.id)
        marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason else []
        yield pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", list(_params()))
def test_rendering_parses_to_the_drawn_report(renderings: Renderings, case: Case) -> None:
    assert_same_report(parse_file(renderings.path(case)), case.drawn, cut_labels=case.cut_labels)


# -- each rendering carries what its case is named for ----------------------------------

Check = Callable[[Path], None]


@cache
def _text_of(path: Path) -> str:
    """The file's text; for a PDF pypdf's, pages joined, no space before a line break."""
    if path.suffix == ".txt":
        return path.read_text(encoding="utf-8")
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return text.replace(" \n", "\n")


def _has(*texts: str) -> Check:
    def check(path: Path) -> None:
        for text in texts:
            assert text in _text_of(path), text

    return check


def _lacks(text: str) -> Check:
    def check(path: Path) -> None:
        assert text not in _text_of(path)

    return check


def _fonts(*names: str) -> Check:
    def check(path: Path) -> None:
        fonts = {
            str(font["/BaseFont"]).split("+")[-1]
            for page in PdfReader(path).pages
            for font in page["/Resources"]["/Font"].values()
        }
        assert fonts == set(names), fonts

    return check


def _pages(count: int) -> Check:
    def check(path: Path) -> None:
        assert len(PdfReader(path).pages) == count

    return check


def _text_at_most(points: float) -> Check:
    """The last page's text is no larger than ``points``, as drawn on the page."""

    def check(path: Path) -> None:
        sizes: list[float] = []

        def visit(text: str, cm: list[float], tm: list[float], _: object, size: float) -> None:
            if text.strip():
                sizes.append(abs(size * tm[3] * cm[3]))

        PdfReader(path).pages[-1].extract_text(visitor_text=visit)
        assert sizes and max(sizes) <= points, max(sizes, default=None)

    return check


def _portrait(path: Path) -> None:
    box = PdfReader(path).pages[0].mediabox
    assert box.width < box.height


def _rotated(degrees: int) -> Check:
    def check(path: Path) -> None:
        assert {page.rotation for page in PdfReader(path).pages} == {degrees}

    return check


def _glyph_by_glyph(path: Path) -> None:
    page = PdfReader(path).pages[1]
    glyphs = sum(len("".join(line.split())) for line in page.extract_text().splitlines())
    assert page.get_contents().get_data().count(b"BT") >= glyphs  # type: ignore[union-attr]


SECTIONS = len(_report(3).tables)
SHOWS: dict[str, tuple[Check, ...]] = {
    "libreoffice-arial": (
        _fonts("LiberationSans"),
        _has("Gjennoms\nnitt hittil i\når"),
        _text_at_most(8.0),
    ),
    "libreoffice-dejavu-sans": (_fonts("DejaVuSans"),),
    "libreoffice-liberation-sans": (_fonts("LiberationSans"),),
    "libreoffice-heading-gjenn": (_has("Gjenn\nomsni\n"),),
    "libreoffice-heading-gjenno": (_has("Gjenno\nmsnitt\n"),),
    "libreoffice-heading-gjennom": (_has("Gjennom\nsnitt hittil\ni år"),),
    "libreoffice-heading-gjennomsnitt": (_has("Gjennomsnitt\nhittil i år"),),
    "libreoffice-heading-hittil-i": (_has("Gjennomsnitt hittil i\når"),),
    "libreoffice-heading-one-line": (_has("Gjennomsnitt hittil i år Januar"),),
    "libreoffice-12-months-portrait": (_portrait, _has("Desember")),
    "libreoffice-portrait": (_portrait,),
    "libreoffice-fit-to-page": (_pages(1 + SECTIONS), _text_at_most(4.0)),
    "libreoffice-fit-to-page-tiny": (_text_at_most(1.0),),
    "libreoffice-header-footer-default": (_has("\nTiltak og fylke\nPage 5\nKilde: NAV"),),
    "libreoffice-footer-side": (_has("\nSide 5\nKilde: NAV"), _lacks("Page")),
    "libreoffice-table-notes": (_has("\nTall mindre enn 4 er erstattet med *.\nKilde: Nav\n"),),
    "libreoffice-label-clipped": (
        _has("Universitets- og høgskolenivå, kort in"),
        _lacks("Universitets- og høgskolenivå, kort inntil 4 år"),
    ),
    "chromium-bottom": (_lacks("report.html"),),
    "chromium-header-footer": (_has("report.html"),),
    "chromium-narrow-nbsp": (_has("\u202f"),),
    "chromium-dejavu-sans": (_fonts("DejaVuSans", "DejaVuSans-Bold"),),
    "chromium-middle": (_fonts("LiberationSans", "LiberationSans-Bold"),),
    "pdf-rotated": (_rotated(90), _portrait),
    "pdf-rotated-270": (_rotated(270), _portrait),
    "pdf-per-glyph": (_glyph_by_glyph,),
    "pdf-soft-hyphens": (_has("\xad"),),
    "text-heading-gjen": (_has("\nGjen\nnom\nsnitt\n"),),
    "text-heading-gjenn": (_has("\nGjenn\nomsni\n"),),
    "text-heading-gjennoms": (_has("\nGjennoms\nnitt hittil i\n"),),
    "text-heading-gjennomsnitt": (_has("\nGjennomsnitt\n"),),
    "text-heading-hittil": (_has("\nGjennomsnitt hittil\n"),),
    "text-heading-one-line": (_has("\nGjennomsnitt hittil i år Januar"),),
    "text-en-dash": (_has("\nJanuar 2026 – Mars 2026 \n"),),
    "text-nbsp-line": (_has(" \n\xa0\nGjennom\n"),),
    "text-nbsp-line-end": (_has("Mars 2026\xa0\n"),),
}
assert set(SHOWS) <= set(CASES_BY_ID), set(SHOWS) - set(CASES_BY_ID)


@pytest.mark.parametrize("case_id", sorted(SHOWS))
def test_rendering_shows_its_variant(renderings: Renderings, case_id: str) -> None:
    path = renderings.path(CASES_BY_ID[case_id])
    for check in SHOWS[case_id]:
        check(path)
