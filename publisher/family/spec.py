"""Report specs: which sections a report family holds and what each breaks down.

One TOML file per family in ``publisher/specs/``; supporting a new family is a new file,
not new code.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

REGION = "REF_AREA"
TOTAL = "_T"
RegionLevel = Literal["county", "municipality"]


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """One section (table) of a report and the dimensions its blocks and rows name."""

    title: str
    id: str  # names the published table: `<report id>_<id>`
    title_en: str
    rows: str
    additive: bool  # the rows of each block add up to its `I alt` row
    blocks: str | None = None  # the dimension `I alt <label>` names; None: the total
    region_level: RegionLevel | None = None
    optional: bool = False  # a report of the family may leave the section out

    def __post_init__(self) -> None:
        if (self.rows == REGION) != (self.region_level is not None):
            raise ValueError(f"section {self.title!r}: region_level goes with rows = {REGION}")

    @property
    def has_region_codes(self) -> bool:
        """Rows of this section start with a county or municipality code."""
        return self.rows == REGION

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The dimensions the section breaks down."""
        return (self.blocks, self.rows) if self.blocks else (self.rows,)


@dataclass(frozen=True, slots=True)
class BreakSpec:
    """A series break that the report's notes announce for some codes of a dimension."""

    note: re.Pattern[str]
    dimension: str
    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReportSpec:
    """The layout of one family of reports."""

    family: str
    report_ids: re.Pattern[str]
    notes_section: str
    dimensions: tuple[str, ...]
    sections: tuple[SectionSpec, ...]
    # The family's confidentiality rule: every count under `threshold` is printed as `*`.
    threshold: int
    breaks: tuple[BreakSpec, ...] = ()
    scope_dimension: str | None = None
    scope: dict[str, str] = field(default_factory=dict)  # report id -> its total's code
    titles_en: dict[str, str] = field(default_factory=dict)  # report id -> English title

    def __post_init__(self) -> None:
        if self.threshold < 1:
            raise ValueError(f"family {self.family}: the threshold must be a positive count")
        for section in self.sections:
            unknown = set(section.dimensions) - set(self.dimensions)
            if unknown:
                raise ValueError(f"section {section.title!r} names unknown dimensions {unknown}")

    def totals(self, report_id: str) -> dict[str, str]:
        """The code of each dimension's total in this report: ``_T``, or the report's scope."""
        totals = dict.fromkeys(self.dimensions, TOTAL)
        if self.scope_dimension is not None:
            totals[self.scope_dimension] = self.scope.get(report_id, TOTAL)
        return totals

    @property
    def additive_dimensions(self) -> frozenset[str]:
        """The dimensions whose codes split their parent: the rows of additive sections."""
        return frozenset(s.rows for s in self.sections if s.additive)

    def section(self, title: str) -> SectionSpec | None:
        """The section with this title, or None if the family has no such section."""
        return next((s for s in self.sections if s.title == title), None)

    @property
    def titles(self) -> tuple[str, ...]:
        """Every section title the family knows, the notes page included."""
        return (self.notes_section, *(s.title for s in self.sections))


def _section(data: dict[str, Any]) -> SectionSpec:
    return SectionSpec(
        title=data["title"],
        id=data["id"],
        title_en=data["title_en"],
        rows=data["rows"],
        additive=data["additive"],
        blocks=data.get("blocks"),
        region_level=data.get("region_level"),
        optional=data.get("optional", False),
    )


def _load(text: str) -> ReportSpec:
    data = tomllib.loads(text)
    return ReportSpec(
        family=data["family"],
        report_ids=re.compile(data["report_ids"]),
        notes_section=data["notes_section"],
        dimensions=tuple(data["dimensions"]),
        sections=tuple(_section(s) for s in data["section"]),
        threshold=int(data["confidentiality"]["threshold"]),
        breaks=tuple(
            BreakSpec(re.compile(b["note"], re.IGNORECASE), b["dimension"], tuple(b["codes"]))
            for b in data.get("break", ())
        ),
        scope_dimension=data.get("scope_dimension"),
        scope=dict(data.get("scope", {})),
        titles_en=dict(data.get("title_en", {})),
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
