"""A series break, announced by one report, in every format of a release of two reports.

The January 2026 report says the series of job seekers and "others" on measures break
from April 2025; the January–June 2025 report, which holds April 2025, says nothing.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from lxml import etree

BREAK_CODES = {"ARBS", "ANDRE"}


def test_json_stat_marks_the_month_and_says_so_in_both_languages(break_release: Path) -> None:
    for folder, words in (("jsonstat", "Brudd i tidsserien fra april 2025"),
                          ("jsonstat/en", "Break in the time series from April 2025")):  # fmt: skip
        dataset = json.loads((break_release / folder / "TILT150_status.json").read_text("utf-8"))
        assert any(words in note for note in dataset["note"])
        months = dataset["dimension"]["TIME_PERIOD"]["category"]
        assert words in months["note"]["2025M04"][0]
        ids = dataset["id"]
        index = [dataset["dimension"][d]["category"]["index"] for d in ids]
        sizes = dataset["size"]
        marked = set()
        for position, mark in dataset["status"].items():
            if mark == "B":
                coordinates, rest = [], int(position)
                for size, categories in zip(reversed(sizes), reversed(index), strict=True):
                    coordinates.append(categories[rest % size])
                    rest //= size
                cell = dict(zip(reversed(ids), coordinates, strict=True))
                marked.add((cell["LABOUR_MARKET_STATUS"], cell["TIME_PERIOD"]))
        assert marked == {(code, "2025M04") for code in BREAK_CODES}
        assert dataset["extension"]["breaks"][0]["month"] == "2025-04"


def test_sdmx_sends_obs_status_b_at_the_month(break_release: Path) -> None:
    with (break_release / "sdmx" / "DF_TILT150.csv").open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["OBS_STATUS"] == "B"]
    assert rows and {r["TIME_PERIOD"] for r in rows} == {"2025-04"}
    assert {r["LABOUR_MARKET_STATUS"] for r in rows} == BREAK_CODES
    assert all(r["OBS_VALUE"] not in ("", "NaN") for r in rows)
    document = etree.parse(str(break_release / "sdmx" / "DF_TILT150.xml"))
    observations = document.xpath('//*[local-name()="Obs"][@OBS_STATUS="B"]')
    assert len(observations) == len(rows)


def test_tables_without_the_broken_categories_have_no_break(break_release: Path) -> None:
    fylke = json.loads((break_release / "jsonstat" / "TILT150_fylke.json").read_text("utf-8"))
    assert "B" not in fylke["status"].values() and fylke["extension"]["breaks"] == []
