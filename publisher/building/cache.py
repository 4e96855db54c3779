"""The parse cache: a parsed report kept per input content, so a rebuild parses only news.

An entry is keyed by the sha256 of the file's bytes, its suffix (which picks the reader)
and the parser version, a hash over the source of everything that decides what a file
parses to (readers, grammar, spec, model) and ``publisher.__version__``: any change to
that code invalidates every entry without anyone having to remember a bump. Entries are
pickled :class:`~publisher.model.Report` objects written atomically (a temporary file,
then a rename); an entry that cannot be read is a miss. The folder is
``$PUBLISHER_CACHE_DIR``, else ``$XDG_CACHE_HOME/publisher``, else
``~/.cache/publisher``; it holds nothing else and is safe to delete at any time.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import pickle
import shutil
import tempfile
from functools import cache
from pathlib import Path

from publisher.building.freshness import PACKAGE, files_digest
from publisher.model import Report

ENV_VAR = "PUBLISHER_CACHE_DIR"
# What a file parses to depends on these, relative to the package folder.
_PARSER_SOURCES = ("readers", "parse", "family", "specs", "model.py")
_PREFIX = "parse-"


def default_dir() -> Path:
    """The cache folder: ``$PUBLISHER_CACHE_DIR``, ``$XDG_CACHE_HOME/publisher`` or ``~/.cache``."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "publisher"


@cache
def parser_version() -> str:
    """A hash of the parser's source files and the publisher version."""
    found = []
    for name in _PARSER_SOURCES:
        root = PACKAGE / name
        found += [p for p in root.rglob("*") if p.is_file()] if root.is_dir() else [root]
    return files_digest([path for path in found if path.suffix in (".py", ".toml")])


class ParseCache:
    """Parsed reports on disk, by content, suffix and parser version.

    Args:
        folder: The cache folder; entries go to a subfolder per parser version, and the
            subfolders of other versions are removed on the first write.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.entries = folder / f"{_PREFIX}{parser_version()}"
        self._pruned = False

    def _path(self, digest: str, suffix: str) -> Path:
        return self.entries / f"{digest}{suffix.lower()}.pickle"

    def get(self, digest: str, path: Path) -> Report | None:
        """The report cached for this content, read as if from ``path``; None on a miss."""
        entry = self._path(digest, path.suffix)
        try:
            report = pickle.loads(entry.read_bytes())  # noqa: S301 - our own files
        except Exception:  # missing, truncated, unreadable by this Python: a miss
            return None
        if not isinstance(report, Report):
            return None
        return dataclasses.replace(report, source=str(path), sha256=digest)

    def put(self, digest: str, path: Path, data: bytes) -> None:
        """Keep a pickled report; a cache that cannot be written is no error."""
        with contextlib.suppress(OSError):
            self._prune()
            self.entries.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.entries, delete=False) as tmp:
                try:
                    tmp.write(data)
                except OSError:
                    Path(tmp.name).unlink()
                    raise
            os.replace(tmp.name, self._path(digest, path.suffix))

    def _prune(self) -> None:
        """Remove the entries of other parser versions: nothing will read them again."""
        if self._pruned or not self.folder.is_dir():
            return
        self._pruned = True
        for stale in self.folder.glob(f"{_PREFIX}*"):
            if stale != self.entries:
                shutil.rmtree(stale, ignore_errors=True)
