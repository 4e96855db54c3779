"""The landing page of the sample release: its links work, it renders, it shows no hidden number.

The page is checked the ways a reader meets it: every link against the release's files,
in headless Chromium from the file system, and over HTTP. Confidentiality is checked on
the chart function with a suppressed month and on a page whose suppressed cell still
carries its number in the data (as a faulty upstream step would leave it).
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import urlopen

import pytest
from PIL import Image

from publisher.cube import MEASURE, OBS_STATUS, TIME_PERIOD, VALUE, Cube
from publisher.tables import Table, tables
from publisher.writers.html import Month, landing_page, line_chart, national_key, national_series

CHROMIUM = Path("/usr/bin/chromium")  # CI: apt-get install --no-install-recommends chromium
NUMBER = re.compile(r"\d+(?:\u00a0\d{3})*")


class _Page(HTMLParser):
    """What the tests need from a page: its links, its ids and its table sections."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: list[str] = []
        self.sections: list[str] = []
        self.tags: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        self.links += [v for k, v in found.items() if k in ("href", "src")]
        if "id" in found:
            self.ids.append(found["id"])
        if tag == "section" and "dataset" in found.get("class", "").split():
            self.sections.append(found["id"])


def _files(release: Path) -> list[str]:
    return sorted(p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def published(sample_cube: Cube) -> list[Table]:
    return tables(sample_cube)


@pytest.fixture(scope="module")
def release(
    sample_release: Path, published: list[Table], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A copy of the sample release with its index.html.

    Until publish() writes the page, it is rendered here from the release's files.
    """
    copy = tmp_path_factory.mktemp("html") / "output"
    shutil.copytree(sample_release, copy)
    if not (copy / "index.html").exists():
        page = landing_page(published, _files(copy))
        (copy / "index.html").write_text(page, encoding="utf-8")
    return copy


@pytest.fixture(scope="module")
def page(release: Path) -> str:
    return (release / "index.html").read_text(encoding="utf-8")


def _targets(page: str) -> list[str]:
    """The release files the page links to, as paths relative to it."""
    paths = []
    for link in _Page(page).links:
        parts = urlsplit(link)
        assert not parts.scheme and not parts.netloc, f"{link} is not relative"
        assert not parts.path.startswith("/"), f"{link} is not relative"
        if parts.path:
            paths.append(unquote(parts.path))
    return paths


# (a) links


def test_every_link_resolves_to_a_file_of_the_release(release: Path, page: str) -> None:
    parsed = _Page(page)
    for target in _targets(page):
        assert (release / target).is_file(), target
    for link in parsed.links:
        if link.startswith("#"):
            assert link[1:] in parsed.ids, link
    assert len(parsed.ids) == len(set(parsed.ids)), "an id is used twice"


def test_each_table_links_its_files_in_every_format(page: str, published: list[Table]) -> None:
    targets = set(_targets(page))
    for table in published:
        assert {f"jsonstat/{table.id}.json", f"jsonstat/en/{table.id}.json",
                f"px/{table.id}.px"} <= targets  # fmt: skip
    assert {"sdmx/DF_TILT150.csv", "sdmx/DF_TILT150.xml", "sdmx/structure.xml"} <= targets
    assert {"jsonstat/collection.json", "jsonstat/en/collection.json"} <= targets


def test_links_only_to_files_that_exist(published: list[Table], release: Path) -> None:
    files = [f for f in _files(release) if f not in ("index.html", "catalog.ttl")]
    without = landing_page(published, [f for f in files if not f.startswith("px/")])
    assert "catalog.ttl" not in _targets(without)
    assert not any(t.startswith("px/") for t in _targets(without))
    with_catalog = _targets(landing_page(published, [*files, "catalog.ttl"]))
    assert with_catalog.count("catalog.ttl") == len(published) + 1  # each table, the release


def test_the_page_says_what_when_and_the_rule(page: str) -> None:
    for text in ("Nav", "TILT150", "Tiltaksdeltakere på avklaring. Demografi. Tidsserie måned",
                 "Januar 2026", '<time datetime="2026-02-02">2. februar 2026</time>',
                 "statistikkloven § 7-1", "<code>null</code>", '<code>".."</code>',
                 "<code>NaN</code>", "<code>Q</code>", "<code>A</code>"):  # fmt: skip
        assert text in page, text
    assert "Tall under 4 er skjult av Nav" in page


def test_plain_html_without_script_or_outside_resources(
    page: str, published: list[Table], release: Path
) -> None:
    parsed = _Page(page)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="nb">' in page
    assert "script" not in parsed.tags and "link" not in parsed.tags and "img" not in parsed.tags
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page
    files = _files(release)
    assert landing_page(published, files) == landing_page(published, files)


def test_dimensions_are_listed_with_their_sizes(page: str) -> None:
    fylke = page[page.index('<section class="dataset" id="TILT150_fylke"') :]
    fylke = fylke[: fylke.index("</section>")]
    assert re.search(r"<td>Region</td>.*?<code>REF_AREA</code></td><td class=\"count\">17<", fylke)
    assert re.search(r"<td>Måned</td>.*?<td class=\"count\">1<", fylke)


# (b) a browser


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM.exists(), "install Chromium: apt-get install --no-install-recommends chromium"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run",
             f"--user-data-dir={profile}"]  # fmt: skip
    return subprocess.run(
        [str(CHROMIUM), *flags, *args], capture_output=True, text=True, timeout=120, check=True
    )


def test_chromium_renders_the_page(release: Path, published: list[Table], tmp_path: Path) -> None:
    shot = tmp_path / "page.png"
    url = (release / "index.html").as_uri()
    _chromium(f"--screenshot={shot}", "--window-size=1280,2000", url, profile=tmp_path / "p1")
    with Image.open(shot) as image:
        assert image.size == (1280, 2000)
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # text, rules and links, not a blank page
    assert any(c == (0x00, 0x56, 0xB4) for _, c in colours)  # the links' and charts' blue
    dom = _chromium("--dump-dom", url, profile=tmp_path / "p2").stdout
    assert _Page(dom).sections == [t.id for t in published]
    assert dom.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == sum(
        national_key(t) is not None for t in published
    )


# (c) over HTTP


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep the test output to the tests


@pytest.fixture
def server(release: Path) -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(release)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def _get(url: str) -> tuple[int, bytes]:
    with urlopen(url, timeout=10) as response:  # noqa: S310 - our own server on 127.0.0.1
        return int(response.status), response.read()


def test_every_link_works_over_http(server: str, release: Path, page: str) -> None:
    status, body = _get(server + "index.html")
    assert status == 200 and body == (release / "index.html").read_bytes()
    targets = sorted(set(_targets(page)))
    assert targets
    for target in targets:
        status, body = _get(server + target)
        assert status == 200 and body == (release / target).read_bytes(), target


# (d) confidentiality


_NAMES = ("jan", "feb", "mar", "apr", "mai", "jun")


def _months(*values: int | None) -> list[Month]:
    """Months from January 2025, labelled without digits so every number printed is a value."""
    return [
        Month(f"2025-{i + 1:02d}", name, v, None if v is not None else "Q")
        for i, (name, v) in enumerate(zip(_NAMES[: len(values)], values, strict=True))
    ]


def _numbers(text: str) -> set[str]:
    return {n.replace("\u00a0", "") for n in NUMBER.findall(text)}


def test_a_suppressed_month_is_a_gap_and_prints_no_number() -> None:
    chart = line_chart(_months(1200, 1180, None, 1310, 1250), "Deltakere")
    svg = str(chart.svg)
    lines = re.findall(r'<polyline class="line" points="([^"]*)"', svg)
    assert [len(points.split()) for points in lines] == [2, 2]  # broken at the hidden month
    dots = re.findall(r'<circle class="dot" cx="([^"]*)"', svg)
    assert len(dots) == 4 and "264.0" not in dots  # 264.0: the hidden month's x
    assert [m.period for m in chart.hidden] == ["2025-03"]
    words = re.sub(r"<[^>]*>", " ", svg) + " " + chart.title  # text, not coordinates
    # No number but the printed values and the rule's threshold (in "skjult (under 4)").
    assert _numbers(words) <= {"1200", "1180", "1310", "1250", "4"}
    assert {"1180", "1310"} <= _numbers(words)  # the lowest and highest are printed
    assert "skjult (under 4): mar" in chart.title


def test_a_single_month_is_a_point_and_all_hidden_is_empty() -> None:
    single = str(line_chart(_months(3567), "Deltakere").svg)
    assert single.count("<circle") == 1 and "<polyline" not in single
    hidden = line_chart(_months(None, None), "Deltakere")
    assert "<circle" not in str(hidden.svg) and "<polyline" not in str(hidden.svg)
    assert hidden.low is None and "ingen måned har et tall" in hidden.title


def test_a_suppressed_month_cannot_carry_a_value() -> None:
    with pytest.raises(ValueError, match="suppressed"):
        Month("2026-01", "Januar 2026", 3.0, "Q")


def test_chart_values_come_only_from_published_cells(published: list[Table]) -> None:
    charted = 0
    for table in published:
        months = national_series(table)
        key = national_key(table)
        if months is None or key is None:
            assert table.id == "TILT150_status"  # labour-market status has no total
            continue
        rows = table.data[table.data[MEASURE] == "PARTICIPANTS"]
        for dimension, code in key.items():
            rows = rows[rows[dimension] == code]
        for month in months:
            (row,) = rows[rows[TIME_PERIOD] == month.period].to_dict("records")
            if row[OBS_STATUS] == "Q":
                assert month.value is None
            else:
                assert month.value == row[VALUE]
            charted += 1
    assert charted == len(published) - 1


def test_a_suppressed_cell_that_still_holds_a_number_is_never_shown(
    published: list[Table],
) -> None:
    """The national cell of 'Tiltak og kjønn' marked suppressed, its number left in place."""
    table = next(t for t in published if t.id == "TILT150_kjonn")
    data = table.data.copy()
    national = (data["SEX"] == "_T") & (data[MEASURE] == "PARTICIPANTS")
    (value,) = data.loc[national, VALUE].tolist()
    data.loc[national, OBS_STATUS] = "Q"
    page = landing_page([dataclasses.replace(table, data=data)], [])
    assert str(int(value)) not in page.replace("\u00a0", "")
    assert "<circle" not in page
    assert "skjult (under 4): Januar 2026" in page
    assert re.search(r"<td>Januar 2026</td><td class=\"count\">: ", page)


# (e) autoescape


def test_labels_are_escaped(published: list[Table]) -> None:
    evil = "<script>alert(1)</script>"
    page = landing_page([dataclasses.replace(published[0], report_title=evil)], [])
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    svg = str(line_chart(_months(5, 6), evil).svg)
    assert "<script" not in svg and "&lt;script&gt;" in svg
