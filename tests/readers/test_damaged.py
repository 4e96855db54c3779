"""Damaged PDFs and texts: an InputError, or numbers exactly as drawn; never a crash.

A damaged font can change letters (labels are checked against the codelists when the
report is mapped), but no damage may change a number or hide a row without an error.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from publisher.errors import InputError
from publisher.model import Report
from publisher.parse import parse_file
from tests.navgen import generate, render_fpdf

CASES = 60


@pytest.fixture(scope="module")
def drawn() -> Report:
    return generate(months=2, municipalities=4, seed=2)[0]


@pytest.fixture(scope="module")
def small_pdf(tmp_path_factory: pytest.TempPathFactory, drawn: Report) -> bytes:
    return render_fpdf(drawn, tmp_path_factory.mktemp("pdf") / "small.pdf").read_bytes()


def _numbers(report: Report) -> list[tuple[object, ...]]:
    return [
        (table.title, row.code, row.cells)
        for table in report.tables
        for block in table.blocks
        for row in (block.total, *block.rows)
    ]


def _damage(data: bytes, rng: random.Random) -> bytes:
    """Overwrite, drop or repeat a few stretches of bytes, keeping header and trailer."""
    body = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        start = rng.randrange(16, len(body) - 64)
        length = rng.randint(1, 200)
        match rng.choice(("overwrite", "drop", "repeat")):
            case "overwrite":
                body[start : start + length] = rng.randbytes(length)
            case "drop":
                del body[start : start + length]
            case "repeat":
                body[start:start] = body[start : start + length]
    return bytes(body) + b"\n%%EOF\n"


@pytest.mark.parametrize("seed", range(CASES))
def test_a_damaged_pdf_is_read_or_refused_cleanly(
    tmp_path: Path, small_pdf: bytes, drawn: Report, seed: int
) -> None:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(_damage(small_pdf, random.Random(seed)))
    try:
        parsed = parse_file(path)
    except InputError as error:
        assert "\n" not in str(error)
        assert str(error).startswith(str(path))
    else:
        assert _numbers(parsed) == _numbers(drawn)


@pytest.mark.parametrize("seed", range(CASES))
def test_damaged_text_is_read_or_refused_cleanly(tmp_path: Path, seed: int) -> None:
    from tests.conftest import SAMPLE_TXT

    rng = random.Random(seed)
    lines = SAMPLE_TXT.read_text(encoding="utf-8").splitlines()
    for _ in range(rng.randint(1, 5)):
        at = rng.randrange(len(lines))
        match rng.choice(("drop", "swap", "cut", "repeat")):
            case "drop":
                del lines[at]
            case "swap":
                other = rng.randrange(len(lines))
                lines[at], lines[other] = lines[other], lines[at]
            case "cut":
                lines[at] = lines[at][: rng.randrange(len(lines[at]) + 1)]
            case "repeat":
                lines.insert(at, lines[at])
    path = tmp_path / "damaged.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        parse_file(path)
    except InputError as error:
        assert "\n" not in str(error)
