"""Benchmark: the PDF path and the parser alone, on a generated 12-month report.

Run from the repository root: ``python bench/parse.py [--runs 5] [--renderers ...]``. The
same report is drawn by fpdf2 (the generator's own layout), printed by LibreOffice from its
workbook and printed by Chromium from an HTML page; for each file it prints medians of our
PDF path (read + parse) and of bare pypdf text extraction of the same file, measured in the
same run, and the ratio between them; then the parser alone (text → Report) on each
file's text, in table rows a second. Times are CPU seconds of this process
(``time.process_time``), so other work on a shared machine does not count; the runs are
interleaved. Not a test: it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pypdf

from publisher.model import Report
from publisher.parse import parse_document, parse_file
from publisher.readers import Document, read
from tests.navgen import generate, render_fpdf, render_libreoffice
from tests.navgen.html import render_chromium

MEASURES = ("avklaring", "arbeidsrettet rehabilitering", "oppfølging")
RENDERERS: dict[str, Callable[[Report, Path], Path]] = {
    "fpdf2": render_fpdf,
    "libreoffice": lambda report, path: render_libreoffice(report, path, timeout=600),
    "chromium": lambda report, path: render_chromium(report, path, timeout=600),
}
PLAIN = "pypdf extract_text() (plain), bare"
LAYOUT = "pypdf extract_text(layout), bare"
OURS = "publisher PDF path (read + parse)"


def _medians(works: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median CPU seconds of each piece of work, the pieces interleaved round by round."""
    times: dict[str, list[float]] = {name: [] for name in works}
    for _ in range(runs):
        for name, work in works.items():
            start = time.process_time()
            work()
            times[name].append(time.process_time() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def _bare_pypdf(path: Path, **options: object) -> None:
    reader = pypdf.PdfReader(path)
    for page in reader.pages:
        page.extract_text(**options)  # type: ignore[arg-type]


def _time_file(path: Path, runs: int) -> dict[str, float]:
    return _medians(
        {
            PLAIN: lambda: _bare_pypdf(path),
            LAYOUT: lambda: _bare_pypdf(
                path, extraction_mode="layout", layout_mode_space_vertically=False
            ),
            OURS: lambda: parse_file(path),
        },
        runs,
    )


def main() -> None:
    """Generate the report, draw it with each renderer, time each path, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--municipalities", type=int, default=88)
    parser.add_argument("--renderers", default=",".join(RENDERERS), help="comma-separated")
    args = parser.parse_args()

    report, _ = generate(months=12, measures=MEASURES, municipalities=args.municipalities)
    print(f"median CPU seconds of {args.runs} interleaved runs (parser alone: {args.runs * 4})")
    print(f"{'file':<12}{'what':<40}{'seconds':>9}{'pages/s':>9}{'vs plain':>10}")
    alone: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.renderers.split(","):
            path = RENDERERS[name](report, Path(tmp) / f"TILT150_2026-12-{name}.pdf")
            pages = len(pypdf.PdfReader(path).pages)
            seconds = _time_file(path, args.runs)
            plain = seconds[PLAIN]
            for what, took in seconds.items():
                ratio = f"{took / plain:>9.2f}x"
                print(f"{name:<12}{what:<40}{took:>9.3f}{pages / took:>9.1f}{ratio}")
            alone.append(_parser_alone(name, read(path), args.runs * 4))
    print("\n".join(alone))


def _parser_alone(name: str, document: Document, runs: int) -> str:
    """The parser alone on one file's text (each renderer's text wraps differently)."""
    parsed = parse_document(document)
    took = _medians({"parser": lambda: parse_document(document)}, runs)["parser"]
    rows = sum(len(b.rows) + 1 for t in parsed.tables for b in t.blocks)
    lines = sum(len(p.lines) for p in document.pages)
    return (
        f"{name:<12}{'parser alone (text -> Report)':<40}{took:>9.4f}  "
        f"{rows / took:,.0f} table rows/s, {lines / took:,.0f} text lines/s"
    )


if __name__ == "__main__":
    main()
