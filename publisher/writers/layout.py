"""A release's layout, in one place: every file it holds, what it is and who writes it.

Each kind of file is one line of :data:`KINDS`: its format, where it goes (a path
pattern), its media type, what one file covers (the release, a report family or a
table), its language, and the writer that renders it, named ``module:function`` under
``publisher.writers``. From that table come every path a writer links to (JSON-stat
``link``, the catalogue's distributions, the page's downloads), what ``validate`` checks
and how, what ``publish`` renders, and what ``serve`` reads back (:func:`find` turns a
path back into its kind, family, table and language). Writers are named rather than
imported so that this module stays a leaf: writers import it for their links, and the
validators and the server read it without loading a writer. Adding a format is a writer
function, its code in :class:`Format` and its line here. A language is a kind of its own
(``nb`` has no language folder, being the release's own; ``en`` has ``en/``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

FLOW_PREFIX = "DF_"
MANIFEST = "manifest.json"
CATALOGUE_IRI = "catalog"  # the DCAT catalogue's IRI under the release's URL
SDMX_STRUCTURE = "application/vnd.sdmx.structure+xml;version=2.1"
SDMX_DATA = "application/vnd.sdmx.structurespecificdata+xml;version=2.1"
SDMX_CSV = "application/vnd.sdmx.data+csv;version=2.0.0"
SDMX_SCHEMAS = "sdmx21"  # under sdmx/: SDMX's own schemas, which the dataflows' import


class Format(StrEnum):
    """The formats of a release's files, by the code the layout and the writers use."""

    PAGE = "html"
    CATALOGUE = "dcat"
    MANIFEST = "manifest"
    JSONSTAT = "json-stat"
    JSONSTAT_COLLECTION = "json-stat-collection"
    PX = "px"
    SDMX_STRUCTURE = "sdmx-structure"
    SDMX_SCHEMA = "sdmx-schema"  # a dataflow's structure-specific XSD
    SDMX_CSV = "sdmx-csv"
    SDMX_ML = "sdmx-ml"
    SDMX_OFFICIAL = "sdmx-official-schema"  # SDMX's own XSDs, shipped verbatim


class Scope(StrEnum):
    """What one file of a kind covers."""

    RELEASE = "release"
    FAMILY = "family"
    TABLE = "table"
    SCHEMA = "schema"  # one file per official SDMX schema


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of file: a line of the layout.

    ``pattern`` holds ``{table}``, ``{flow}`` or ``{name}`` as the scope needs; ``text``
    says the file is UTF-8 text (served with a charset); ``label`` is the format's short
    name where a link names it.
    """

    format: Format
    pattern: str
    media_type: str
    scope: Scope
    writer: str  # "module:function" under publisher.writers, taking (Edition, File)
    language: str | None = None
    text: bool = False
    label: str = ""

    def path(self, key: str = "") -> str:
        """The path of this kind's file for a table id, a family or a schema name."""
        if self.scope is Scope.FAMILY:
            return self.pattern.format(flow=flow_id(key))
        return self.pattern.format(table=key, name=key)


_JSON, _XML = "application/json", "application/xml"
_TABLE, _FAMILY, _RELEASE = Scope.TABLE, Scope.FAMILY, Scope.RELEASE
# fmt: off
PAGE = Kind(Format.PAGE, "index.html", "text/html", _RELEASE, "html:page_file", text=True)
CATALOGUE = Kind(Format.CATALOGUE, "catalog.ttl", "text/turtle", _RELEASE,
                 "dcat:catalogue_file", text=True, label="DCAT")
MANIFEST_FILE = Kind(Format.MANIFEST, MANIFEST, _JSON, _RELEASE, "")  # publish writes it last
COLLECTION = Kind(Format.JSONSTAT_COLLECTION, "jsonstat/collection.json", _JSON, _RELEASE,
                  "registry:collection_file", "nb", label="JSON-stat")
COLLECTION_EN = Kind(Format.JSONSTAT_COLLECTION, "jsonstat/en/collection.json", _JSON,
                     _RELEASE, "registry:collection_file", "en", label="JSON-stat")
JSONSTAT = Kind(Format.JSONSTAT, "jsonstat/{table}.json", _JSON, _TABLE,
                "registry:dataset_file", "nb", label="JSON-stat")
JSONSTAT_EN = Kind(Format.JSONSTAT, "jsonstat/en/{table}.json", _JSON, _TABLE,
                   "registry:dataset_file", "en", label="JSON-stat")
PX = Kind(Format.PX, "px/{table}.px", "text/x-pcaxis", _TABLE, "registry:px_file", text=True,
          label="PX")
STRUCTURE = Kind(Format.SDMX_STRUCTURE, "sdmx/structure.xml", SDMX_STRUCTURE, _RELEASE,
                 "registry:structure_file", label="SDMX")
FLOW_SCHEMA = Kind(Format.SDMX_SCHEMA, "sdmx/{flow}.xsd", _XML, _FAMILY,
                   "registry:flow_schema_file")
SDMX_CSV_FILE = Kind(Format.SDMX_CSV, "sdmx/{flow}.csv", SDMX_CSV, _FAMILY,
                     "registry:sdmx_csv_file", text=True, label="SDMX-CSV")
SDMX_ML_FILE = Kind(Format.SDMX_ML, "sdmx/{flow}.xml", SDMX_DATA, _FAMILY,
                    "registry:sdmx_ml_file", label="SDMX-ML")
OFFICIAL_SCHEMA = Kind(Format.SDMX_OFFICIAL, f"sdmx/{SDMX_SCHEMAS}/{{name}}", _XML, Scope.SCHEMA,
                       "registry:official_schema_file")
# fmt: on

# Every kind, in the order a release is rendered: SDMX's schemas first (the XML files
# are checked against them), then the longest work first, so that workers end together:
# the catalogue (its check runs the DCAT-AP-NO shapes), a family's SDMX files (its schema
# before its data, which is checked against it), the page; the manifest last.
KINDS: tuple[Kind, ...] = (
    OFFICIAL_SCHEMA, CATALOGUE, FLOW_SCHEMA, SDMX_CSV_FILE, SDMX_ML_FILE, PAGE, STRUCTURE,
    COLLECTION, COLLECTION_EN, JSONSTAT, JSONSTAT_EN, PX, MANIFEST_FILE,
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class File:
    """One file of a release: its path and kind, and the family or table it covers."""

    path: str
    kind: Kind
    family: str | None = None
    table: str | None = None

    @property
    def language(self) -> str | None:
        """The language of the file's labels, if it has any."""
        return self.kind.language


def flow_id(family: str) -> str:
    """The SDMX dataflow id of a report family: ``DF_TILT150``."""
    return FLOW_PREFIX + family


def family_of(flow: str) -> str | None:
    """The report family of a dataflow id, or None if it is not one of ours."""
    return flow.removeprefix(FLOW_PREFIX) if flow.startswith(FLOW_PREFIX) else None


def of(fmt: Format, language: str | None = None) -> Kind:
    """The kind of ``fmt`` (in ``language``, where its files have one)."""
    return next(k for k in KINDS if k.format is fmt and language in (None, k.language))


def files(tables: Mapping[str, Sequence[str]], schemas: Iterable[str] = ()) -> tuple[File, ...]:
    """Every file of a release, in :data:`KINDS` order (the manifest last).

    Args:
        tables: Each report family's table ids, families in release order.
        schemas: The file names of the official SDMX schemas the release ships.
    """
    found: list[File] = []
    for kind in KINDS:
        if kind.scope is Scope.RELEASE:
            found.append(File(kind.path(), kind))
        elif kind.scope is Scope.SCHEMA:
            found += [File(kind.path(name), kind) for name in schemas]
        elif kind.scope is Scope.FAMILY:
            found += [File(kind.path(family), kind, family) for family in tables]
        else:
            found += [File(kind.path(t), kind, f, t) for f, ids in tables.items() for t in ids]
    return tuple(found)


def _matcher(kind: Kind) -> re.Pattern[str]:
    parts = re.split(r"(\{table\}|\{flow\}|\{name\})", kind.pattern)
    groups = {"{table}": r"(?P<table>[^/]+)", "{name}": r"(?P<name>[^/]+)",
              "{flow}": re.escape(FLOW_PREFIX) + r"(?P<family>[^/]+)"}  # fmt: skip
    return re.compile("".join(groups.get(p, re.escape(p)) for p in parts))


# Fixed paths first: ``jsonstat/collection.json`` is the collection, not a table's dataset.
_MATCHERS = tuple(
    (kind, _matcher(kind)) for kind in sorted(KINDS, key=lambda k: k.scope is not Scope.RELEASE)
)


def find(path: str) -> File | None:
    """The file a release path is, or None for a path no kind of file has.

    A table's family is not in its path: :attr:`File.family` is None for table files.
    """
    for kind, matcher in _MATCHERS:
        match = matcher.fullmatch(path)
        if match is not None:
            found = match.groupdict()
            return File(path, kind, found.get("family"), found.get("table"))
    return None


def media_type(path: str) -> str | None:
    """The media type a server sends a release path with (text with its charset)."""
    file = find(path)
    if file is None:
        return None
    kind = file.kind
    return f"{kind.media_type}; charset=utf-8" if kind.text else kind.media_type
