"""Benchmark: the disclosure audit and secondary suppression on Nav's archive.

Run from the repository root: ``python bench/audit.py [--runs 3]``. The archive is the one
``bench/archive.py`` builds as PDFs (36 monthly TILT150-like reports, 2023-01 to
2025-12, the report for month m printing months 1..m with their year-to-date average);
here the same reports are mapped and merged in memory, without drawing and parsing the
PDFs, since only the audit is measured. Twice: with the averages printed as whole
numbers (as the PDFs print them) and with one decimal. For each, the median seconds of
the audit (building the relations and solving them), of the same audit with each
component's integer programs solved on their own (the alternative: "alone", and its ratio
to the audit, whose components share their programs) and of secondary suppression, with
the cells found narrowed or exactly determined, the cells suppressed, what the audit
finds after, how many of those Nav's own ``*`` cells narrow whatever is suppressed (the
build names them), and how many components of hidden counts contradict (and so are not
audited) before and after. Not a test: it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Mapping
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive import MEASURES, YEARS, _at_least_one, _month_report  # type: ignore[import-not-found]

from publisher.confidentiality import PRIMARY, SECONDARY, SUPPRESSED
from publisher.disclosure import audit
from publisher.disclosure.bounds import components, solve
from publisher.disclosure.system import build, printed_decimals
from publisher.family.spec import monthly_measures, spec_for
from publisher.mapping.observations import map_report
from publisher.merging.cube import CONF_STATUS, MEASURE, OBS_STATUS, Cube, merge
from publisher.model import Cell, Report, Row
from tests.navgen import data as navgen_data
from tests.navgen import generate

SUPPRESS_BELOW = 4
Truth = Mapping[tuple[str, str, str], tuple[int, ...]]


def reports(decimals: int) -> list[Report]:
    """The archive's 36 reports, their averages printed with ``decimals`` decimals."""
    found = []
    for year in YEARS:
        with mock.patch.object(navgen_data, "_apportion", _at_least_one):  # as archive.py
            year_report, truth = generate(year=year, months=12, measures=MEASURES, seed=year,
                                          municipalities=88,
                                          regions="2020" if year < 2024 else "2024")  # fmt: skip
        for month in range(1, 13):
            report = _month_report(year_report, dict(truth), month)
            if decimals:
                report = _with_decimals(report, truth, decimals)
            found.append(_named(report, f"TILT150_{year}-{month:02d}"))
    return found


def _named(report: Report, name: str) -> Report:
    return replace(report, source=f"{name}.pdf")


def _with_decimals(report: Report, truth: Truth, decimals: int) -> Report:
    """The report with each average printed to ``decimals`` places, rounded half up."""
    months = len(report.period.months)
    tables = []
    for table in report.tables:
        blocks = []
        for block in table.blocks:
            rows = [_row(row, truth[(table.title, block.label, row.label)][:months], decimals)
                    for row in (block.total, *block.rows)]  # fmt: skip
            blocks.append(replace(block, total=rows[0], rows=tuple(rows[1:])))
        tables.append(replace(table, blocks=tuple(blocks)))
    return replace(report, tables=tuple(tables))


def _row(row: Row, values: tuple[int, ...], decimals: int) -> Row:
    mean = Decimal(sum(values)) / len(values)
    value = mean.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return replace(row, average=Cell(value) if value >= SUPPRESS_BELOW else Cell.suppressed())


def main() -> None:
    """Build both archives, time the audit and the suppression, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    spec = spec_for("TILT150")
    assert spec is not None
    print(f"{'averages':<14}{'hidden':>8}{'audit s':>9}{'alone s':>9}{'ratio':>7}{'narrowed':>10}"
          f"{'exact':>7}{'protect s':>11}{'suppressed':>12}{'after':>7}{'Nav own':>9}"
          f"{'contradicting':>16}")  # fmt: skip
    for decimals in (0, 1):
        print(_measured(decimals, spec.additive_dimensions, args.runs))


def _measured(decimals: int, additive: frozenset[str], runs: int) -> str:
    """One line of the table: the archive with averages printed to ``decimals``."""
    found = reports(decimals)
    cube = merge([map_report(r) for r in found])
    places = printed_decimals(found)
    counts = cube.data[MEASURE].isin(monthly_measures())
    hidden = int((counts & (cube.data[OBS_STATUS] == SUPPRESSED)
                  & (cube.data[CONF_STATUS] == PRIMARY)).sum())  # fmt: skip
    audits, alone, protects = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        findings = audit.audit(cube, additive, places)
        audits.append(time.perf_counter() - start)
        start = time.perf_counter()
        _one_by_one(cube, additive, places)
        alone.append(time.perf_counter() - start)
        start = time.perf_counter()
        protected, notes = audit.suppress_secondary(cube, additive, places)
        protects.append(time.perf_counter() - start)
    after = audit.audit(protected, additive, places)
    contradict = [len(audit.examine(build(c, additive, places)).contradictions)
                  for c in (cube, protected)]  # fmt: skip
    own = len({n.message.split(" stays")[0] for n in notes if "stays narrowed" in n.message})
    exact = sum(f.exact for f in findings)
    suppressed = int((protected.data[CONF_STATUS] == SECONDARY).sum())
    label = "whole numbers" if decimals == 0 else f"{decimals} decimal"
    together, one = statistics.median(audits), statistics.median(alone)
    return (
        f"{label:<14}{hidden:>8}{together:>9.2f}{one:>9.2f}{one / together:>6.1f}x"
        f"{len(findings):>10}{exact:>7}{statistics.median(protects):>11.2f}{suppressed:>12}"
        f"{len(after):>7}{own:>9}{contradict[0]:>8} -> {contradict[1]}"
    )


def _one_by_one(cube: Cube, additive: frozenset[str], places: Mapping[str, int]) -> None:
    """The alternative: the audit with each component's programs solved on their own."""
    system = build(cube, additive, places)
    for component in components(system):
        solve(system, component)


if __name__ == "__main__":
    main()
