"""Progress of long work: a bar per stage on a terminal, nothing anywhere else.

The pipeline reports stages (``parse``, ``map`` …) and steps within them to a
:class:`Progress`; whether anything is drawn is the CLI's choice. :data:`SILENT` draws
nothing; :func:`bars` draws with rich on standard error, one bar per stage, each left on
screen when its stage ends, so that warnings printed between stages stay lines of their
own. rich is imported only when bars are drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

Advance = Callable[[], None]


class Progress(Protocol):
    """Where the pipeline says how far it is."""

    def stage(self, name: str, total: int) -> AbstractContextManager[Advance]:
        """A stage of ``total`` steps; the context gives the function that counts one."""
        ...


class _Silent:
    """Draws nothing."""

    @contextmanager
    def stage(self, name: str, total: int) -> Iterator[Advance]:
        yield lambda: None


SILENT: Progress = _Silent()


class _Bars:
    """A rich progress bar per stage, on standard error."""

    def __init__(self) -> None:
        from rich.console import Console

        self.console = Console(stderr=True)

    @contextmanager
    def stage(self, name: str, total: int) -> Iterator[Advance]:
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn

        columns = (
            TextColumn(f"{name:<9}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        from rich.progress import Progress as Rich

        with Rich(*columns, console=self.console) as bar:
            task = bar.add_task(name, total=total)
            yield lambda: bar.advance(task)
            bar.update(task, completed=total)


def bars() -> Progress:
    """Progress drawn with rich on standard error."""
    return _Bars()
