"""The shipped codelists: their shape, their rules, and that they ship in the package."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from publisher.family.spec import all_specs
from publisher.mapping.codelists import (
    Lookup,
    all_codelists,
    codelist,
    folder,
    for_dimension,
    squeeze,
)

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference"


def test_every_dimension_of_every_spec_has_a_codelist() -> None:
    for spec in all_specs():
        for dimension in spec.dimensions:
            assert for_dimension(dimension).dimension == dimension


@pytest.mark.parametrize("codelist_id", sorted(all_codelists()))
def test_codes_are_unique_on_every_day_and_parents_exist(codelist_id: str) -> None:
    cl = codelist(codelist_id)
    for day in (date(2020, 6, 1), date(2023, 12, 31), date(2024, 1, 1), date(2026, 1, 1)):
        ids = [c.id for c in cl.at(day)]
        assert len(ids) == len(set(ids)), day
        for code in cl.at(day):
            assert code.parent is None or cl.get(code.parent, day) is not None, (code.id, day)


def test_region_structures_by_date() -> None:
    region = codelist("CL_REGION")
    days = (date(2023, 6, 1), date(2026, 1, 1))
    special = ("21", "22", "99")  # Svalbard, Jan Mayen (2211), Uoppgitt

    def ids(day: date, digits: int) -> list[str]:
        return [
            c.id
            for c in region.at(day)
            if c.id.isdigit() and len(c.id) == digits and c.id[:2] not in special
        ]

    counties = {day: ids(day, 2) for day in days}
    municipalities = {day: ids(day, 4) for day in days}
    assert (len(counties[date(2023, 6, 1)]), len(counties[date(2026, 1, 1)])) == (11, 15)
    assert len(municipalities[date(2023, 6, 1)]) == 356
    assert len(municipalities[date(2026, 1, 1)]) == 357
    assert "30" in counties[date(2023, 6, 1)] and "31" in counties[date(2026, 1, 1)]


def test_region_codes_match_the_reference_lists() -> None:
    """The 2024 municipalities are SSB's, code for code (from ../shared/reference)."""
    path = REFERENCE / "kommuner_2024.csv"
    if not path.exists():
        pytest.skip("../shared/reference is not beside this checkout")
    with path.open(encoding="utf-8") as f:
        expected = {row["code"]: row["name"] for row in csv.DictReader(f)}
    region = codelist("CL_REGION")
    day = date(2024, 12, 31)
    assert {c: region.get(c, day).names["nb"] for c in expected} == expected  # type: ignore[union-attr]


def test_the_2023_2024_correspondence_flags_the_splits() -> None:
    with (folder() / "CL_REGION_2023_2024.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    splits = {r["old_code"] for r in rows if r["change_type"] == "split"}
    assert {"30", "38", "54", "1507"} <= splits
    renumbered = {(r["old_code"], r["new_code"]) for r in rows if r["change_type"] == "renumbered"}
    assert ("3001", "3101") in renumbered


def test_lookup_ignores_case_and_white_space() -> None:
    lookup = Lookup(codelist("CL_BIRTH_REGION"), date(2026, 1, 1))
    found = lookup.find("Nord-Amerika, SørAmerika og\nOceania")
    assert found is not None and found.id == "019_009"
    assert lookup.find("Atlantis") is None
    assert squeeze(" Nåavmesjenjae lmie\u00ad ") == "nåavmesjenjaelmie"


def test_codelists_are_up_to_date_with_their_script() -> None:
    import subprocess
    import sys

    if not REFERENCE.exists():
        pytest.skip("../shared/reference is not beside this checkout")
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_codelists.py"), "--check", str(REFERENCE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
