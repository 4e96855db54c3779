"""The codelists shipped in ``codelists/``: loading them and finding a label's code.

``codelists/index.toml`` lists every codelist; each has a CSV of codes with names,
parents, validity dates and the labels Nav's reports print (aliases). A label matches an
alias when both agree ignoring case and all white space, since report labels wrap and
lose or gain spaces where their lines break.
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import io
import tomllib
from datetime import date
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from publisher.errors import InputError, Location
from publisher.family.spec import spec_folders
from publisher.model import Code, Codelist

_LANGUAGES = ("nb", "en", "se", "nn")
_ALIAS_SEPARATOR = "|"


def folder() -> Traversable:
    """Where the codelists are: ``codelists/`` in the repository, shipped in the package."""
    return resources.files("publisher") / "_codelists"


def all_codelists() -> dict[str, Codelist]:
    """Every codelist, by id: the package's, then those of the spec folders (``--specs``).

    A spec folder's ``codelists/`` is laid out as the package's folder. A list of a new id
    is added; a list of a known id adds its codes to the known list (a family's own
    measures join ``CL_MEASURE``), but may not give a known code again.
    """
    extra = tuple(f / _EXTRA for f in spec_folders()[1:] if (f / _EXTRA / _INDEX).is_file())
    return _all_codelists((folder(), *extra))


_EXTRA, _INDEX = "codelists", "index.toml"


@cache
def _all_codelists(folders: tuple[Traversable, ...]) -> dict[str, Codelist]:
    found: dict[str, Codelist] = {}
    for where in folders:
        index = tomllib.loads((where / _INDEX).read_text(encoding="utf-8"))
        for cl in (_load(where, entry) for entry in index["codelist"]):
            known = found.get(cl.id)
            if known is not None:
                again = {c.id for c in known.codes} & {c.id for c in cl.codes}
                if again:
                    problem = f"{cl.id} already has {sorted(again)}"
                    raise InputError("codelist repeats codes", problem, Location(str(where)))
                cl = dataclasses.replace(known, codes=known.codes + cl.codes)
            found[cl.id] = cl
    return found


def codelist(codelist_id: str) -> Codelist:
    """The codelist with this id."""
    return all_codelists()[codelist_id]


def for_dimension(dimension: str) -> Codelist:
    """The codelist that codes a cube dimension (``REF_AREA``, ``SEX`` …)."""
    for cl in all_codelists().values():
        if cl.dimension == dimension:
            return cl
    raise KeyError(f"no codelist codes the dimension {dimension!r}")


def _load(where: Traversable, entry: dict[str, object]) -> Codelist:
    text = (where / str(entry["file"])).read_text(encoding="utf-8")
    codes = tuple(_code(row) for row in csv.DictReader(io.StringIO(text)))
    names = entry.get("name", {})
    descriptions = entry.get("description", {})
    assert isinstance(names, dict) and isinstance(descriptions, dict)  # noqa: S101 - index format
    dimension = entry.get("dimension")
    return Codelist(
        id=str(entry["id"]),
        agency=str(entry["agency"]),
        version=str(entry["version"]),
        names={str(k): str(v) for k, v in names.items()},
        descriptions={str(k): str(v) for k, v in descriptions.items()},
        dimension=str(dimension) if dimension else None,
        codes=codes,
        source=str(entry.get("source", "")),
    )


def _code(row: dict[str, str]) -> Code:
    return Code(
        id=row["id"],
        names={lang: row[f"name_{lang}"] for lang in _LANGUAGES if row.get(f"name_{lang}")},
        parent=row["parent"] or None,
        valid_from=date.fromisoformat(row["valid_from"]) if row["valid_from"] else None,
        valid_to=date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
        aliases=tuple(a for a in row["aliases"].split(_ALIAS_SEPARATOR) if a),
    )


def squeeze(label: str) -> str:
    """A label for comparison: lower case, without white space or soft hyphens."""
    return "".join(label.casefold().replace("\u00ad", "").split())


class Lookup:
    """Finds codes by label among the codes of one codelist in force on one day."""

    def __init__(self, cl: Codelist, day: date, ids: frozenset[str] | None = None) -> None:
        """Index the labels of the codes in force on ``day`` (only ``ids``, if given)."""
        self.codelist = cl
        self.codes = tuple(c for c in cl.at(day) if ids is None or c.id in ids)
        self._by_label: dict[str, Code] = {}
        for code in self.codes:
            for label in (*code.aliases, *code.names.values()):
                self._by_label.setdefault(squeeze(label), code)

    def find(self, label: str) -> Code | None:
        """The code whose name or alias is this label, if any."""
        return self._by_label.get(squeeze(label))

    def closest(self, label: str, n: int = 3) -> list[str]:
        """The codes whose labels come closest, as ``ID name`` for an error message."""
        near = difflib.get_close_matches(squeeze(label), list(self._by_label), n=n, cutoff=0.4)
        codes = {self._by_label[k].id: self._by_label[k] for k in near}
        return [f"{code.id} {code.names['nb']}" for code in codes.values()]
