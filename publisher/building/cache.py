"""The parse cache: a parsed report kept per input content, so a rebuild parses only news.

An entry is keyed by the sha256 of the file's bytes, its suffix (which picks the reader)
and the parser version, a hash over the source of everything that decides what a file
parses to (readers, grammar, spec, model) and ``publisher.__version__``: any change to
that code invalidates every entry without anyone having to remember a bump. Entries are
pickled :class:`~publisher.model.Report` objects written atomically (a temporary file,
then a rename); an entry that cannot be read is a miss. The folder is
``$PUBLISHER_CACHE_DIR``, else ``$XDG_CACHE_HOME/publisher``, else
``~/.cache/publisher``; it holds nothing else and is safe to delete at any time.

The same folder keeps, on :class:`Shelf` s of their own, what a build makes past parsing
(see :mod:`publisher.building.kept`): those are keyed by :func:`state_version`, a hash of
every file of the package that can change what a report maps to, merges into or what the
checks and the audit find (everything but the writers, validators, server and CLI).
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
from publisher.family.spec import extra_digest
from publisher.model import Report

ENV_VAR = "PUBLISHER_CACHE_DIR"
# What a file parses to depends on these, relative to the package folder.
_PARSER_SOURCES = ("readers", "parse", "family", "specs", "model.py")
_PREFIX = "parse-"
# What happens past parsing depends on every file but these (downstream of the cube).
_DOWNSTREAM = ("writers", "validation", "serve", "_templates", "schemas", "cli.py", "progress.py")


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


@cache
def state_version() -> str:
    """A hash of every package file that decides a report's mapping, the merge and the checks.

    Leaves out only what works on the finished cube, so a new module anywhere upstream
    counts without anyone having to list it.
    """
    found = [
        path
        for path in PACKAGE.rglob("*")
        if path.is_file()
        and path.suffix in (".py", ".toml", ".csv", ".json")
        and "__pycache__" not in path.parts
        and path.relative_to(PACKAGE).parts[0] not in _DOWNSTREAM
    ]
    return files_digest(found)


class Shelf:
    """Pickled objects on disk, by name, under one version of the code that made them.

    Args:
        folder: The cache folder.
        prefix: The kind of entry; entries go to ``<prefix><version>``, and the subfolders
            of the prefix's other versions are removed on the first write.
        version: The code version the entries were made by.
    """

    def __init__(self, folder: Path, prefix: str, version: str) -> None:
        self.folder = folder
        self.prefix = prefix
        self.entries = folder / f"{prefix}{version}"
        self._pruned = False

    def path(self, name: str) -> Path:
        """Where the entry ``name`` is kept."""
        return self.entries / f"{name}.pickle"

    def has(self, name: str) -> bool:
        """Whether an entry of this name is kept (it may still be unreadable)."""
        return self.path(name).is_file()

    def get(self, name: str) -> object | None:
        """The object kept as ``name``; None if missing or unreadable."""
        try:
            found: object = pickle.loads(self.path(name).read_bytes())  # noqa: S301 - ours
        except Exception:  # missing, truncated, unreadable by this Python: a miss
            return None
        return found

    def put(self, name: str, data: bytes) -> None:
        """Keep pickled bytes as ``name``, atomically; an unwritable cache is no error."""
        with contextlib.suppress(OSError):
            self._prune()
            self.entries.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.entries, delete=False) as tmp:
                try:
                    tmp.write(data)
                except OSError:
                    Path(tmp.name).unlink()
                    raise
            os.replace(tmp.name, self.path(name))

    def _prune(self) -> None:
        """Remove the entries of other versions: nothing will read them again."""
        if self._pruned or not self.folder.is_dir():
            return
        self._pruned = True
        for stale in self.folder.glob(f"{self.prefix}*"):
            if stale != self.entries:
                shutil.rmtree(stale, ignore_errors=True)


class ParseCache:
    """Parsed reports on disk, by content, suffix and parser version.

    Args:
        folder: The cache folder; entries go to a subfolder per parser version, and the
            subfolders of other versions are removed on the first write.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.shelf = Shelf(folder, _PREFIX, parser_version() + extra_digest())
        self.entries = self.shelf.entries

    @staticmethod
    def _name(digest: str, suffix: str) -> str:
        return f"{digest}{suffix.lower()}"

    def get(self, digest: str, path: Path) -> Report | None:
        """The report cached for this content, read as if from ``path``; None on a miss."""
        report = self.shelf.get(self._name(digest, path.suffix))
        if not isinstance(report, Report):
            return None
        return dataclasses.replace(report, source=str(path), sha256=digest)

    def put(self, digest: str, path: Path, data: bytes) -> None:
        """Keep a pickled report; a cache that cannot be written is no error."""
        self.shelf.put(self._name(digest, path.suffix), data)
