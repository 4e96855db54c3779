"""Synthetic Nav monthly reports for tests: a Report, then PDF, XLSX and text renderings.

The generator is built the other way round from the publisher: it starts from a known
:class:`publisher.model.Report` and draws it the way Nav's Excel-exported PDFs look, so a
parser test can compare what it reads with what was drawn.

Modules: ``data`` (deterministic reports), ``wording`` (Nav's fixed texts and number
format), ``wrap`` (Excel-like label wrapping), ``layout`` (pages of positioned text shared by
every renderer), ``pdf`` (fpdf2 and reportlab drawing), ``xlsx`` (Nav's workbook and its
LibreOffice PDF), ``text`` (the text pypdf extracts from Nav's own PDFs), ``samples``
(``python -m tests.navgen.samples`` writes every rendering and pypdf's text of it).

Example::

    report, truth = generate(months=6, measures=("avklaring",), seed=1)
    render_fpdf(report, tmp_path / "nbsp.pdf", rows_per_page=5)  # breaks inside blocks
    render_reportlab(report, tmp_path / "spaces.pdf")  # U+00A0 extracted as " "
    text = render_text(report, group_sep=" ", max_label_lines=3)
"""

from .data import TrueCounts, generate, make_report
from .layout import LayoutOptions, Page, TextItem, layout_pages
from .pdf import render_encrypted, render_fpdf, render_reportlab
from .text import render_text
from .xlsx import render_libreoffice, write_workbook

__all__ = [
    "LayoutOptions",
    "Page",
    "TextItem",
    "TrueCounts",
    "generate",
    "layout_pages",
    "make_report",
    "render_encrypted",
    "render_fpdf",
    "render_libreoffice",
    "render_reportlab",
    "render_text",
    "write_workbook",
]
