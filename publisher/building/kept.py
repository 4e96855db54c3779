"""The merged cube of a build, kept so that the next build merges only its new reports.

A build keeps its merged cube (before the checks) with the reports it was merged from,
named by those inputs (path and sha256) and on a shelf of the code's
:func:`~publisher.building.cache.state_version`. The next build starts from the kept
state of the most of its inputs and no others; when every new report is applied after
the kept ones (the usual case: a new month), it is merged onto the kept cube
(:func:`~publisher.merging.cube.merge_onto`), which gives the cube a merge of every
report would; otherwise everything is merged anew from the prepared reports. A few
states are kept, the newest; any of them may be deleted at any time.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from dataclasses import dataclass
from pathlib import Path

from publisher.building.cache import Shelf, state_version
from publisher.building.prepared import PREFIX, Prepared
from publisher.family.spec import extra_digest
from publisher.merging.cube import Cube

STATES = "cube-"
AUDITS = "audit-"
_KEEP = 3  # states; each is about the size of the cube
_INPUTS = "-inputs"


@dataclass(frozen=True, slots=True)
class State:
    """A merged cube and the reports it was merged from (without their rows), by path."""

    cube: Cube
    reports: tuple[Prepared, ...]

    @property
    def inputs(self) -> frozenset[tuple[str, str]]:
        """(path, sha256) of every report merged."""
        return frozenset(r.input for r in self.reports)


class Kept:
    """The shelves of what builds make past parsing, in the cache folder."""

    def __init__(self, folder: Path) -> None:
        """Open the shelves of the current code in ``folder``."""
        version = state_version() + extra_digest()  # --specs folders map reports too
        self.prepared = Shelf(folder, PREFIX, version)
        self.states = Shelf(folder, STATES, version)
        self.audits = Shelf(folder, AUDITS, version)

    def base(self, inputs: list[tuple[Path, str]]) -> State | None:
        """The kept state of the most of these inputs and none else; None if there is none."""
        wanted = {(str(path), digest) for path, digest in inputs}
        best: tuple[int, str] | None = None
        for index in self.states.entries.glob(f"*{_INPUTS}.pickle"):
            name = index.name.removesuffix(f"{_INPUTS}.pickle")
            merged = self.states.get(name + _INPUTS)
            if isinstance(merged, frozenset) and merged <= wanted:
                best = max(best or (0, ""), (len(merged), name))
        state = self.states.get(best[1]) if best else None
        return state if isinstance(state, State) else None

    def keep(self, state: State) -> None:
        """Keep a state (unless already kept), and only the newest few."""
        name = _name(state.inputs)
        if self.states.has(name):
            return
        self.states.put(name, pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
        self.states.put(name + _INPUTS, pickle.dumps(state.inputs))
        indexes = sorted(
            self.states.entries.glob(f"*{_INPUTS}.pickle"), key=lambda p: p.stat().st_mtime
        )
        for stale in indexes[:-_KEEP]:
            with contextlib.suppress(OSError):
                stale.unlink()
                self.states.path(stale.name.removesuffix(f"{_INPUTS}.pickle")).unlink()


def _name(inputs: frozenset[tuple[str, str]]) -> str:
    """A state's name: a hash of its inputs."""
    text = "\n".join(f"{path}\0{digest}" for path, digest in sorted(inputs))
    return hashlib.sha256(text.encode()).hexdigest()[:32]
