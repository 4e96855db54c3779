"""Checks of what a build writes, run on each file as it is written and by ``validate``.

Each kind of file in the release's layout (:mod:`publisher.writers.layout`) has its
check in :data:`CHECKS`, by format: JSON-stat (:mod:`publisher.validation.jsonstat`),
SDMX (:mod:`publisher.validation.sdmx`), the catalogue
(:mod:`publisher.validation.catalogue`) and the landing page's links. A check takes the
file's bytes and what it may point at (the release's paths), so ``publish`` checks each
file once, from the bytes it has just written, in the process that wrote it;
:func:`check_release` does the same for a release folder. Every problem is one line.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from publisher.validation.catalogue import check_catalogue, check_catalogue_file
from publisher.validation.jsonstat import base_of, check_jsonstat, check_jsonstat_file
from publisher.validation.sdmx import check_csv, check_message
from publisher.writers import layout, sdmx_schemas
from publisher.writers.layout import File, Format

__all__ = ["CHECKS", "Context", "check_catalogue", "check_file", "check_jsonstat",
           "check_release", "check_sdmx"]  # fmt: skip
_MESSAGE = layout.OFFICIAL_SCHEMA.path(sdmx_schemas.MESSAGE)


@dataclass(frozen=True, slots=True)
class Context:
    """What a file is checked against: its release's folder, paths and URL.

    ``folder`` holds the SDMX schemas the XML files are checked with; ``links_base`` is
    the URL the JSON-stat links are under (given, or the collection's).
    """

    folder: Path
    paths: frozenset[str]
    base_url: str | None = None
    links_base: str | None = None


Check = Callable[[File, bytes, Context], list[str]]


def _jsonstat(file: File, data: bytes, context: Context) -> list[str]:
    return check_jsonstat_file(file.path, data, context.paths, context.links_base)


def _structure(file: File, data: bytes, context: Context) -> list[str]:
    if _MESSAGE not in context.paths:
        return []  # the release lacks SDMX's schemas: :func:`_missing` says so
    return check_message(file.path, data, context.folder / _MESSAGE, None)


def _sdmx_data(file: File, data: bytes, context: Context) -> list[str]:
    if _MESSAGE not in context.paths:
        return []
    flow_schema = context.folder / layout.FLOW_SCHEMA.path(str(file.family))
    return check_message(file.path, data, context.folder / _MESSAGE, flow_schema)


def _sdmx_csv(file: File, data: bytes, context: Context) -> list[str]:
    return check_csv(file.path, data)


def _catalogue(file: File, data: bytes, context: Context) -> list[str]:
    return check_catalogue_file(data, context.paths, context.base_url)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.targets += [v for k, v in attrs if k in ("href", "src") and v]


def _page(file: File, data: bytes, context: Context) -> list[str]:
    """Every link of the landing page is a file of the release."""
    parser = _Links()
    parser.feed(data.decode("utf-8"))
    return [
        f"{file.path}: link {target!r} is not a file of the release"
        for target in parser.targets
        if not target.startswith("#") and target.split("#")[0] not in context.paths
    ]


CHECKS: dict[Format, Check] = {
    Format.JSONSTAT: _jsonstat,
    Format.JSONSTAT_COLLECTION: _jsonstat,
    Format.SDMX_STRUCTURE: _structure,
    Format.SDMX_ML: _sdmx_data,
    Format.SDMX_CSV: _sdmx_csv,
    Format.CATALOGUE: _catalogue,
    Format.PAGE: _page,
}
# What a release must hold whatever its tables: the files every other file links to.
_REQUIRED = (*(k.path() for k in layout.KINDS if k.scope is layout.Scope.RELEASE
               and k.format is not Format.MANIFEST), _MESSAGE)  # fmt: skip


def check_file(file: File, data: bytes, context: Context) -> list[str]:
    """Every problem of one file of a release, from its bytes (none for unchecked kinds)."""
    check = CHECKS.get(file.kind.format)
    return check(file, data, context) if check is not None else []


def check_release(
    folder: Path, base_url: str | None = None, formats: Collection[Format] | None = None
) -> list[str]:
    """Every problem of a release folder, each file checked once.

    Args:
        folder: The release.
        base_url: Where it is served; by default, where its collection and catalogue say.
        formats: Check only the files of these formats (default: all).
    """
    paths = frozenset(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    collection = folder / layout.COLLECTION.path()
    links_base = base_url or (base_of(collection.read_bytes()) if collection.is_file() else None)
    context = Context(folder, paths, base_url, links_base)
    problems = [
        f"{folder}: no {path}"
        for path in _REQUIRED
        if path not in paths and (formats is None or _format(path) in formats)
    ]
    for path in sorted(paths):
        file = layout.find(path)
        if file is not None and (formats is None or file.kind.format in formats):
            problems += check_file(file, (folder / path).read_bytes(), context)
    return problems


def _format(path: str) -> Format | None:
    file = layout.find(path)
    return file.kind.format if file is not None else None


SDMX_FORMATS = frozenset({Format.SDMX_STRUCTURE, Format.SDMX_ML, Format.SDMX_CSV,
                          Format.SDMX_SCHEMA, Format.SDMX_OFFICIAL})  # fmt: skip


def check_sdmx(folder: Path) -> list[str]:
    """Every problem of the SDMX files of a release folder."""
    return check_release(folder, formats=SDMX_FORMATS)
