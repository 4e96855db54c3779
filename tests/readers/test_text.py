"""The text reader splits pre-extracted text into pages at each page header."""

from __future__ import annotations

from pathlib import Path

from publisher.readers import find_inputs, read
from tests.conftest import SAMPLE_TXT


def test_the_sample_has_one_page_per_header() -> None:
    document = read(SAMPLE_TXT)
    headers = SAMPLE_TXT.read_text(encoding="utf-8").count("Kilde: NAV TILT150")
    assert len(document.pages) == headers == 37
    assert all(
        "Kilde: NAV TILT150" in page.lines[0] or not page.lines[0].strip()
        for page in document.pages
    )


def test_line_numbers_point_into_the_file() -> None:
    lines = SAMPLE_TXT.read_text(encoding="utf-8").splitlines()
    for page in read(SAMPLE_TXT).pages:
        for offset, line in enumerate(page.lines):
            assert lines[page.first_line - 1 + offset] == line


def test_folders_are_searched_recursively_in_a_stable_order(tmp_path: Path) -> None:
    for name in ("b/2.txt", "a/1.pdf", "a/c/3.txt", "notes.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = find_inputs([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a/1.pdf",
        "a/c/3.txt",
        "b/2.txt",
    ]
