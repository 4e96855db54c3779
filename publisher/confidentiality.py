"""The confidentiality policy: the one home for what a hidden count is and how it is shown.

Nav prints every count under its family's threshold (4 for TILT, ``[confidentiality]`` in the
family's spec) as ``*``. Everything that must know what that means asks this module:

- the status vocabulary of the cube (SDMX cross-domain ``OBS_STATUS`` and ``CONF_STATUS``
  codes) and the status each parsed cell maps to;
- the bounds of a hidden count: Nav's ``*`` is 1 to the threshold less one, a cell we
  suppressed ourselves (``CONF_STATUS`` D) was printed by Nav, so it is at least the threshold;
- how far a printed year-to-date average may stray from its months (Nav rounds it);
- how every format marks a hidden or broken cell: JSON-stat status, PX symbol, CSV text.

A status literal anywhere else is a defect (``tests/test_confidentiality.py`` looks for one):
when the rule changes, it changes here, and no copy is left behind to leak.
"""

from __future__ import annotations

from publisher.family.spec import spec_of
from publisher.model import Status

# The cube's status vocabulary: codes of SDMX's CL_OBS_STATUS and CL_CONF_STATUS.
NORMAL = "A"  # OBS_STATUS: a printed value
BREAK = "B"  # OBS_STATUS: the series breaks before this month
SUPPRESSED = "Q"  # OBS_STATUS: not shown (Nav's `*`, or suppressed by us)
FREE = "F"  # CONF_STATUS: free to publish
PRIMARY = "A"  # CONF_STATUS: primary confidentiality: Nav printed `*`
SECONDARY = "D"  # CONF_STATUS: secondary confidentiality: printed by Nav, suppressed by us

STATUS_CODES = {Status.NORMAL: (NORMAL, FREE), Status.SUPPRESSED: (SUPPRESSED, PRIMARY)}
"""(OBS_STATUS, CONF_STATUS) of a parsed cell, by what the report printed."""

LEAST_HIDDEN = 1  # the least count a `*` stands for, to an attacker (see hidden_range)
LEAST_READ = 0  # the least count a `*` may stand for when a report is read (see read_range)
AVERAGE_SLACK = 0.5  # Nav rounds an average to whole numbers at the coarsest


def family_threshold(family: str) -> int:
    """The family's threshold: Nav prints every count under it as ``*``."""
    return spec_of(family).threshold


def hidden_range(threshold: int) -> tuple[int, int]:
    """The counts Nav's ``*`` stands for, as the disclosure audit and the checks take it.

    Nav leaves a row with no one out rather than print it, so an attacker may take a ``*``
    to be at least 1: the narrowest prior, so the audit errs on the side of finding a
    disclosure, and a protected cell spans at least this whole range.
    """
    return LEAST_HIDDEN, threshold - 1


def read_range(threshold: int) -> tuple[int, int]:
    """The counts a ``*`` may stand for when deciding whether a report was read right.

    Wider than :func:`hidden_range` by zero: whether Nav ever stars an empty month of a
    printed row is not documented, and a report is refused only when no reading of it can
    be true.
    """
    return LEAST_READ, threshold - 1


def rounding_slack(parts: int) -> float:
    """How far the rounded averages of ``parts`` rows may sum from their rounded total."""
    return AVERAGE_SLACK * (parts + 1)


def average_fits(
    average: float, printed: float, hidden: int, months: int, bounds: tuple[int, int]
) -> bool:
    """Whether a printed year-to-date average can be the rounded mean of its months.

    Args:
        average: The printed average.
        printed: The sum of the months printed as numbers.
        hidden: How many months are ``*``.
        months: How many months the average covers.
        bounds: What each ``*`` may be: :func:`hidden_range` or :func:`read_range`.
    """
    least, most = bounds
    low, high = (printed + least * hidden) / months, (printed + most * hidden) / months
    return low - AVERAGE_SLACK <= average <= high + AVERAGE_SLACK


# How each format marks a cell whose OBS_STATUS is not normal.
JSONSTAT_SUPPRESSED = ":"  # JSON-stat status of a hidden cell (the SDMX/Eurostat habit)
JSONSTAT_MARKS = {SUPPRESSED: JSONSTAT_SUPPRESSED, BREAK: BREAK}  # OBS_STATUS -> status
PX_SUPPRESSED = '".."'  # PX-Axis dot code of a hidden cell in DATA
PX_SUPPRESSED_SHOWN = ":"  # what PxWeb shows for it (DATASYMBOL2; SSB's symbol too)
PX_MISSING = '"."'  # PX-Axis dot code of a cell with no figure
PX_MISSING_SHOWN = "."  # what PxWeb shows for it (DATASYMBOL1)
CSV_SUPPRESSED = ""  # a hidden cell's text in the CSV tables


def status_labels(family: str) -> dict[str, tuple[tuple[str, str], str, str]]:
    """Each JSON-stat status: its (OBS_STATUS, CONF_STATUS), its label in nb and in en."""
    spec = spec_of(family)
    threshold, unit = spec.threshold, spec.wording.unit
    return {
        JSONSTAT_SUPPRESSED: (
            (SUPPRESSED, PRIMARY),
            "Vises ikke av konfidensialitetshensyn: færre enn"
            f" {threshold} {unit.nb} (statistikkloven § 7-1)",
            f"Not shown for confidentiality: fewer than {threshold} {unit.en}"
            " (Statistics Act § 7-1)",
        ),
        BREAK: ((BREAK, FREE), "Brudd i tidsserien", "Break in the time series"),
    }
