"""The disclosure audit on the sample: totals that give away a suppressed count are found."""

from __future__ import annotations

import re
import subprocess
import sys

from publisher.disclosure.audit import audit, notices
from publisher.family.spec import spec_for
from publisher.merging.cube import Cube
from tests.conftest import SAMPLE_TXT


def _additive() -> frozenset[str]:
    spec = spec_for("TILT150")
    assert spec is not None
    return spec.additive_dimensions


def test_the_samples_county_ukjent_is_exactly_determined(sample_cube: Cube) -> None:
    messages = [str(n) for n in notices(audit(sample_cube, _additive()), sample_cube.key)]
    cell = "FAMILY=TILT150 TILTAK=AVKLARAG REF_AREA={} MEASURE=PARTICIPANTS TIME_PERIOD=2026-01"
    assert (
        f"{SAMPLE_TXT}, page 5: disclosure: suppressed cell {cell.format('99')} is exactly"
        " determined by the REF_AREA margin of _T and its 16 parts" in messages
    )
    # Hurdal is the only hidden municipality of Akershus, whose total the county table prints.
    assert any(cell.format("3242") + " is exactly determined by the REF_AREA margin of 32" in m
               for m in messages)  # fmt: skip
    assert len(messages) == 3


def test_the_audit_command_names_cells_never_values() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "publisher", "audit", str(SAMPLE_TXT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 3 and all("disclosure: suppressed cell" in line for line in lines)
    assert "3 suppressed cells disclosed or narrowed" in done.stderr
    assert re.search(r"\(3 exactly determined\); the other \d+ of \d+ protected", done.stderr)


def test_secondary_suppression_leaves_nothing_narrowed(sample_cube: Cube) -> None:
    from publisher.disclosure.audit import suppress_secondary

    protected, notes = suppress_secondary(sample_cube, _additive())
    assert not audit(protected, _additive())
    data = protected.data
    secondary = data[data["CONF_STATUS"] == "D"]
    # Akershus (32) with its one-month average, which is its month: both its hidden
    # municipality and the country's hidden Ukjent are then one of two unknowns.
    assert len(notes) == len(secondary) == 2
    assert set(secondary["MEASURE"]) == {"PARTICIPANTS", "PARTICIPANTS_YTD_AVG"}
    assert secondary["OBS_VALUE"].isna().all() and (secondary["OBS_STATUS"] == "Q").all()
    assert all("keeps its whole range" in str(n) for n in notes)
    # Nav's own suppressions are untouched, and the default build keeps Nav's numbers.
    assert (data["CONF_STATUS"] == "A").sum() == (sample_cube.data["CONF_STATUS"] == "A").sum()
    assert (sample_cube.data["CONF_STATUS"] != "D").all()


def test_build_with_secondary_suppression(tmp_path: object) -> None:
    from pathlib import Path

    out = Path(str(tmp_path)) / "output"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "publisher",
            "build",
            str(SAMPLE_TXT),
            "-o",
            str(out),
            "--secondary-suppression",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "secondary suppression:" in done.stderr
    assert "is exactly determined" not in done.stderr
    rows = [line for line in (out / "sdmx" / "DF_TILT150.csv").read_text().splitlines()
            if ",Q,D" in line]  # fmt: skip
    assert rows and all(",NaN,Q,D" in line for line in rows)
