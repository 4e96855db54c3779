"""Worker processes: results in the order given, and no worker outlives a killed build."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from publisher.building.workers import in_workers


def _square(value: int) -> int:
    time.sleep(0.01 * (5 - value))  # the first items finish last
    return value * value


def test_results_come_in_the_order_given_and_each_is_told() -> None:
    told: list[int] = []
    assert in_workers(_square, [1, 2, 3, 4], 2, told.append) == [1, 4, 9, 16]
    assert sorted(told) == [1, 4, 9, 16]


def _fail_on_two(value: int) -> int:
    if value == 2:
        raise ValueError("two")
    return value


def test_the_first_failure_in_order_is_raised() -> None:
    with pytest.raises(ValueError, match="two"):
        in_workers(_fail_on_two, [1, 2, 3], 2)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_with_a_killed_build(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    script = textwrap.dedent(
        f"""
        import os, time
        from publisher.building.workers import in_workers

        def work(item):
            with open({str(pids)!r}, "a") as f:
                f.write(f"{{os.getpid()}}\\n")
            time.sleep(60)

        in_workers(work, [1, 2], 2)
        """
    )
    build = subprocess.Popen([sys.executable, "-c", script], cwd=Path(__file__).parents[1])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_lines(pids)) < 2:
        time.sleep(0.05)
    workers = [int(line) for line in _lines(pids)]
    assert len(workers) == 2, "the workers did not start"
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers)


def _lines(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    state = next(line for line in status.splitlines() if line.startswith("State:"))
    return "Z" not in state.split()[1]
