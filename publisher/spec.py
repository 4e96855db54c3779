"""Report specs: which sections a report family may hold, read from ``publisher/specs/``.

Supporting a new report family is a new TOML file there, not new code.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """One section (table) a report may hold, and the dimensions its rows break down."""

    title: str
    dimensions: tuple[str, ...]
    additive: bool  # the rows of each block add up to its `I alt` row
    optional: bool = False  # a report of the family may leave the section out

    @property
    def has_region_codes(self) -> bool:
        """Rows of this section start with a county or municipality code."""
        return "region" in self.dimensions


@dataclass(frozen=True, slots=True)
class ReportSpec:
    """The layout of one family of reports."""

    family: str
    report_ids: re.Pattern[str]
    notes_section: str
    sections: tuple[SectionSpec, ...]

    def section(self, title: str) -> SectionSpec | None:
        """The section with this title, or None if the family has no such section."""
        return next((s for s in self.sections if s.title == title), None)

    @property
    def titles(self) -> tuple[str, ...]:
        """Every section title the family knows, the notes page included."""
        return (self.notes_section, *(s.title for s in self.sections))


def _load(text: str) -> ReportSpec:
    data = tomllib.loads(text)
    return ReportSpec(
        family=data["family"],
        report_ids=re.compile(data["report_ids"]),
        notes_section=data["notes_section"],
        sections=tuple(
            SectionSpec(s["title"], tuple(s["dimensions"]), s["additive"], s.get("optional", False))
            for s in data["section"]
        ),
    )


@cache
def all_specs() -> tuple[ReportSpec, ...]:
    """Every spec shipped with the package."""
    folder = resources.files("publisher") / "specs"
    return tuple(
        _load(entry.read_text(encoding="utf-8"))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".toml")
    )


def spec_for(report_id: str) -> ReportSpec | None:
    """The spec whose ``report_ids`` pattern matches this report id, if any."""
    return next((s for s in all_specs() if s.report_ids.match(report_id)), None)
