"""Mapping reports to codes: the sample completely, and the 2020–2023 structure.

Expected codes and numbers are read by eye from the sample text
(samples/TILT150_2026-01.txt), not from earlier output.
"""

from __future__ import annotations

import pytest

from publisher.mapping.observations import Mapped, map_report
from publisher.model import Report
from tests.navgen import generate

MONTHLY, AVERAGE = "PARTICIPANTS", "PARTICIPANTS_YTD_AVG"  # the TILT spec's measures

DIMS = ("TILTAK", "LABOUR_MARKET_STATUS", "REF_AREA", "SEX", "AGE", "EDUCATION_LEV",
        "IMMIGRANT_STATUS", "BIRTH_REGION")  # fmt: skip


@pytest.fixture(scope="module")
def mapped(sample_report: Report) -> Mapped:
    return map_report(sample_report)


def _value(mapped: Mapped, month: str = "2026-01", measure: str = MONTHLY, **codes: str) -> object:
    key = (*(codes.get(d, "_T") for d in DIMS), measure, month)
    (obs,) = [o for o in mapped.observations if o.key == key]
    return obs.value if obs.obs_status != "Q" else "*"


def test_the_sample_maps_completely(mapped: Mapped) -> None:
    assert mapped.unmapped == []
    assert mapped.notices == []


def test_every_municipality_row_maps_to_its_2024_code(mapped: Mapped) -> None:
    municipalities = {
        o.key[2] for o in mapped.observations if len(o.key[2]) == 4 and o.key[0] == "AVKLARAG"
    }
    assert len(municipalities) == 291  # 290 printed municipalities and Ukjent (9999)
    assert "9999" in municipalities


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("0301", 425),
        ("1103", 69),  # "1103" / "Stavanger 69 69" on two lines
        ("1112", "*"),
        ("1508", 14),  # Ålesund's 2024 code
        ("1580", 5),  # Haram, split from Ålesund in 2024
        ("5007", 9),  # "Namsos -" / "Nåavmesjenjae" / "lmie"
        ("5540", "*"),  # "Gáivuotna -" / "Kåfjord -": cut short
        ("5622", 4),  # "Porsanger -" / "Porsángu -": cut short
        ("5636", "*"),
        ("9999", "*"),  # Ukjent in the municipality table
    ],
)
def test_municipalities_by_hand_picked_code(mapped: Mapped, code: str, value: object) -> None:
    assert _value(mapped, TILTAK="AVKLARAG", REF_AREA=code) == value


def test_counties_and_unknown(mapped: Mapped) -> None:
    counties = {
        "03": 425, "11": 273, "15": 87, "18": 130, "31": 402, "32": 417, "33": 217, "34": 338,
        "39": 95, "40": 79, "42": 250, "46": 347, "50": 292, "55": 170, "56": 43, "99": "*",
    }  # fmt: skip
    got = {code: _value(mapped, TILTAK="AVKLARAG", REF_AREA=code) for code in counties}
    assert got == counties


def test_every_other_section(mapped: Mapped) -> None:
    expected = {
        ("SEX", "F"): 2085, ("SEX", "M"): 1482,
        ("AGE", "Y_LT20"): 57, ("AGE", "Y20T24"): 221, ("AGE", "Y25T29"): 305,
        ("AGE", "Y30T39"): 800, ("AGE", "Y40T49"): 841, ("AGE", "Y50T59"): 981,
        ("AGE", "Y_GE60"): 362,
        ("IMMIGRANT_STATUS", "IKKE_INNVANDRER"): 2441, ("IMMIGRANT_STATUS", "INNVANDRER"): 1126,
        ("BIRTH_REGION", "002"): 178, ("BIRTH_REGION", "142"): 483,
        ("BIRTH_REGION", "150"): 2816, ("BIRTH_REGION", "019_009"): 86,
        ("BIRTH_REGION", "_U"): 4,
        ("EDUCATION_LEV", "ED0-2"): 1208, ("EDUCATION_LEV", "ED3_4"): 1323,
        ("EDUCATION_LEV", "ED5_6"): 685, ("EDUCATION_LEV", "ED7_8"): 181,
        ("EDUCATION_LEV", "_U"): 170,
    }  # fmt: skip
    for (dimension, code), value in expected.items():
        assert _value(mapped, TILTAK="AVKLARAG", **{dimension: code}) == value, (dimension, code)


def test_labour_market_status_and_tiltak(mapped: Mapped) -> None:
    statuses = {"ARBS": 275, "NEDSATT": 3010, "ANDRE": 282}
    for status, value in statuses.items():
        assert _value(mapped, TILTAK="AVKLARAG", LABOUR_MARKET_STATUS=status) == value
        # the block's `I alt` row: the whole avklaring group, in that status
        assert _value(mapped, TILTAK="G_AVKLARING", LABOUR_MARKET_STATUS=status) == value
    assert _value(mapped, TILTAK="G_AVKLARING") == 3567  # section "Tiltak", row "I alt"
    assert _value(mapped, TILTAK="AVKLARAG") == 3567
    assert _value(mapped, TILTAK="AVKLARAG", measure=AVERAGE) == 3567


def test_suppressed_cells_have_no_value_and_their_flags(mapped: Mapped) -> None:
    suppressed = [o for o in mapped.observations if o.value is None]
    assert len(suppressed) > 200
    assert all((o.obs_status, o.conf_status) == ("Q", "A") for o in suppressed)
    assert all(o.value is not None and (o.obs_status, o.conf_status) == ("A", "F")
               for o in mapped.observations if o not in suppressed)  # fmt: skip


def test_observations_remember_where_they_were_read(mapped: Mapped) -> None:
    (oslo,) = [o for o in mapped.observations if o.key[2] == "0301" and o.key[-2] == MONTHLY]
    assert (oslo.where.file.endswith("TILT150_2026-01.txt"), oslo.where.page) == (True, 11)


def test_a_2023_report_maps_to_the_2020_structure() -> None:
    report, _ = generate(year=2023, months=3, regions="2020", seed=4)
    result = map_report(report)
    assert result.unmapped == [] and result.notices == []
    regions = {o.key[2] for o in result.observations}
    assert {"30", "54", "38", "3001", "5401", "1507"} <= regions
    assert not {"31", "55", "3101", "1508"} & regions


def test_a_2024_report_with_2023_codes_does_not_map() -> None:
    report, _ = generate(year=2024, months=2, regions="2020", seed=4)
    result = map_report(report)
    assert any("'30 Viken' is no REF_AREA code" in p for p in result.unmapped)


def test_a_break_in_the_series_is_flagged_at_its_month() -> None:
    report, _ = generate(year=2025, months=6, seed=9)
    result = map_report(report)
    flagged = {(o.key[1], o.key[-1]) for o in result.observations if o.obs_status == "B"}
    assert flagged
    assert {month for _, month in flagged} == {"2025-04"}
    assert {status for status, _ in flagged} == {"ARBS", "ANDRE"}
