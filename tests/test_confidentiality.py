"""The confidentiality policy: its bounds against brute force, and no copy of it elsewhere."""

from __future__ import annotations

import ast
import itertools
import re
from fractions import Fraction
from pathlib import Path

import pytest

from publisher import confidentiality
from publisher.confidentiality import average_fits, hidden_range, read_range, rounding_slack

PACKAGE = Path(confidentiality.__file__).parent

# Status codes and format marks that only publisher/confidentiality.py may spell.
_STATUS_LITERALS = {"Q", "A", "B", "D", "F", '".."', '"."'}
_IN_TEXT = re.compile(r"""(OBS|CONF)_STATUS\s*=\s*["']?[A-Z]\b|["'][QABDF]["']\s*(,|\))""")
# The same letters with other meanings, each checked by hand.
_OTHER_MEANINGS = {
    ("errors.py", "A"),  # the first column of a worksheet
    ("readers/xlsx.py", "A"),  # worksheet column letters
    ("serve/sdmx_periods.py", "A"),  # SDMX period kinds: annual,
    ("serve/sdmx_periods.py", "Q"),  # quarterly,
    ("serve/sdmx_periods.py", "D"),  # daily
}


def _literals() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name == "confidentiality.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
                continue
            text = node.value
            if (text in _STATUS_LITERALS and (name, text) not in _OTHER_MEANINGS) or (
                _IN_TEXT.search(text)
            ):
                found.append((name, node.lineno, text))
    return found


def test_no_module_but_the_policy_spells_a_status() -> None:
    assert _literals() == []


def test_the_scan_finds_a_status_literal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scan itself can fail: a planted literal is found."""
    planted = tmp_path / "writers"
    planted.mkdir()
    (planted / "leak.py").write_text('HIDDEN = "Q"\nXPATH = \'[@OBS_STATUS="Q"]\'\n', "utf-8")
    monkeypatch.setattr(f"{__name__}.PACKAGE", tmp_path)
    assert [(n, line) for n, line, _ in _literals()] == [
        ("writers/leak.py", 1),
        ("writers/leak.py", 2),
    ]


def test_a_star_is_one_to_the_threshold_less_one_and_read_from_zero() -> None:
    assert hidden_range(4) == (1, 3)
    assert hidden_range(10) == (1, 9)
    assert read_range(4) == (0, 3)


@pytest.mark.parametrize("months", [1, 2, 3, 4])
@pytest.mark.parametrize("bounds", [hidden_range(3), hidden_range(4), read_range(4)])
def test_average_fits_exactly_the_averages_nav_can_print(
    months: int, bounds: tuple[int, int]
) -> None:
    """Brute force: every month hidden or printed (0–9), every printable average.

    A mean halfway between two whole numbers may be printed either way (we do not know
    how Nav breaks ties), so both count as printable.
    """
    least, most = bounds
    for hidden in range(months + 1):
        for printed in itertools.product(range(10), repeat=min(months - hidden, 2)):
            shown = sum(printed) + 10 * (months - hidden - len(printed))
            possible = {
                rounded(Fraction(shown + sum(h), months))
                for h in itertools.product(range(least, most + 1), repeat=hidden)
                for rounded in (_rounded, _rounded_down)
            }
            for average in range(0, 20):
                fits = average_fits(float(average), float(shown), hidden, months, bounds)
                assert fits == (average in possible), (bounds, months, hidden, shown, average)


def _rounded(value: Fraction) -> int:
    """Rounding half up."""
    whole = int(value)
    return whole + (1 if value - whole >= Fraction(1, 2) else 0)


def _rounded_down(value: Fraction) -> int:
    """Rounding half down."""
    whole = int(value)
    return whole + (1 if value - whole > Fraction(1, 2) else 0)


@pytest.mark.parametrize("parts", [1, 2, 3, 4])
def test_rounded_averages_sum_within_the_slack_of_their_rounded_total(parts: int) -> None:
    """Brute force over averages in tenths: the worst miss never passes the slack."""
    worst = Fraction(0)
    for tenths in itertools.product(range(0, 30, 3), repeat=parts):
        values = [Fraction(t, 10) for t in tenths]
        miss = abs(_rounded(sum(values, Fraction(0))) - sum(_rounded(v) for v in values))
        worst = max(worst, Fraction(miss))
    assert worst <= rounding_slack(parts)
