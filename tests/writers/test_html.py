"""The landing page of the sample release: its links work, it renders, it shows no hidden number.

The page is checked the ways a reader meets it: every link against the release's files,
in headless Chromium from the file system, and over HTTP. Confidentiality is checked on
the chart function with a suppressed month and on a page whose suppressed cell still
carries its number in the data (as a faulty upstream step would leave it).
"""

from __future__ import annotations

import dataclasses
import json
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

from publisher.merging.cube import MEASURE, OBS_STATUS, VALUE, Cube
from publisher.writers.html import landing_page
from publisher.writers.html_charts import Bar, ChartMonth, Series, bar_chart, line_chart, ticks
from publisher.writers.tables import Table, tables
from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")  # CI: apt-get install --no-install-recommends chromium
HTML_VALIDATE = ROOT / "build" / "npm" / "node_modules" / ".bin" / "html-validate"
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
    assert re.search(r"<td>Region .*?<code>REF_<wbr>AREA</code></td><td class=\"count\">17<", fylke)
    assert re.search(r"<td>Måned .*?<td class=\"count\">1<", fylke)


# (b) a browser, at a phone's width and a desktop's


def _chromium(*args: str, profile: Path, width: int = 1280, height: int = 2000) -> str:
    assert CHROMIUM.exists(), "install Chromium: apt-get install --no-install-recommends chromium"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--hide-scrollbars",
             f"--window-size={max(width, 500)},{height}"]  # fmt: skip
    done = subprocess.run(
        [str(CHROMIUM), *flags, *args], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout


# Headless Chromium makes no window narrower than 500 px, so the page is measured in a
# frame of the width wanted. The probe goes into a copy of the page (the release's page
# has no script); it reports the layout's width and every element that sticks out.
_PROBE = """<script>
addEventListener("load", () => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > width + 0.5)
    .map((e) => e.tagName + (e.id ? "#" + e.id : ""));
  const scroll = document.documentElement.scrollWidth;
  parent.postMessage(JSON.stringify({width, scroll, wide: wide.slice(0, 10)}), "*");
});
</script>"""
_FRAME = """<!DOCTYPE html><html lang="en"><head><title>frame</title></head>
<body style="margin:0"><iframe title="page" src="{page}" width="{width}" height="{height}"
style="border:0;display:block"></iframe><script>
addEventListener("message", (e) => {{ const p = document.createElement("pre");
p.id = "probe"; p.textContent = e.data; document.body.append(p); }});</script></body></html>"""


def _framed(release: Path, folder: Path, width: int, height: int, probe: bool) -> Path:
    name = "index.html"
    if probe:  # a copy of the page with the probe, beside it so its links resolve alike
        name = "probed.html"
        page = (release / "index.html").read_text(encoding="utf-8")
        (release / name).write_text(page.replace("</body>", _PROBE + "</body>"), "utf-8")
    frame = folder / f"frame-{width}-{name}"
    frame.write_text(
        _FRAME.format(page=(release / name).as_uri(), width=width, height=height), "utf-8"
    )
    return frame


@pytest.fixture(scope="module")
def break_page(break_release: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the release over a break, where probes may be written beside the page."""
    copy = tmp_path_factory.mktemp("break-html") / "output"
    shutil.copytree(break_release, copy)
    return copy


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("which", ["sample", "break"])
def test_nothing_sticks_out_at_a_phones_or_a_desktops_width(
    which: str, width: int, release: Path, break_page: Path, tmp_path: Path
) -> None:
    folder = release if which == "sample" else break_page
    frame = _framed(folder, tmp_path, width, 900, probe=True)
    dom = _chromium("--virtual-time-budget=5000", "--dump-dom", frame.as_uri(),
                    profile=tmp_path / "p", width=width, height=900)  # fmt: skip
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.DOTALL)
    assert found, "the probe did not report"
    measured = json.loads(found[1])
    assert measured == {"width": width, "scroll": width, "wide": []}


@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots_show_the_charts(width: int, break_page: Path, tmp_path: Path) -> None:
    """Screenshots of the page as a phone and a desktop show it (kept in tmp_path to look at)."""
    height = 7000
    frame = _framed(break_page, tmp_path, width, height, probe=False)
    shot = tmp_path / f"page-{width}.png"
    _chromium(f"--screenshot={shot}", frame.as_uri(), profile=tmp_path / "p", width=width,
              height=height)  # fmt: skip
    with Image.open(shot) as image:
        page = image.convert("RGB").crop((0, 0, width, height))
        colours = page.getcolors(maxcolors=1 << 20)
        right = page.crop((width - 4, 0, width, height)).getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # text, rules and charts, not blank
    assert any(c == (0x00, 0x56, 0xB4) for _, c in colours)  # the bars' and links' blue
    assert any(c == (0xB0, 0x00, 0x20) for _, c in colours)  # the break's red
    # Nothing but white and the header's rule at the right edge: no text, bar or card cut.
    assert right is not None and {c for _, c in right} <= {(255, 255, 255), (198, 198, 198)}


def test_chromium_renders_every_table_and_chart(
    release: Path, published: list[Table], tmp_path: Path
) -> None:
    dom = _chromium("--dump-dom", (release / "index.html").as_uri(), profile=tmp_path / "p")
    assert _Page(dom).sections == [t.id for t in published]
    charts = re.findall(r'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="([^"]+)"', dom)
    # One breakdown per table, and no chart over time for a one-month release.
    assert charts == [f"{t.id}-fordeling" for t in published]


def test_html_validate_finds_nothing(release: Path, break_page: Path) -> None:
    assert HTML_VALIDATE.is_file(), (
        "html-validate is missing: run scripts/install-debian-packages.sh"
    )
    done = subprocess.run(
        [str(HTML_VALIDATE), str(release / "index.html"), str(break_page / "index.html")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


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


# (d) what the charts say


def _section(page: str, table_id: str) -> str:
    part = page[page.index(f'<section class="dataset" id="{table_id}"') :]
    return part[: part.index("</section>")]


def test_each_table_charts_its_own_breakdown(page: str, published: list[Table]) -> None:
    drawn = set()
    for table in published:
        section = _section(page, table.id)
        svg = section[section.index("<svg") : section.index("</svg>")]
        drawn.add(svg.split("</title>", 1)[1])  # the drawing, without its id and title
        assert '<text class="tick" x="' in svg and ">0</text>" in svg  # an axis from zero
    assert len(drawn) == len(published)  # nine different charts, not one total nine times
    fylke = _section(page, "TILT150_fylke")
    assert fylke.count('<rect class="bar"') == 15  # the counties, each with its bar
    assert fylke.count('<rect class="hidden"') == 1  # and the unknown, hidden
    assert 'Uoppgitt</text><rect class="hidden"' in fylke.replace("\n", "")
    kommune = _section(page, "TILT150_kommune")
    assert kommune.count('<rect class="bar"') + kommune.count('<rect class="hidden"') == 15
    assert "mindre kategorier" in kommune


def test_the_latest_month_in_a_small_table(page: str) -> None:
    fylke = _section(page, "TILT150_fylke")
    assert re.search(r"<td>Oslo</td><td class=\"count\">425</td>", fylke)
    assert re.search(r"<td>Uoppgitt</td><td class=\"count\">: <span", fylke)


def test_over_time_breaks_and_uncovered_months_are_marked(break_page: Path) -> None:
    page = (break_page / "index.html").read_text(encoding="utf-8")
    status = _section(page, "TILT150_status")
    assert status.count('<polyline class="line') >= 3  # one line per status, no total
    assert '<line class="break"' in status and "brudd i serien fra April 2025" in status
    assert "Brudd i tidsserien fra april 2025" in status and "Break in the time series" in status
    assert status.count('<rect class="uncovered"') == 6  # July to December 2025
    assert "ingen rapport dekker Juli–Desember 2025" in status
    fylke = _section(page, "TILT150_fylke")
    assert '<line class="break"' not in fylke and "<polyline" in fylke


def test_ticks_are_round_and_start_at_zero() -> None:
    assert ticks(3567) == [0, 1000, 2000, 3000, 4000]
    assert ticks(425) == [0, 200, 400, 600]
    assert ticks(7) == [0, 2, 4, 6, 8]
    assert ticks(0) == [0, 1]


# (e) confidentiality


_NAMES = ("jan", "feb", "mar", "apr", "mai", "jun")


def _months(*values: int | None) -> list[ChartMonth]:
    """Months from January 2025, labelled without digits so every number printed is a value."""
    return [
        ChartMonth(f"2025-{i + 1:02d}", name, v, None if v is not None else "Q")
        for i, (name, v) in enumerate(zip(_NAMES[: len(values)], values, strict=True))
    ]


def _numbers(text: str) -> set[str]:
    return {n.replace("\u00a0", "") for n in NUMBER.findall(text)}


def test_a_suppressed_month_is_a_marked_gap_and_prints_no_number() -> None:
    svg = str(line_chart([Series("Deltakere", tuple(_months(1200, 1180, None, 1310, 1250)))],
                         "Deltakere", "c"))  # fmt: skip
    lines = re.findall(r'<polyline class="line s0" points="([^"]*)"', svg)
    assert [len(points.split()) for points in lines] == [2, 2]  # broken at the hidden month
    assert svg.count('<circle class="hidden') == 1 and "mar: skjult" in svg
    words = re.sub(r"<[^>]*>", " ", svg)  # text, not coordinates
    assert _numbers(words) <= {"0", "500", "1000", "1500", "2025"}  # ticks and the year


def test_a_hidden_bar_is_an_empty_box_without_a_number() -> None:
    svg = str(bar_chart([Bar("Oslo", 425), Bar("Uoppgitt", None, "Q")], "Region", "b"))
    assert '<rect class="hidden"' in svg and ">skjult</text>" in svg
    assert _numbers(re.sub(r"<[^>]*>", " ", svg)) <= {"425", "0", "200", "400", "600"}


def test_a_suppressed_month_cannot_carry_a_value() -> None:
    with pytest.raises(ValueError, match="suppressed"):
        ChartMonth("2026-01", "Januar 2026", 3.0, "Q")
    with pytest.raises(ValueError, match="suppressed"):
        Bar("Oslo", 3.0, "Q")


def test_a_suppressed_cell_that_still_holds_a_number_is_never_shown(
    published: list[Table],
) -> None:
    """Cells of 'Tiltak og kjønn' marked suppressed, their numbers left in place."""
    table = next(t for t in published if t.id == "TILT150_kjonn")
    data = table.data.copy()
    hidden = data["SEX"].isin(["_T", "F"]) & (data[MEASURE] == "PARTICIPANTS")
    values = data.loc[hidden, VALUE].tolist()
    data.loc[hidden, OBS_STATUS] = "Q"
    page = landing_page([dataclasses.replace(table, data=data)], [])
    for value in values:
        assert str(int(value)) not in page.replace("\u00a0", ""), value
    assert re.search(r"<td>I alt</td><td class=\"count\">: ", page)
    assert re.search(r"<td>Kvinner</td><td class=\"count\">: ", page)
    assert "skjult (under 4): I alt, Kvinner" in page


# (f) autoescape


def test_labels_are_escaped(published: list[Table]) -> None:
    evil = "<script>alert(1)</script>"
    page = landing_page([dataclasses.replace(published[0], report_title=evil)], [])
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    svg = str(bar_chart([Bar(evil, 5)], evil, "x"))
    assert "<script" not in svg and "&lt;script&gt;" in svg
