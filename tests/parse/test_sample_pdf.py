"""The bundled sample PDF (drawn from the sample text) reads as the sample text does."""

from __future__ import annotations

from publisher.model import Report
from publisher.parse import parse_file
from tests.conftest import SAMPLE_PDF
from tests.parse.compare import assert_same_report


def test_the_sample_pdf_reads_as_the_sample_text(sample_report: Report) -> None:
    assert_same_report(parse_file(SAMPLE_PDF), sample_report)
