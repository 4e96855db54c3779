"""A month as an earlier report printed it, from the cube's revision log.

Design: an average covers the months as its own report printed them; where a later report
revised one of them, the release publishes the new value, and the average relates to the
old one. The revision log (which the manifest publishes) says what the old one was: a
number, a ``*``, or a number withheld because the new value is suppressed.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from publisher.merging.cube import Revision

Key = tuple[str, ...]
State = tuple[str, float | None]  # OBS_STATUS and value


class History:
    """The revisions of every cell, in the order the merge applied them."""

    def __init__(self, revisions: list[Revision]) -> None:
        """Group the revision log by cell."""
        self.by_key: dict[Key, list[Revision]] = defaultdict(list)
        for revision in revisions:
            self.by_key[tuple(v for _, v in revision.key)].append(revision)

    def as_printed(self, key: Key, source: str, updated: object) -> State | None:
        """The cell as the report ``source`` printed it; None if the release publishes that.

        The merge took reports in the order of their update date, then their path.
        """
        revisions = self.by_key.get(key)
        if not revisions:
            return None
        when = (_day(updated), source)
        state: State = (revisions[0].old_status, revisions[0].old_value)
        applied = 0
        for revision in revisions:
            if (revision.new_updated, revision.new_source) <= when:
                state = (revision.new_status, revision.new_value)
                applied += 1
        return None if applied == len(revisions) else state


def _day(value: object) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
