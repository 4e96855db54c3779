"""PX files for PxWeb: one per report table, in Norwegian with English as a second language.

The stub is the table's own dimensions, the heading its measure (the content variable) and
its months (``TIMEVAL``, ids ``2026M01``). The file is UTF-8 (``CODEPAGE="utf-8"``).
A cell Nav suppressed is the dot code ``".."``, shown as ``:`` (``DATASYMBOL2``, SSB's
symbol for "not shown for confidentiality"); a cell no report printed is ``"."``. Neither is
ever a number.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import numpy as np

from publisher.cube import MEASURE, TIME_PERIOD, number_text
from publisher.mapping import AVERAGE
from publisher.tables import Dimension, Table, cells, latest

SUPPRESSED, MISSING = '".."', '"."'
LANGUAGES = ("nb", "en")
_TEXT = {
    "nb": {
        MEASURE: "statistikkvariabel",
        TIME_PERIOD: "måned",
        "contents": "Tiltaksdeltakere",
        "units": "personer",
        "subject": "Arbeidsmarkedstiltak",
        "source": "Nav (Arbeids- og velferdsetaten)",
        "suppressed": "Vises ikke av konfidensialitetshensyn (færre enn 4 personer)",
        "note": "Tall under 4 er skjult av Nav (statistikkloven § 7-1) og vises som «:».",
        "break": "Brudd i tidsserien: {months}. Se Navs merknad om statistikken.",
    },
    "en": {
        MEASURE: "measure",
        TIME_PERIOD: "month",
        "contents": "Programme participants",
        "units": "persons",
        "subject": "Labour market programmes",
        "source": "Nav (Norwegian Labour and Welfare Administration)",
        "suppressed": "Not shown for confidentiality (fewer than 4 persons)",
        "note": "Nav hides counts under 4 (Statistics Act § 7-1); they show as ':'.",
        "break": "Break in the time series: {months}. See Nav's note on the statistics.",
    },
}


def _quote(text: str) -> str:
    """A PX string value: no double quotes inside, so they become single ones."""
    return '"' + text.replace('"', "'").replace("\n", " ") + '"'


def _list(texts: list[str]) -> str:
    return ",".join(_quote(t) for t in texts)


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
        f"LANGUAGES={_list(list(LANGUAGES))};",
        f'CREATION-DATE="{_stamp(table.updated)}";',
        f"DECIMALS={_decimals(table)};",
        "SHOWDECIMALS=0;",
        f'MATRIX="{table.id}";',
        f"SUBJECT-CODE={_quote(table.family)};",
    ]
    for lang in LANGUAGES:
        lines += list(_described(table, stub, heading, lang))
    lines += list(_content(table, heading))
    lines += [
        f"DATASYMBOL1={_quote('.')};",
        f"DATASYMBOL2={_quote(':')};",
        "DATA=",
    ]
    lines += list(_data(table, stub))
    return "\n".join(lines) + ";\n"


def _suffix(lang: str) -> str:
    return "" if lang == "nb" else f"[{lang}]"


def _described(
    table: Table, stub: list[Dimension], heading: list[Dimension], lang: str
) -> Iterator[str]:
    key, text = _suffix(lang), _TEXT[lang]
    variables = [_variable(d, lang) for d in stub]
    yield f"SUBJECT-AREA{key}={_quote(text['subject'])};"
    yield f"CONTENTS{key}={_quote(text['contents'])};"
    yield f"TITLE{key}={_quote(table.title(lang))};"
    yield f"UNITS{key}={_quote(text['units'])};"
    yield f"STUB{key}={_list(variables)};"
    yield f"HEADING{key}={_list([_variable(d, lang) for d in heading])};"
    yield f"CONTVARIABLE{key}={_quote(text[MEASURE])};"
    for dimension in (*stub, *heading):
        name = _quote(_variable(dimension, lang))
        values = _values(dimension, lang)
        yield f"VALUES{key}({name})={_list(values)};"
        if dimension.id == TIME_PERIOD:
            yield f"TIMEVAL{key}({name})=TLIST(M1),{_list(values)};"
        yield f"CODES{key}({name})={_list(_codes(dimension))};"
        yield f"VARIABLECODE{key}({name})={_quote(dimension.id)};"
        if "_T" in dimension.codes:
            total = values[dimension.codes.index("_T")]
            yield f"ELIMINATION{key}({name})={_quote(total)};"
    yield f"SOURCE{key}={_quote(text['source'])};"
    note = text["note"]
    breaks = sorted(set(table.data.loc[table.data["OBS_STATUS"] == "B", TIME_PERIOD]))
    if breaks:
        note += " " + text["break"].format(months=", ".join(breaks))
    yield f"NOTE{key}={_quote(note)};"


def _content(table: Table, heading: list[Dimension]) -> Iterator[str]:
    measure = next(d for d in heading if d.id == MEASURE)
    for lang in LANGUAGES:
        key = _suffix(lang)
        for value in _values(measure, lang):
            yield f"UNITS{key}({_quote(value)})={_quote(_TEXT[lang]['units'])};"
            yield f"LAST-UPDATED{key}({_quote(value)})={_quote(_stamp(table.updated))};"


def _decimals(table: Table) -> int:
    values = table.data.loc[table.data[MEASURE] == AVERAGE, "OBS_VALUE"].dropna().astype(float)
    return 0 if (values == values.round()).all() else 1


def _data(table: Table, stub: list[Dimension]) -> Iterator[str]:
    """The cells, one stub row a line, space separated."""
    dense = cells(table)
    width = int(np.prod([len(d.codes) for d in table.dimensions[len(stub) :]]))
    texts = _cell_texts(dense.values, dense.status)
    for start in range(0, len(texts), width):
        yield " ".join(texts[start : start + width])


def _cell_texts(values: np.ndarray[Any, Any], status: dict[int, str]) -> list[str]:
    texts = [number_text(v) if v == v else MISSING for v in values.tolist()]
    for index, mark in status.items():
        if mark == "Q":
            texts[index] = SUPPRESSED
    return texts
