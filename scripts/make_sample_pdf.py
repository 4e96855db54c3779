"""Draw samples/TILT150_2026-01.pdf from the sample text, in Nav's layout.

The text in samples/TILT150_2026-01.txt is what pypdf extracted from Nav's real report;
this script parses it and draws the same report as a PDF with fpdf2 (DejaVu font,
U+00A0 between thousands, twelve rows a page, labels wrapped in a narrow column), so the
README's run command exercises the PDF path. The output is byte-identical run to run.

Run from the repository root: ``python scripts/make_sample_pdf.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from publisher.parse import parse_file  # noqa: E402
from tests.navgen import render_fpdf  # noqa: E402

SAMPLE = ROOT / "samples" / "TILT150_2026-01.txt"


def main() -> None:
    """Parse the sample text and draw it as a PDF beside it."""
    report = parse_file(SAMPLE)
    out = render_fpdf(report, SAMPLE.with_suffix(".pdf"), max_label_lines=3)
    print(f"wrote {out.relative_to(ROOT)} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
