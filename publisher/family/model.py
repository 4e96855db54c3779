"""A report family's spec as typed, frozen objects that check their own invariants.

Read from TOML by :mod:`publisher.family.spec`; everything downstream (the parser, the
mapping, the writers) asks these objects, never the TOML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from publisher.family.toml_keys import Words

REGION = "REF_AREA"
TOTAL = "_T"
RegionLevel = Literal["county", "municipality"]
SDMX_ID = re.compile(r"^[A-Za-z0-9_@$\-]+$")  # SDMX's IDType


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
class Measures:
    """What a family's cells count: codes of ``CL_MEASURE`` and ``CL_UNIT_MEASURE``."""

    monthly: str  # a month's count
    average: str  # the year-to-date average of the monthly counts
    unit: str  # the unit of every count (SDMX ``UNIT_MEASURE``)


@dataclass(frozen=True, slots=True)
class Structure:
    """The family's SDMX structures: one DSD and one concept scheme.

    Each report of the family has a dataflow of this DSD; its id is the release layout's
    (:func:`publisher.writers.layout.flow_id`), the same rule for every family.
    """

    dsd: str
    dsd_name: Words
    concepts: str
    concepts_name: Words

    def __post_init__(self) -> None:
        for value in (self.dsd, self.concepts):
            if not SDMX_ID.match(value):
                raise ValueError(f"{value!r} is no SDMX id (letters, digits, _ @ $ -)")


@dataclass(frozen=True, slots=True)
class Wording:
    """How the outputs name what the family counts, in Norwegian and English.

    The one template, ``dataset_description``, may use ``{section}`` (the section's
    title, lower case), ``{first}`` and ``{last}`` (months), ``{report}`` and
    ``{threshold}``.
    """

    name: Words  # what is counted: PX CONTENTS
    subject: Words  # PX SUBJECT-AREA
    unit: Words  # the unit's words: PX UNITS, JSON-stat unit labels
    counted: Words  # a count's column heading on the web page
    collection: Words  # a release's title: the JSON-stat collection, the DCAT catalogue
    catalogue: Words  # the DCAT catalogue's description
    page_title: Words  # the web page's heading, before "– open data from Nav"
    about: Words  # the web page's paragraph on the family
    dataset_description: str  # a DCAT dataset's description (Norwegian): a template
    keywords: tuple[str, ...]  # a DCAT dataset's keywords (Norwegian), before its report id

    def describe(self, section: str, first: str, last: str, report: str, threshold: int) -> str:
        """A dataset's description from the template."""
        return self.dataset_description.format(
            section=section, first=first, last=last, report=report, threshold=threshold
        )


@dataclass(frozen=True, slots=True)
class ReportSpec:
    """Everything that sets one family of reports apart."""

    family: str
    report_ids: re.Pattern[str]
    notes_section: str
    dimensions: tuple[str, ...]
    sections: tuple[SectionSpec, ...]
    # The family's confidentiality rule: every count under `threshold` is printed as `*`.
    threshold: int
    measures: Measures
    structure: Structure
    wording: Wording
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
        if self.scope_dimension is not None and self.scope_dimension not in self.dimensions:
            raise ValueError(f"scope_dimension {self.scope_dimension!r} is not a dimension")
        for brk in self.breaks:
            if brk.dimension not in self.dimensions:
                raise ValueError(f"a break names the unknown dimension {brk.dimension!r}")

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
