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

import pypdf  # noqa: E402

from publisher.parse import parse_document, parse_file  # noqa: E402
from publisher.readers import read  # noqa: E402
from tests.navgen import generate, render_fpdf  # noqa: E402

MEASURES = ("avklaring", "arbeidsrettet rehabilitering", "oppfølging")


def _median_seconds(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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

        plain = _median_seconds(lambda: _bare_pypdf(path), args.runs)
        layout = _median_seconds(
            lambda: _bare_pypdf(
                path, extraction_mode="layout", layout_mode_space_vertically=False
            ),
            args.runs,
        )
        ours = _median_seconds(lambda: parse_file(path), args.runs)
        parser_only = _median_seconds(lambda: parse_document(document), args.runs)

    print(f"report: 12 months, {pages} pages, {rows} rows, {lines} text lines; median of {args.runs}")
    print(f"{'what':<44}{'seconds':>10}{'pages/s':>10}{'vs plain':>10}")
    for name, seconds in (
        ("pypdf extract_text() (plain), bare", plain),
        ("pypdf extract_text(layout), bare", layout),
        ("publisher PDF path (read + parse)", ours),
    ):
        print(f"{name:<44}{seconds:>10.3f}{pages / seconds:>10.1f}{seconds / plain:>9.2f}x")
    print(f"{'parser alone (pages of text -> Report)':<44}{parser_only:>10.4f}"
          f"{'':>10}{rows / parser_only:>10,.0f} rows/s")


if __name__ == "__main__":
    main()
