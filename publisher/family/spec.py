"""Report specs: everything that sets one family of reports apart, as data.

One TOML file per family in ``publisher/specs/`` (and in any folder given with
``--specs``): which sections its reports hold and what each breaks down, its measures and
unit, its SDMX structure ids and names, its wording in every output, its scope and the
notes that announce a series break. Supporting a new family is a new file, not new code:
the parser, the mapping and every writer ask the family's :class:`ReportSpec`
(:mod:`publisher.family.model`). A spec is read key by key
(:mod:`publisher.family.toml_keys`), so a missing, misspelt or mistyped key is an input
error naming the file and the key.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TypeVar, cast, get_args

from publisher.errors import InputError, Location
from publisher.family.model import (
    REGION,
    SDMX_ID,
    TOTAL,
    BreakSpec,
    Measures,
    RegionLevel,
    ReportSpec,
    SectionSpec,
    Structure,
    Wording,
)
from publisher.family.toml_keys import Keys, Words, parse

__all__ = [
    "REGION",
    "TOTAL",
    "BreakSpec",
    "Measures",
    "RegionLevel",
    "ReportSpec",
    "SectionSpec",
    "Structure",
    "Wording",
    "Words",
    "all_specs",
    "average_measures",
    "extra_digest",
    "joined",
    "load",
    "monthly_measures",
    "spec_folders",
    "spec_for",
    "spec_of",
    "use_folders",
]

T = TypeVar("T")


def _section(keys: Keys, dimensions: tuple[str, ...]) -> SectionSpec:
    for key in ("blocks", "rows"):
        _known(keys, key, dimensions)
    level = keys.optional_text("region_level")
    if level is not None and level not in get_args(RegionLevel):
        raise keys.error("region_level", f"must be one of {get_args(RegionLevel)}")
    section = _checked(
        keys,
        "rows",
        lambda: SectionSpec(
            title=keys.text("title"),
            id=keys.text("id"),
            title_en=keys.text("title_en"),
            rows=keys.text("rows"),
            additive=keys.flag("additive"),
            blocks=keys.optional_text("blocks"),
            region_level=cast(RegionLevel | None, level),
            optional=keys.flag("optional", False),
        ),
    )
    keys.done()
    return section


def _measures(keys: Keys) -> Measures:
    measures = Measures(keys.text("monthly"), keys.text("average"), keys.text("unit"))
    keys.done()
    return measures


def _structure(keys: Keys) -> Structure:
    structure = Structure(
        dsd=_sdmx_id(keys, "dsd"),
        dsd_name=keys.words("dsd_name"),
        concepts=_sdmx_id(keys, "concepts"),
        concepts_name=keys.words("concepts_name"),
    )
    keys.done()
    return structure


def _sdmx_id(keys: Keys, key: str) -> str:
    value = keys.text(key)
    if not SDMX_ID.match(value):
        raise keys.error(key, f"is {value!r}, no SDMX id (letters, digits, _ @ $ -)")
    return value


def _wording(keys: Keys) -> Wording:
    wording = Wording(
        name=keys.words("name"),
        subject=keys.words("subject"),
        unit=keys.words("unit"),
        counted=keys.words("counted"),
        collection=keys.words("collection"),
        catalogue=keys.words("catalogue"),
        page_title=keys.words("page_title"),
        about=keys.words("about"),
        dataset_description=keys.text("dataset_description"),
        keywords=keys.texts("keywords"),
    )
    try:
        wording.describe("", "", "", "", 0)
    except (KeyError, IndexError, ValueError) as exc:
        raise keys.error("dataset_description", f"names an unknown field: {exc}") from exc
    keys.done()
    return wording


def _break(keys: Keys, dimensions: tuple[str, ...]) -> BreakSpec:
    _known(keys, "dimension", dimensions)
    brk = BreakSpec(
        keys.pattern("note", re.IGNORECASE), keys.text("dimension"), keys.texts("codes")
    )
    if not {"month", "year"} <= set(brk.note.groupindex):
        raise keys.error("note", "must have the groups (?P<month>…) and (?P<year>…)")
    keys.done()
    return brk


def _known(keys: Keys, key: str, dimensions: tuple[str, ...]) -> None:
    """Refuse a dimension the family does not list in ``dimensions``."""
    value = keys.data.get(key)
    if isinstance(value, str) and value not in dimensions:
        raise keys.error(key, f"names {value!r}, which is not in 'dimensions'")


def _checked(keys: Keys, key: str, make: Callable[[], T]) -> T:
    """``make()``, with an invariant it breaks as the input error of ``key``."""
    try:
        return make()
    except ValueError as exc:
        raise InputError("bad report spec", f"key {keys.name(key)!r}: {exc}",
                         Location(keys.source)) from exc  # fmt: skip


def load(text: str, source: str) -> ReportSpec:
    """A spec from its TOML text; ``source`` names the file in errors.

    Raises:
        InputError: The text is no TOML, or a key is missing, misspelt or wrong.
    """
    keys = parse(text, source)
    confidentiality = keys.table("confidentiality")
    threshold = confidentiality.integer("threshold")
    if threshold < 1:
        raise confidentiality.error("threshold", "must be a positive count")
    confidentiality.done()
    dimensions = keys.texts("dimensions")
    _known(keys, "scope_dimension", dimensions)
    spec = _checked(
        keys,
        "family",
        lambda: ReportSpec(
            family=keys.text("family"),
            report_ids=keys.pattern("report_ids"),
            notes_section=keys.text("notes_section"),
            dimensions=dimensions,
            sections=tuple(_section(s, dimensions) for s in keys.tables("section")),
            threshold=threshold,
            measures=_measures(keys.table("measures")),
            structure=_structure(keys.table("structure")),
            wording=_wording(keys.table("wording")),
            breaks=tuple(_break(b, dimensions) for b in keys.tables("break", optional=True)),
            scope_dimension=keys.optional_text("scope_dimension"),
            scope=keys.mapping("scope"),
            titles_en=keys.mapping("title_en"),
        ),
    )
    keys.done()
    return spec


# The folders given with ``--specs``, read after the package's own.
_EXTRA: list[Path] = []


def use_folders(folders: Iterable[Path]) -> None:
    """Read report families (and codelists) from these folders too, after the package's.

    Each folder holds spec files (``*.toml``) and may hold a ``codelists/`` folder laid
    out as the package's (see :func:`publisher.mapping.codelists.all_codelists`).
    """
    _EXTRA[:] = [Path(f) for f in folders]


def extra_digest() -> str:
    """A hash of every file in the ``--specs`` folders ("" without any).

    What a build reads besides the package: caches and a release's freshness key on it,
    so that an edited spec or codelist there makes another build.
    """
    if not _EXTRA:
        return ""
    digest = hashlib.sha256()
    for folder in _EXTRA:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def spec_folders() -> tuple[Traversable, ...]:
    """Where specs are read from: the package's folder, then those of ``--specs``."""
    return (resources.files("publisher") / "specs", *_EXTRA)


def all_specs() -> tuple[ReportSpec, ...]:
    """Every spec: the package's, then those of the folders given with ``--specs``."""
    return _all_specs(spec_folders())


@cache
def _all_specs(folders: tuple[Traversable, ...]) -> tuple[ReportSpec, ...]:
    specs: list[ReportSpec] = []
    for folder in folders:
        if not folder.is_dir():
            raise InputError("no such spec folder", "--specs names a folder", Location(str(folder)))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".toml") and entry.is_file():
                spec = load(entry.read_text(encoding="utf-8"), _source(folder, entry))
                _check_unique(spec, specs, _source(folder, entry))
                specs.append(spec)
    return tuple(specs)


def _source(folder: Traversable, entry: Traversable) -> str:
    """How errors name a spec file: the package's by its path in the package."""
    return f"publisher/specs/{entry.name}" if not isinstance(folder, Path) else str(entry)


def _check_unique(spec: ReportSpec, earlier: list[ReportSpec], source: str) -> None:
    """Two families may not share a name or an SDMX id: the release would mix them up."""
    for other in earlier:
        counts = {spec.measures.monthly, other.measures.monthly}
        if counts & {spec.measures.average, other.measures.average}:
            problem = "key 'measures': a code is a count in one family, an average in another"
            raise InputError("bad report spec", problem, Location(source))
        for key, mine, theirs in (
            ("family", spec.family, other.family),
            ("structure.dsd", spec.structure.dsd, other.structure.dsd),
            ("structure.concepts", spec.structure.concepts, other.structure.concepts),
        ):
            if mine == theirs:
                raise InputError("bad report spec", f"key {key!r}: {mine!r} is family"
                                 f" {other.family}'s already", Location(source))  # fmt: skip


def spec_for(report_id: str) -> ReportSpec | None:
    """The spec whose ``report_ids`` pattern matches this report id, if any."""
    return _by_report(spec_folders(), report_id)


@cache
def _by_report(folders: tuple[Traversable, ...], report_id: str) -> ReportSpec | None:
    found = [s for s in _all_specs(folders) if s.report_ids.match(report_id)]
    if len(found) > 1:
        families = " and ".join(s.family for s in found)
        raise InputError("report specs overlap", f"families {families} both claim {report_id}")
    return found[0] if found else None


def spec_of(report_id: str) -> ReportSpec:
    """The spec of a report id that must have one (it was parsed with it)."""
    spec = spec_for(report_id)
    if spec is None:
        known = ", ".join(s.family for s in all_specs())
        raise InputError("no report spec", f"no family ({known}) has report {report_id}")
    return spec


def monthly_measures() -> frozenset[str]:
    """Every family's measure code of a month's count."""
    return _measure_codes(spec_folders())[0]


def average_measures() -> frozenset[str]:
    """Every family's measure code of a year-to-date average (a mean, not a count)."""
    return _measure_codes(spec_folders())[1]


@cache
def _measure_codes(folders: tuple[Traversable, ...]) -> tuple[frozenset[str], frozenset[str]]:
    specs = _all_specs(folders)
    return frozenset(s.measures.monthly for s in specs), frozenset(
        s.measures.average for s in specs
    )


def joined(words: Iterable[Words]) -> Words:
    """Several families' words as one text: each different one once, in order."""
    distinct = list(dict.fromkeys(words))
    return Words(" / ".join(w.nb for w in distinct), " / ".join(w.en for w in distinct))
