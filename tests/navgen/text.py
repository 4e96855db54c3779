"""The text pypdf extracts (default mode) from Nav's own Excel-exported PDFs.

Pages come from the shared plan (:func:`~.layout.plan_pages`): one line per line slot,
fragments joined by a space, and an empty line wherever the layout leaves a slot or more
empty, which is where pypdf leaves one in the seed. Widths are Helvetica's (the metrics of
Arial, which Nav's Excel uses), so labels wrap where Nav's do.

Two page-join habits of pypdf on Nav's files are copied: the first page starts with an empty
line and the others with a space, and the page after the footer page starts after three
empty lines instead.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from publisher.model import Report

from .geometry import LayoutOptions
from .plan import page_texts, plan_pages


def helvetica_width(text: str, size: float, bold: bool) -> float:
    """Width in points of ``text`` in Helvetica (Arial's metrics) at ``size``."""
    return float(stringWidth(text, "Helvetica-Bold" if bold else "Helvetica", size))


def render_text(report: Report, **layout_options: object) -> str:
    """Render a report as the text pypdf extracts from Nav's PDF of it.

    Args:
        report: The report to render.
        **layout_options: Fields of :class:`~.layout.LayoutOptions`; ``group_sep=" "``
            gives plain spaces where Nav prints U+00A0.

    Returns:
        The pages' text, one page after the other, ending with a newline.
    """
    layout = LayoutOptions(**layout_options)  # type: ignore[arg-type]
    plans = plan_pages(report, layout, helvetica_width)
    pages: list[str] = []
    after_footer = False
    for plan, lines in zip(plans, page_texts(plans), strict=True):
        lead = "\n" if not pages else "" if after_footer else " "
        tail = "\n\n\n" if plan.has_footer else ""
        pages.append(lead + "\n".join(lines) + tail)
        after_footer = plan.has_footer
    return "\n".join(pages) + "\n"
