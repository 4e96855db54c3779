"""The codelists a release's tables are coded in, as its ``structure.xml`` has them.

The server names codes from the release it serves, never from the codelists installed
with the package: a release built with other codelists (an older build, a name changed
since) would otherwise be served under names its own ``/sdmx/structure.xml`` does not
have. A structure message holds one version of each code (its latest name), which is
what every writer labels a code with.
"""

from __future__ import annotations

from dataclasses import dataclass

from sdmx.message import StructureMessage
from sdmx.model import common

from publisher.model import Code, Codelist


@dataclass(frozen=True, slots=True)
class Reference:
    """A codelist as a JSON-stat dataset of ours names it: ``agency:id(version)``."""

    agency: str
    id: str
    version: str

    def __str__(self) -> str:
        return f"{self.agency}:{self.id}({self.version})"


def codelist(message: StructureMessage, reference: Reference) -> Codelist:
    """The codelist ``reference`` names, from the structure message.

    Raises:
        ValueError: the message has no such codelist, or one whose codes lack a name in
            Norwegian or English.
    """
    found = message.codelist.get(reference.id)
    if found is None or Reference(_agency(found), reference.id, str(found.version)) != reference:
        raise ValueError(f"structure.xml has no codelist {reference}")
    codes = tuple(
        Code(id=code.id, names=dict(code.name.localizations), parent=_parent(code))
        for code in found.items.values()
    )
    return Codelist(
        id=found.id,
        agency=_agency(found),
        version=str(found.version),
        names=dict(found.name.localizations),
        codes=codes,
    )


def _agency(artefact: common.MaintainableArtefact) -> str:
    maintainer = artefact.maintainer
    return "" if maintainer is None else str(maintainer.id)


def _parent(code: common.Code) -> str | None:
    """The parent code's id; sdmx1 makes a top-level code's parent its codelist."""
    parent = code.parent
    return parent.id if isinstance(parent, common.Code) else None
