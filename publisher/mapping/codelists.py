"""The codelists shipped in ``codelists/``: loading them and finding a label's code.

``codelists/index.toml`` lists every codelist; each has a CSV of codes with names,
parents, validity dates and the labels Nav's reports print (aliases). A label matches an
alias when both agree ignoring case and all white space, since report labels wrap and
lose or gain spaces where their lines break.
"""

from __future__ import annotations

import csv
import difflib
import io
import tomllib
from datetime import date
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from publisher.model import Code, Codelist

_LANGUAGES = ("nb", "en", "se", "nn")
_ALIAS_SEPARATOR = "|"


def folder() -> Traversable:
    """Where the codelists are: ``codelists/`` in the repository, shipped in the package."""
    return resources.files("publisher") / "_codelists"


@cache
def all_codelists() -> dict[str, Codelist]:
    """Every codelist, by id."""
    index = tomllib.loads((folder() / "index.toml").read_text(encoding="utf-8"))
    lists = (_load(entry) for entry in index["codelist"])
    return {cl.id: cl for cl in lists}


def codelist(codelist_id: str) -> Codelist:
    """The codelist with this id."""
    return all_codelists()[codelist_id]


def for_dimension(dimension: str) -> Codelist:
    """The codelist that codes a cube dimension (``REF_AREA``, ``SEX`` …)."""
    for cl in all_codelists().values():
        if cl.dimension == dimension:
            return cl
    raise KeyError(f"no codelist codes the dimension {dimension!r}")


def _load(entry: dict[str, object]) -> Codelist:
    text = (folder() / str(entry["file"])).read_text(encoding="utf-8")
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
