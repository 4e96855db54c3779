"""Build the codelists in ``codelists/`` from the reference files and our hand-made tables.

Run from anywhere::

    python scripts/build_codelists.py [REFERENCE_DIR] [--check]

``REFERENCE_DIR`` defaults to ``../shared/reference`` beside the repository. Facts copied
from others (SSB Klass regions, SDMX codelists) are read from there; facts we add by hand
(Norwegian names, aliases, Nav's Arena codes, our own codes) from ``codelists/_manual/``.
Everything is checked before anything is written: ids, names, validity, parents and that no
label names two codes at once. The output is deterministic (fixed row order, UTF-8 without
BOM, LF line endings); ``--check`` writes nothing and fails if a file would change.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "codelists"
MANUAL = OUT / "_manual"
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference"

HEADER = ("id", "parent", "name_nb", "name_en", "name_se", "name_nn", "valid_from", "valid_to")
ALIASES = "aliases"
SEPARATOR = "|"
TOTAL = "_T"
REGION = "CL_REGION"
NO_TOTAL = frozenset({"CL_MEASURE"})  # measures are not summed; attribute lists have no dimension
BUILD_KEYS = frozenset({"reference", "reference_codes"})
INDEX_KEYS = ("id", "file", "dimension", "agency", "version", "name", "description", "source")

# The two regional structures: 2020-2023 (files *_2020.csv hold the 2023 names) and from 2024.
OLD_START, OLD_END, NEW_START = date(2020, 1, 1), date(2023, 12, 31), date(2024, 1, 1)
SAMI_NAMES_DAY = date(2024, 2, 16)  # statsråd approved four Sami parallel names
SPLIT = " - "  # between the language parts of a Klass name
NORTHERN_SAMI = "se"


class BuildError(ValueError):
    """The inputs contradict themselves or the codelist format; nothing is written."""


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a codelist CSV: a code, or one period of a code whose name changed."""

    id: str
    parent: str = ""
    name_nb: str = ""
    name_en: str = ""
    name_se: str = ""
    name_nn: str = ""
    valid_from: str = ""
    valid_to: str = ""
    aliases: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> Row:
        """A row from a CSV record with the codelist columns."""
        fields = {key: data.get(key, "") for key in HEADER}
        return cls(**fields, aliases=split_aliases(data.get(ALIASES, "")))

    def record(self) -> list[str]:
        """The row's cells in column order."""
        cells = [getattr(self, key) for key in HEADER]
        return [*cells, SEPARATOR.join(self.aliases)]

    def labels(self) -> set[str]:
        """Every name and alias, squeezed for comparison."""
        names = (self.name_nb, self.name_en, self.name_se, self.name_nn, *self.aliases)
        return {squeeze(n) for n in names if n}

    def span(self) -> tuple[date, date]:
        """The validity as dates, open ends as the extreme dates."""
        start = date.fromisoformat(self.valid_from) if self.valid_from else date.min
        end = date.fromisoformat(self.valid_to) if self.valid_to else date.max
        return start, end


def squeeze(label: str) -> str:
    """A label as the loader compares it: lower case, without any white space."""
    return "".join(label.casefold().split())


def split_aliases(text: str) -> tuple[str, ...]:
    """The ``|``-separated aliases of a cell, with doubles (after squeezing) dropped."""
    return unique(a.strip() for a in text.split(SEPARATOR) if a.strip())


def unique(labels: Iterable[str]) -> tuple[str, ...]:
    """Labels in their first order, without those that compare equal to an earlier one."""
    seen: set[str] = set()
    kept = []
    for label in labels:
        if label and squeeze(label) not in seen:
            seen.add(squeeze(label))
            kept.append(label)
    return tuple(kept)


def read_csv(path: Path) -> list[dict[str, str]]:
    """The records of a UTF-8 CSV with a header row."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- CL_REGION ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    """A name a region code had from ``start`` to ``end`` (inclusive; None: still has)."""

    name: str
    start: date
    end: date | None


def region_spans(ref: Path) -> dict[str, list[Span]]:
    """Every Klass county and municipality code with its names over time."""
    spans: dict[str, list[Span]] = defaultdict(list)
    for file in ("fylker_2020.csv", "kommuner_2020.csv"):
        for rec in read_csv(ref / file):
            spans[rec["code"]].append(Span(rec["name"], OLD_START, OLD_END))
    for rec in read_csv(ref / "fylker_2024.csv"):
        spans[rec["code"]].append(Span(rec["name"], NEW_START, None))
    for rec in read_csv(ref / "kommuner_2024.csv"):
        before = rec["name_before_2024_02_16"]
        if before:
            spans[rec["code"]].append(Span(before, NEW_START, SAMI_NAMES_DAY - timedelta(1)))
        start = SAMI_NAMES_DAY if before else NEW_START
        spans[rec["code"]].append(Span(rec["name"], start, None))
    return {code: merged(code_spans) for code, code_spans in spans.items()}


def merged(spans: list[Span]) -> list[Span]:
    """Spans in time order, a name that runs on across two spans joined into one."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        last = out[-1] if out else None
        if last and last.name == span.name and last.end == span.start - timedelta(1):
            out[-1] = Span(last.name, last.start, span.end)
        else:
            out.append(span)
    return out


def language_parts(name: str, languages: dict[str, str]) -> tuple[str, str]:
    """The Norwegian part of a Klass name and its Northern Sami part (or "")."""
    parts = name.split(SPLIT)
    norwegian = [p for p in parts if p not in languages]
    if len(norwegian) != 1:
        raise BuildError(f"cannot tell the Norwegian part of {name!r}: see the language table")
    sami = [p for p in parts if languages.get(p) == NORTHERN_SAMI]
    return norwegian[0], sami[0] if sami else ""


def region_row(code: str, span: Span, earlier: Sequence[Span], languages: dict[str, str]) -> Row:
    """The row of one period of a Klass code, after the names it had before."""
    name_no, name_se = language_parts(span.name, languages)
    return Row(
        id=code,
        parent=TOTAL if len(code) == 2 else code[:2],
        name_nb=span.name,
        name_en=span.name,
        name_se=name_se,
        valid_from=span.start.isoformat(),
        valid_to=span.end.isoformat() if span.end else "",
        aliases=unique([span.name, name_no, *(s.name for s in earlier)]),
    )


def region_rows(ref: Path) -> list[Row]:
    """CL_REGION: Klass counties and municipalities of both structures, and Nav's extras."""
    languages = {r["part"]: r["language"] for r in read_csv(MANUAL / "region_name_languages.csv")}
    variants: dict[str, list[str]] = defaultdict(list)
    for rec in read_csv(MANUAL / "region_print_variants.csv"):
        variants[rec["code"]].append(rec["alias"])
    rows = [Row.from_dict(r) for r in read_csv(MANUAL / "region_extra.csv")]
    for code, spans in region_spans(ref).items():
        for i, span in enumerate(spans):
            row = region_row(code, span, spans[:i], languages)
            rows.append(replace(row, aliases=unique([*row.aliases, *variants[code]])))
    check_name_no(rows, ref, languages)
    return sorted(rows, key=region_order)


def region_order(row: Row) -> tuple[int, str, str]:
    """Hele landet first, then counties, then municipalities, each by code and date."""
    return (0 if row.id == TOTAL else len(row.id), row.id, row.valid_from)


def check_name_no(rows: list[Row], ref: Path, languages: dict[str, str]) -> None:
    """Our Norwegian part of each 2024 name must be the reference's ``name_no``."""
    expected = {r["code"]: r["name_no"] for r in read_csv(ref / "kommuner_2024.csv")}
    expected |= {r["code"]: r["name_no"] for r in read_csv(ref / "fylker_2024.csv")}
    for row in rows:
        if row.id in expected and not row.valid_to:
            name_no = language_parts(row.name_nb, languages)[0]
            if name_no != expected[row.id]:
                raise BuildError(f"{row.id}: Norwegian part {name_no!r} != {expected[row.id]!r}")


def check_region_counts(rows: list[Row], extra_ids: set[str]) -> None:
    """11 counties and 356 municipalities in 2023, 15 and 357 from 2024 (SSB Klass)."""
    for day, counties, municipalities in ((OLD_END, 11, 356), (NEW_START, 15, 357)):
        klass = [r for r in valid_at(rows, day) if r.id not in extra_ids]
        found = (sum(len(r.id) == 2 for r in klass), sum(len(r.id) == 4 for r in klass))
        if found != (counties, municipalities):
            raise BuildError(f"CL_REGION on {day}: {found} counties and municipalities")


def valid_at(rows: Iterable[Row], day: date) -> list[Row]:
    """The rows in force on ``day``."""
    return [r for r in rows if r.span()[0] <= day <= r.span()[1]]


# --- The other codelists ---------------------------------------------------------------


def manual_rows(entry: dict[str, object], codes: list[dict[str, str]], ref: Path) -> list[Row]:
    """A codelist from ``_manual/codes.csv``, English names from its reference if it has one."""
    listed = [Row.from_dict(c) for c in codes if c["codelist"] == entry["id"]]
    if "reference" not in entry:
        return listed
    reference = {r["code"]: r["name_en"] for r in read_csv(ref / str(entry["reference"]))}
    by_id = {row.id: row for row in listed}
    # A code of our own (not in the reference) must bring its English name.
    unknown = sorted(c for c, row in by_id.items() if c not in reference and not row.name_en)
    if unknown:
        raise BuildError(f"{entry['id']}: {unknown} are not in {entry['reference']}")
    order = list(reference) if entry["reference_codes"] == "all" else list(by_id)
    return [filled(by_id.get(code, Row(id=code)), reference.get(code, "")) for code in order]


def filled(row: Row, name_en: str) -> Row:
    """A row with the reference's English name, unless the row names it itself."""
    return row if row.name_en else replace(row, name_en=name_en)


# --- Checks ------------------------------------------------------------------------------


def check(list_id: str, rows: list[Row], by_level: bool) -> None:
    """Refuse a codelist that breaks the format's rules (see codelists/README.md)."""
    ids = {row.id for row in rows}
    for row in rows:
        if not (row.id and row.name_nb and row.name_en):
            raise BuildError(f"{list_id}: {row.id!r} needs an id and names in nb and en")
        if row.span()[1] < row.span()[0]:
            raise BuildError(f"{list_id}: {row.id} ends before it starts")
        if row.parent and row.parent not in ids:
            raise BuildError(f"{list_id}: the parent {row.parent!r} of {row.id} is no code")
    check_overlaps(list_id, rows)
    check_parents_valid(list_id, rows)
    check_labels(list_id, rows, by_level)


def check_overlaps(list_id: str, rows: list[Row]) -> None:
    """An id appears in several rows only with validities that do not overlap."""
    by_id: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_id[row.id].append(row)
    for code, same in by_id.items():
        spans = sorted(r.span() for r in same)
        if any(a[1] >= b[0] for a, b in pairwise(spans)):
            raise BuildError(f"{list_id}: the rows of {code} overlap in time")


def check_parents_valid(list_id: str, rows: list[Row]) -> None:
    """A code's parent is in force on the first and the last day the code is."""
    for row in rows:
        if not row.parent:
            continue
        parents = [r for r in rows if r.id == row.parent]
        for day in row.span():
            if not valid_at(parents, day):
                raise BuildError(f"{list_id}: the parent of {row.id} is not in force on {day}")


def check_labels(list_id: str, rows: list[Row], by_level: bool) -> None:
    """No name or alias names two codes in force on one day (per level, for regions)."""
    seen: dict[tuple[int, str], list[Row]] = defaultdict(list)
    for row in rows:
        level = len(row.id) if by_level else 0
        for label in row.labels():
            for other in seen[level, label]:
                if other.id != row.id and overlap(other, row):
                    raise BuildError(f"{list_id}: {label!r} names {other.id} and {row.id}")
            seen[level, label].append(row)


def overlap(a: Row, b: Row) -> bool:
    """Whether two rows are in force on some common day."""
    return a.span()[0] <= b.span()[1] and b.span()[0] <= a.span()[1]


# --- The 2023 → 2024 correspondence -------------------------------------------------------


def correspondence(ref: Path, regions: list[Row]) -> list[tuple[str, str, str]]:
    """Every region code in force on 2023-12-31 with its code(s) from 2024 and the change."""
    pairs = [(r["old_code"], r["new_code"], r["change_type"]) for r in _change_records(ref)]
    olds: dict[str, set[str]] = defaultdict(set)
    news: dict[str, set[str]] = defaultdict(set)
    for old, new, _ in pairs:
        olds[old].add(new)
        news[new].add(old)
    out = []
    for old, new, klass_type in pairs:
        ours = _change_type(old, new, olds, news)
        if KLASS_CHANGE_TYPES.get(klass_type) != ours:
            raise BuildError(f"{old}→{new}: Klass says {klass_type}, the codes say {ours}")
        out.append((old, new, ours))
    klass_ids = set(olds)
    out += [(r.id, r.id, "unchanged") for r in valid_at(regions, OLD_END) if r.id not in klass_ids]
    out = [row for row in out if row[0] != TOTAL]
    check_correspondence(out, regions)
    return sorted(out, key=lambda row: (len(row[0]), row[0], row[1]))


# Klass's change types (our column in the reference files) folded into ours: a renaming
# keeps the code, so it is no change of code.
KLASS_CHANGE_TYPES = {
    "unchanged": "unchanged",
    "renamed": "unchanged",
    "renumbered": "renumbered",
    "renumbered_renamed": "renumbered",
    "split": "split",
    "merged": "merged",
}


def _change_records(ref: Path) -> list[dict[str, str]]:
    return read_csv(ref / "fylker_change_2024.csv") + read_csv(ref / "kommuner_change_2024.csv")


def _change_type(old: str, new: str, olds: dict[str, set[str]], news: dict[str, set[str]]) -> str:
    if len(olds[old]) > 1:
        return "split"
    if len(news[new]) > 1:
        return "merged"
    return "unchanged" if old == new else "renumbered"


def check_correspondence(rows: list[tuple[str, str, str]], regions: list[Row]) -> None:
    """Old codes are those of 2023-12-31, new codes those of 2024-01-01, all of them."""
    before = {r.id for r in valid_at(regions, OLD_END)} - {TOTAL}
    after = {r.id for r in valid_at(regions, NEW_START)} - {TOTAL}
    if {row[0] for row in rows} != before or {row[1] for row in rows} != after:
        raise BuildError("the 2023→2024 correspondence does not cover both structures")


# --- Output --------------------------------------------------------------------------------


def render_csv(header: Sequence[str], records: Iterable[Sequence[str]]) -> str:
    """CSV text with a header, LF line endings, quoting only where needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(records)
    return buffer.getvalue()


def render_index(meta: dict[str, list[dict[str, object]]]) -> str:
    """``index.toml``: the codelists' metadata without the build keys, and the correspondence."""
    lines = ["# Generated by scripts/build_codelists.py from _manual/codelists.toml: do not edit."]
    for table in ("codelist", "correspondence"):
        for entry in meta[table]:
            kept = {k: v for k, v in entry.items() if k not in BUILD_KEYS}
            if table == "codelist":
                kept["file"] = f"{kept['id']}.csv"
            keys = [k for k in INDEX_KEYS if k in kept] + [k for k in kept if k not in INDEX_KEYS]
            lines += ["", f"[[{table}]]", *(f"{k} = {toml_value(kept[k])}" for k in keys)]
    return "\n".join(lines) + "\n"


def toml_value(value: object) -> str:
    """A string, or a table of strings, as TOML (JSON string escapes are valid TOML)."""
    if isinstance(value, dict):
        items = ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }"
    return json.dumps(str(value), ensure_ascii=False)


def build(ref: Path) -> dict[str, str]:
    """Every output file's name and text."""
    meta = tomllib.loads((MANUAL / "codelists.toml").read_text(encoding="utf-8"))
    codes = read_csv(MANUAL / "codes.csv")
    files = {"index.toml": render_index(meta)}
    lists: dict[str, list[Row]] = {}
    for entry in meta["codelist"]:
        list_id = str(entry["id"])
        is_region = list_id == REGION
        rows = region_rows(ref) if is_region else manual_rows(entry, codes, ref)
        check(list_id, rows, by_level=is_region)
        if "dimension" in entry and list_id not in NO_TOTAL and TOTAL not in {r.id for r in rows}:
            raise BuildError(f"{list_id} has no total {TOTAL}")
        lists[list_id] = rows
        files[f"{list_id}.csv"] = render_csv((*HEADER, ALIASES), (r.record() for r in rows))
    extra_ids = {r["id"] for r in read_csv(MANUAL / "region_extra.csv")}
    check_region_counts(lists[REGION], extra_ids)
    pairs = correspondence(ref, lists[REGION])
    files["CL_REGION_2023_2024.csv"] = render_csv(("old_code", "new_code", "change_type"), pairs)
    return files


def write(files: dict[str, str], check_only: bool) -> int:
    """Write the files (or, checking, report those that would change); the exit status."""
    stale = [n for n, text in files.items() if _read(OUT / n) != text]
    if check_only:
        for name in stale:
            print(f"out of date: codelists/{name}", file=sys.stderr)
        return 1 if stale else 0
    for name in stale:
        (OUT / name).write_bytes(files[name].encode("utf-8"))
    print(f"{len(files)} files in codelists/, {len(stale)} written")
    return 0


def _read(path: Path) -> str | None:
    return path.read_bytes().decode("utf-8") if path.exists() else None


def main(argv: Sequence[str] | None = None) -> int:
    """Build the codelists; the process exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference", nargs="?", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--check", action="store_true", help="fail if a file would change")
    args = parser.parse_args(argv)
    try:
        files = build(args.reference)
    except (BuildError, OSError, KeyError) as exc:
        print(f"build_codelists: {exc}", file=sys.stderr)
        return 2
    return write(files, args.check)


if __name__ == "__main__":
    sys.exit(main())
