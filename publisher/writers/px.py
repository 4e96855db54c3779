"""PX files for PxWeb: one per report table, in Norwegian with English as a second language.

The stub is the table's own dimensions, the heading its measure (the content variable) and
its months (``TIMEVAL``, ids ``2026M01``). The file is UTF-8 (``CODEPAGE="utf-8"``), and
every text keyword is there in both languages (``KEY`` and ``KEY[en]``). A cell Nav
suppressed is the dot code ``".."``, shown as ``:`` (``DATASYMBOL2``, SSB's symbol for
"not shown for confidentiality"); a cell no report printed is ``"."``. Neither is ever a
number. A series break is said in ``NOTE`` and on its month (``VALUENOTE``). Lists wrap
after a comma (:mod:`publisher.writers.px_text`), and every ``DATA`` line ends with a
space, so a reader that joins lines without a separator still sees the row boundaries.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import numpy as np

from publisher.confidentiality import (
    PX_MISSING,
    PX_MISSING_SHOWN,
    PX_SUPPRESSED,
    PX_SUPPRESSED_SHOWN,
    SUPPRESSED,
)
from publisher.family.spec import average_measures, spec_of
from publisher.merging.cube import MEASURE, TIME_PERIOD, number_text
from publisher.writers import breaks
from publisher.writers.px_text import keyword, quote
from publisher.writers.tables import Dimension, Table, cells, latest

LANGUAGES = ("nb", "en")
_TEXT = {
    "nb": {
        MEASURE: "statistikkvariabel",
        TIME_PERIOD: "måned",
        "source": "Nav (Arbeids- og velferdsetaten)",
        "note": "Tall under {threshold} er skjult av Nav (statistikkloven § 7-1) og vises som «:».",
        "missing": "Ingen rapport har tall for denne måneden",
    },
    "en": {
        MEASURE: "measure",
        TIME_PERIOD: "month",
        "source": "Nav (Norwegian Labour and Welfare Administration)",
        "note": "Nav hides counts under {threshold} (Statistics Act § 7-1); they show as ':'.",
        "missing": "No report has figures for this month",
    },
}


def _variable(dimension: Dimension, lang: str) -> str:
    if dimension.codelist is None or dimension.id == MEASURE:
        return _TEXT[lang][dimension.id]
    return dimension.codelist.names.get(lang, dimension.codelist.names["nb"]).lower()


def _values(dimension: Dimension, lang: str) -> list[str]:
    if dimension.codelist is None:
        return [p.replace("-", "M") for p in dimension.codes]
    names = (latest(dimension.codelist, code).names for code in dimension.codes)
    return [n.get(lang, n["nb"]) for n in names]


def _codes(dimension: Dimension) -> list[str]:
    if dimension.codelist is None:
        return [p.replace("-", "M") for p in dimension.codes]
    return list(dimension.codes)


def _stamp(day: date) -> str:
    return day.strftime("%Y%m%d 00:00")


def px_file(table: Table) -> str:
    """The table as a PX file (AXIS-VERSION 2013) with every value and symbol."""
    stub = [d for d in table.dimensions if d.id not in (MEASURE, TIME_PERIOD)]
    heading = [d for d in table.dimensions if d.id in (MEASURE, TIME_PERIOD)]
    lines = [
        'AXIS-VERSION="2013";',
        'CODEPAGE="utf-8";',
        'LANGUAGE="nb";',
        keyword("LANGUAGES", list(LANGUAGES)),
        f'CREATION-DATE="{_stamp(table.updated)}";',
        f"DECIMALS={_decimals(table)};",
        "SHOWDECIMALS=0;",
        f'MATRIX="{table.id}";',
        f"SUBJECT-CODE={quote(table.family)};",
    ]
    for lang in LANGUAGES:
        lines += list(_described(table, stub, heading, lang))
    lines += list(_content(table, heading))
    for lang in LANGUAGES:  # the symbols are the same; what they say is in the NOTE
        lines += [f"DATASYMBOL1{_suffix(lang)}={quote(PX_MISSING_SHOWN)};",
                  f"DATASYMBOL2{_suffix(lang)}={quote(PX_SUPPRESSED_SHOWN)};"]  # fmt: skip
    lines.append("DATA=")
    lines += list(_data(table, stub))
    return "\n".join(lines).rstrip(" ") + ";\n"  # the last line ends at its ";"


def _suffix(lang: str) -> str:
    return "" if lang == "nb" else f"[{lang}]"


def _described(
    table: Table, stub: list[Dimension], heading: list[Dimension], lang: str
) -> Iterator[str]:
    key, text, words = _suffix(lang), _TEXT[lang], spec_of(table.family).wording
    yield keyword(f"SUBJECT-AREA{key}", [words.subject(lang)])
    yield keyword(f"CONTENTS{key}", [words.name(lang)])
    yield keyword(f"TITLE{key}", [table.title(lang)])
    yield keyword(f"UNITS{key}", [words.unit(lang)])
    yield keyword(f"STUB{key}", [_variable(d, lang) for d in stub])
    yield keyword(f"HEADING{key}", [_variable(d, lang) for d in heading])
    yield keyword(f"CONTVARIABLE{key}", [text[MEASURE]])
    for dimension in (*stub, *heading):
        yield from _variable_keywords(dimension, lang)
    yield keyword(f"SOURCE{key}", [text["source"]])
    hidden = text["note"].format(threshold=spec_of(table.family).threshold)
    notes = [hidden, *(breaks.note(b, lang) for b in table.breaks)]
    yield keyword(f"NOTE{key}", [" ".join(notes)])
    yield from _break_notes(table, lang)


def _variable_keywords(dimension: Dimension, lang: str) -> Iterator[str]:
    key = _suffix(lang)
    name = quote(_variable(dimension, lang))
    values = _values(dimension, lang)
    yield keyword(f"VALUES{key}({name})", values)
    if dimension.id == TIME_PERIOD:
        yield keyword(f"TIMEVAL{key}({name})", values, wrap=False).replace("=", "=TLIST(M1),", 1)
    yield keyword(f"CODES{key}({name})", _codes(dimension))
    yield f"VARIABLECODE{key}({name})={quote(dimension.id)};"
    if "_T" in dimension.codes:
        total = values[dimension.codes.index("_T")]
        yield keyword(f"ELIMINATION{key}({name})", [total])


def _break_notes(table: Table, lang: str) -> Iterator[str]:
    """A ``VALUENOTE`` on the month of each series break, saying what broke."""
    month = quote(_TEXT[lang][TIME_PERIOD])
    for brk in table.breaks:
        at = quote(brk.month.replace("-", "M"))
        yield keyword(f"VALUENOTE{_suffix(lang)}({month},{at})", [breaks.note(brk, lang)])


def _content(table: Table, heading: list[Dimension]) -> Iterator[str]:
    measure = next(d for d in heading if d.id == MEASURE)
    unit = spec_of(table.family).wording.unit
    for lang in LANGUAGES:
        key = _suffix(lang)
        for value in _values(measure, lang):
            yield f"UNITS{key}({quote(value)})={quote(unit(lang))};"
            yield f"LAST-UPDATED{key}({quote(value)})={quote(_stamp(table.updated))};"


def _decimals(table: Table) -> int:
    averages = table.data[MEASURE].isin(average_measures())
    values = table.data.loc[averages, "OBS_VALUE"].dropna().astype(float)
    return 0 if (values == values.round()).all() else 1


def _data(table: Table, stub: list[Dimension]) -> Iterator[str]:
    """The cells, one stub row a line, space separated, each line ending in a space."""
    dense = cells(table)
    width = int(np.prod([len(d.codes) for d in table.dimensions[len(stub) :]]))
    texts = _cell_texts(dense.values, dense.status)
    for start in range(0, len(texts), width):
        yield " ".join(texts[start : start + width]) + " "


def _cell_texts(values: np.ndarray[Any, Any], status: dict[int, str]) -> list[str]:
    texts = [number_text(v) if v == v else PX_MISSING for v in values.tolist()]
    for index, mark in status.items():
        if mark == SUPPRESSED:
            texts[index] = PX_SUPPRESSED
    return texts
