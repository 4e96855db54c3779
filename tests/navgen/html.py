"""A report as an HTML page, and its PDF as headless Chromium prints it.

Users who do not have Nav's PDF copy the tables into a web page and print that. One
``<table>`` per section; its ``<thead>`` holds the lines Nav prints on top of every page
(source, section and update date, period) and the column header, so Chromium repeats them
on every printed page. The table's own layout decides where labels and the average heading
wrap, not ours: this is a rendering we did not design.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Literal

from publisher.model import Report, Row, Table

from .geometry import LayoutOptions
from .wording import (
    AVERAGE_HEADER,
    NBSP,
    NOTES_TITLE,
    format_cell,
    month_headers,
    period_line,
    section_line,
    source_line,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
# Chromium leaves its default margins when the page style names none, and prints its
# header (date, title) and footer (URL, page x/y) in them.
STYLE = """\
@page {{ size: A4 {orientation}; }}
body {{ font-family: {font}; font-size: 8pt; margin: 0; }}
section + section {{ break-before: page; }}
table {{ border-collapse: collapse; }}
td, th {{ padding: 0 0.3em; vertical-align: {vertical}; font-weight: normal; }}
th {{ text-align: right; }}
.line {{ text-align: left; white-space: nowrap; padding: 0; }}
.section {{ font-weight: bold; }}
.gap td {{ height: 1.2em; }}
.label {{ width: {label_width}em; text-align: left; }}
.average {{ width: {average_width}em; }}
.number {{ text-align: right; white-space: nowrap; min-width: 4em; }}
.note {{ white-space: pre-line; margin: 0 0 1em 0; }}
"""


@dataclass(frozen=True, slots=True)
class HtmlOptions:
    """How the page looks.

    Attributes:
        vertical: Vertical alignment of table cells; ``"middle"`` is Chromium's default.
        group_sep: Thousands separator of the numbers (Nav: U+00A0).
        font: CSS font family.
        label_width: Width of the label column in em; labels wrap at spaces within it.
        average_width: Width of the average column in em; its heading wraps within it.
        orientation: Page orientation.
    """

    vertical: Literal["middle", "top", "bottom"] = "middle"
    group_sep: str = NBSP
    font: str = '"Liberation Sans", Arial, sans-serif'
    label_width: float = 6.5
    average_width: float = 5.0
    orientation: Literal["landscape", "portrait"] = "landscape"


def html_page(report: Report, **options: object) -> str:
    """The report as one HTML page: the notes, then one table per section.

    Args:
        report: The report to write.
        **options: Fields of :class:`HtmlOptions`.

    Returns:
        The HTML text.
    """
    look = HtmlOptions(**options)  # type: ignore[arg-type]
    style = STYLE.format(
        orientation=look.orientation,
        font=look.font,
        vertical=look.vertical,
        label_width=look.label_width,
        average_width=look.average_width,
    )
    body = [_notes(report), *(_table(report, table, look) for table in report.tables)]
    return (
        '<!DOCTYPE html>\n<html lang="no">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(report.family)} {escape(report.title)}</title>\n"
        f"<style>\n{style}</style>\n</head>\n<body>\n{''.join(body)}</body>\n</html>\n"
    )


def render_chromium(
    report: Report,
    path: str | Path,
    *,
    header_footer: bool = False,
    timeout: float = 60.0,
    **options: object,
) -> Path:
    """Print the report's HTML page to PDF with headless Chromium.

    A throwaway user profile keeps runs from sharing state.

    Args:
        report: The report to print.
        path: Where to write the PDF.
        header_footer: Keep Chromium's print header and footer (date, title, URL, page
            numbers).
        timeout: Seconds Chromium may take.
        **options: Fields of :class:`HtmlOptions`.

    Returns:
        The path written.

    Raises:
        RuntimeError: Chromium wrote no PDF.
    """
    target = Path(path).resolve()
    with tempfile.TemporaryDirectory(prefix="navgen-chromium-") as temp:
        folder = Path(temp)
        page = folder / "report.html"
        page.write_text(html_page(report, **options), encoding="utf-8")
        result = subprocess.run(
            [
                CHROMIUM,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={folder / 'profile'}",
                f"--print-to-pdf={target}",
                *([] if header_footer else ["--no-pdf-header-footer"]),
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    if not target.exists():
        raise RuntimeError(f"Chromium wrote no PDF: {result.stderr or result.stdout}")
    return target


def _notes(report: Report) -> str:
    notes = "".join(f'<p class="note">{escape(note)}</p>\n' for note in report.notes)
    return (
        f'<section>\n<p class="line">{escape(source_line(report))}</p>\n'
        f'<p class="line section">{escape(section_line(NOTES_TITLE, report.updated))}</p>\n'
        f"<br>\n{notes}</section>\n"
    )


def _table(report: Report, table: Table, look: HtmlOptions) -> str:
    columns = 2 + len(report.period.months)
    top = [
        ("line", source_line(report)),
        ("line section", section_line(table.title, report.updated)),
        ("line", period_line(report.period)),
    ]
    head = "".join(
        f'<tr><th class="{kind}" colspan="{columns}">{escape(text)}</th></tr>\n'
        for kind, text in top
    )
    gap = f'<tr class="gap"><td colspan="{columns}"></td></tr>\n'
    header = _column_header(report)
    return (
        f"<section>\n<table>\n<thead>\n{head}{gap}{header}</thead>\n<tbody>\n"
        f"{''.join(_body(table, look, gap, header))}</tbody>\n</table>\n</section>\n"
    )


def _body(table: Table, look: HtmlOptions, gap: str, header: str) -> Iterator[str]:
    headed_blocks = table.title in LayoutOptions().block_header_sections
    for number, block in enumerate(table.blocks):
        if number:
            yield gap
            if headed_blocks:
                yield header
        for row in (block.total, *block.rows):
            yield _row(row, look)


def _column_header(report: Report) -> str:
    months = "".join(f"<th>{escape(name)}</th>" for name in month_headers(report.period))
    return f'<tr><th class="label"></th><th class="average">{AVERAGE_HEADER}</th>{months}</tr>\n'


def _row(row: Row, look: HtmlOptions) -> str:
    numbers = "".join(
        f'<td class="number">{escape(format_cell(cell, look.group_sep))}</td>' for cell in row.cells
    )
    return f'<tr><td class="label">{escape(row.label)}</td>{numbers}</tr>\n'
