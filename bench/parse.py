"""Benchmark: the PDF path and the parser alone, on a generated 12-month report.

Run from the repository root: ``python bench/parse.py [--runs 5]``. Prints medians and
the ratio of our PDF path to bare pypdf text extraction of the same file, measured in the
same run. Not a test: it asserts nothing about time.
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

from publisher.parse import parse_document, parse_file
from publisher.readers import read
from tests.navgen import generate, render_fpdf

MEASURES = ("avklaring", "arbeidsrettet rehabilitering", "oppfølging")


def _medians(works: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median seconds of each piece of work, the pieces interleaved round by round."""
    times: dict[str, list[float]] = {name: [] for name in works}
    for _ in range(runs):
        for name, work in works.items():
            start = time.perf_counter()
            work()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def _bare_pypdf(path: Path, **options: object) -> None:
    reader = pypdf.PdfReader(path)
    for page in reader.pages:
        page.extract_text(**options)  # type: ignore[arg-type]


def main() -> None:
    """Generate the report, time each path, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--municipalities", type=int, default=88)
    args = parser.parse_args()

    report, _ = generate(months=12, measures=MEASURES, municipalities=args.municipalities)
    with tempfile.TemporaryDirectory() as tmp:
        path = render_fpdf(report, Path(tmp) / "TILT150_2026-12.pdf")
        pages = len(pypdf.PdfReader(path).pages)
        document = read(path)
        parsed = parse_document(document)
        rows = sum(len(b.rows) + 1 for t in parsed.tables for b in t.blocks)
        lines = sum(len(p.lines) for p in document.pages)

        seconds = _medians(
            {
                "pypdf extract_text() (plain), bare": lambda: _bare_pypdf(path),
                "pypdf extract_text(layout), bare": lambda: _bare_pypdf(
                    path, extraction_mode="layout", layout_mode_space_vertically=False
                ),
                "publisher PDF path (read + parse)": lambda: parse_file(path),
            },
            args.runs,
        )
        parser_only = _medians({"parser": lambda: parse_document(document)}, args.runs * 4)

    plain = seconds["pypdf extract_text() (plain), bare"]
    print(f"report: 12 months, {pages} pages, {rows} table rows, {lines} text lines")
    print(f"median of {args.runs} interleaved runs (parser alone: {args.runs * 4})")
    print(f"{'what':<40}{'seconds':>9}{'pages/s':>9}{'vs plain':>10}")
    for name, took in seconds.items():
        print(f"{name:<40}{took:>9.3f}{pages / took:>9.1f}{took / plain:>9.2f}x")
    took = parser_only["parser"]
    print(
        f"{'parser alone (text -> Report)':<40}{took:>9.4f}  "
        f"{rows / took:,.0f} table rows/s, {lines / took:,.0f} text lines/s"
    )


if __name__ == "__main__":
    main()
