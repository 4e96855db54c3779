"""Work in forked worker processes that die with the build.

One way to run work on every core, for parsing, mapping, the audit and rendering: fork
(where there is fork), so workers start at once with the modules and the build's data in
memory; results come back in the order the work was given, whatever order it finished
in; the first failure in that order is raised as the worker raised it. A worker dies
with the process that started it (Linux's parent-death signal, and a check of its parent
where that is missing), so a killed build leaves no worker behind writing into its
staging folder.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from publisher.errors import PublisherError

_A = TypeVar("_A")
_T = TypeVar("_T")
_PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


def in_workers(
    work: Callable[[_A], _T],
    items: list[_A],
    jobs: int,
    advance: Callable[[_T], object] = lambda _: None,
    meanwhile: Callable[[], object] = lambda: None,
) -> list[_T]:
    """``work`` done on every item, in the order given; the first failure in that order is raised.

    What ``work`` returns crosses a process boundary: keep it to bytes where it is large.

    Args:
        work: What to do with one item.
        items: The items.
        jobs: Worker processes; 1 (or a single item) works in this process.
        advance: Told of each result as it arrives (for progress).
        meanwhile: Done in this process while the workers work (before the work, without
            workers); if it fails, the work not yet started is cancelled.
    """
    if jobs <= 1 or len(items) <= 1:
        meanwhile()
        done = []
        for item in items:
            done.append(work(item))
            advance(done[-1])
        return done
    try:
        with ProcessPoolExecutor(
            min(jobs, len(items)),
            mp_context=fork_context(),
            initializer=_die_with_parent,
            initargs=(os.getpid(),),
        ) as pool:
            futures = [pool.submit(work, item) for item in items]
            try:
                meanwhile()
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
            failed = _gather(futures, advance)
    except BrokenProcessPool as exc:
        raise PublisherError("a worker process stopped", str(exc)) from exc
    if failed < len(futures):
        futures[failed].result()  # raises the worker's error
    return [future.result() for future in futures]


def _gather(futures: list[Future[_T]], advance: Callable[[_T], object]) -> int:
    """Wait for every future; the index of the first that failed (their number if none).

    Once one fails, the later ones not yet started are cancelled.
    """
    failed = len(futures)
    for future in as_completed(futures):
        if future.cancelled():
            continue
        if future.exception() is None:
            advance(future.result())
        else:
            failed = min(failed, futures.index(future))
            for later in futures[failed + 1 :]:
                later.cancel()
    return failed


def cores() -> int:
    """The cores this process may run on (its affinity), else the machine's."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def fork_context() -> multiprocessing.context.BaseContext | None:
    """Fork where there is fork: workers start at once with the modules already loaded."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def _die_with_parent(parent: int) -> None:
    """Run in each worker as it starts: end when the build's process ends."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the build died before the signal was asked for
        os._exit(1)
