"""Write sample renderings of one report and pypdf's text of them, for people to read.

Run ``python -m tests.navgen.samples [OUTDIR]`` (default ``/tmp/navgen-samples``). For each
PDF renderer it writes the PDF and what pypdf's ``extract_text()`` gives in the default mode and in
layout mode, for pages 1-3 and for all pages; also the text rendering and the workbook.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

from publisher.model import Report

from .data import make_report
from .pdf import render_fpdf, render_reportlab
from .text import render_text
from .xlsx import render_libreoffice, write_workbook

PAGES = 3
RENDERERS: dict[str, Callable[[Report, Path], Path]] = {
    "fpdf": render_fpdf,
    "reportlab": render_reportlab,
    "libreoffice": render_libreoffice,
}


def write_samples(folder: Path, report: Report) -> list[Path]:
    """Render ``report`` every way into ``folder`` and extract the first pages' text.

    Args:
        folder: Output folder, created if missing.
        report: The report to render.

    Returns:
        The files written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = [
        _write(folder / "text.txt", render_text(report)),
        write_workbook(report, folder / "workbook.xlsx"),
    ]
    for name, render in RENDERERS.items():
        pdf = render(report, folder / f"{name}.pdf")
        pages = PdfReader(pdf).pages
        default = [page.extract_text() for page in pages]
        layout = [
            page.extract_text(extraction_mode="layout", layout_mode_space_vertically=False)
            for page in pages
        ]
        written += [
            pdf,
            _write(folder / f"{name}-pages1-3-default.txt", "\n".join(default[:PAGES])),
            _write(folder / f"{name}-pages1-3-layout.txt", "\n".join(layout[:PAGES])),
            _write(folder / f"{name}-all-default.txt", "\n".join(default)),
            _write(folder / f"{name}-all-layout.txt", "\n".join(layout)),
        ]
    return written


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str]) -> None:
    """Write the samples of a 6-month report to the folder given, or the default one."""
    folder = Path(argv[0]) if argv else Path(tempfile.gettempdir()) / "navgen-samples"
    for path in write_samples(folder, make_report(months=6)):
        print(path)


if __name__ == "__main__":
    main(sys.argv[1:])
