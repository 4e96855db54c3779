"""A longer fuzz run than the test suite's: mangled texts and damaged PDFs, counted.

Every input must give a result or a PublisherError, in bounded time; anything else is
printed with the seed that makes it. Run from the repository root:
``python bench/fuzz.py [--texts 500] [--pdfs 300]``.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from publisher.building.pipeline import make_cube
from publisher.errors import PublisherError
from tests.navgen import generate, render_fpdf
from tests.readers.test_damaged import _damage
from tests.test_fuzz import LINES, _apply


def _text_edits(rng: random.Random) -> list[tuple[object, ...]]:
    edits: list[tuple[object, ...]] = []
    for _ in range(rng.randint(1, 8)):
        kind = rng.choice(("drop", "swap", "repeat", "cut", "digits"))
        at = rng.randrange(len(LINES))
        if kind == "swap":
            edits.append((kind, at, rng.randrange(len(LINES))))
        elif kind == "cut":
            edits.append((kind, at, rng.randrange(40)))
        elif kind == "digits":
            edits.append((kind, at, "".join(rng.choice("0123456789* \xa0") for _ in range(6))))
        else:
            edits.append((kind, at))
    return edits


def _run(path: Path, outcomes: Counter[str], slowest: list[float], label: str) -> None:
    start = time.perf_counter()
    try:
        make_cube([path])
        outcomes["read"] += 1
    except PublisherError as error:
        outcomes[error.title.split(":")[0]] += 1
    except Exception as error:
        outcomes["CRASH"] += 1
        print(f"CRASH {label}: {type(error).__name__}: {error}")
    slowest.append(time.perf_counter() - start)


def main() -> None:
    """Mangle, run, count."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=500)
    parser.add_argument("--pdfs", type=int, default=300)
    args = parser.parse_args()
    outcomes: Counter[str] = Counter()
    times: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mangled.txt"
        for seed in range(args.texts):
            path.write_text(_apply(_text_edits(random.Random(seed))), encoding="utf-8")
            _run(path, outcomes, times, f"text seed {seed}")
        report, _ = generate(months=2, municipalities=4, seed=2)
        good = render_fpdf(report, Path(folder) / "good.pdf").read_bytes()
        damaged = Path(folder) / "damaged.pdf"
        for seed in range(args.pdfs):
            damaged.write_bytes(_damage(good, random.Random(seed)))
            _run(damaged, outcomes, times, f"pdf seed {seed}")
    total = args.texts + args.pdfs
    print(f"{total} inputs ({args.texts} texts, {args.pdfs} PDFs); slowest {max(times):.2f} s")
    for outcome, count in outcomes.most_common():
        print(f"{count:>6}  {outcome}")


if __name__ == "__main__":
    main()
