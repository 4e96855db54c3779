"""The text pypdf extracts (default mode) from Nav's own Excel-exported PDFs.

Pages come from the shared plan (:func:`~.layout.plan_pages`): one line per line slot,
fragments joined by a space, and an empty line wherever the layout leaves a slot or more
empty, which is where pypdf leaves one in the seed. Widths are Helvetica's (the metrics of
Arial, which Nav's Excel uses), so labels wrap where Nav's do.

Two page-join habits of pypdf on Nav's files are copied: the first page starts with an empty
line and the others with a space, and the page after the footer page starts after three
empty lines instead.

Text extracted from other producers' PDFs differs in small ways, which the keyword options
of :func:`render_text` copy: the average heading wrapped at another point, an en dash in the
period, a no-break space where Nav leaves a line empty or ends it with a space.
"""

from __future__ import annotations

from dataclasses import replace

from reportlab.pdfbase.pdfmetrics import stringWidth

from publisher.model import Report

from .geometry import LayoutOptions, make_grid
from .plan import page_texts, plan_pages
from .wording import period_line


def helvetica_width(text: str, size: float, bold: bool) -> float:
    """Width in points of ``text`` in Helvetica (Arial's metrics) at ``size``."""
    return float(stringWidth(text, "Helvetica-Bold" if bold else "Helvetica", size))


def render_text(
    report: Report,
    *,
    heading_first_line: str | None = None,
    period_dash: str = "-",
    period_end: str = " ",
    after_period: str = "",
    **layout_options: object,
) -> str:
    """Render a report as the text pypdf extracts from Nav's PDF of it.

    Args:
        report: The report to render.
        heading_first_line: Make the average column just wide enough for this first line of
            its heading (``"Gjen"`` wraps it ``Gjen`` / ``nom`` / ``snitt`` / …); ``None``
            for Nav's ``Gjennom`` / ``snitt hittil`` / ``i år``.
        period_dash: The dash between the period's months (Nav: a hyphen-minus).
        period_end: What the period line ends with (Nav: a space).
        after_period: The text of the empty line under the period on a section's first
            page, e.g. a lone U+00A0.
        **layout_options: Fields of :class:`~.layout.LayoutOptions`; ``group_sep=" "``
            gives plain spaces where Nav prints U+00A0.

    Returns:
        The pages' text, one page after the other, ending with a newline.
    """
    layout = LayoutOptions(**layout_options)  # type: ignore[arg-type]
    grid = make_grid(report, layout, helvetica_width)
    if heading_first_line is not None:
        average = helvetica_width(heading_first_line, grid.size, False) * 1.001
        grid = replace(grid, widths=(grid.widths[0], average, *grid.widths[2:]))
    plans = plan_pages(report, layout, helvetica_width, grid)
    pages: list[str] = []
    after_footer = False
    for plan, lines in zip(plans, page_texts(plans), strict=True):
        lead = "\n" if not pages else "" if after_footer else " "
        tail = "\n\n\n" if plan.has_footer else ""
        pages.append(lead + "\n".join(lines) + tail)
        after_footer = plan.has_footer
    text = "\n".join(pages) + "\n"
    period = period_line(report.period)
    printed = period.replace(" - ", f" {period_dash} ") + period_end
    return _period_lines(text, period + " ", printed, after_period)


def _period_lines(text: str, nav: str, printed: str, after: str) -> str:
    """Nav's period lines ``nav`` printed as ``printed``; the empty line under one ``after``."""
    lines = text.split("\n")
    for index, line in enumerate(lines[:-1]):
        if line == nav:
            lines[index] = printed
            if not lines[index + 1]:
                lines[index + 1] = after
    return "\n".join(lines)
