"""``startPeriod`` and ``endPeriod`` as SDMX REST has them, read down to months.

The standard takes ISO 8601 (``2025``, ``2025-01``, ``2025-01-31``) and SDMX reporting
periods (``2025-A1``, ``-S1``, ``-T1``, ``-Q1``, ``-M01``, ``-W01``, ``-D001``); the data
are monthly, so each names the months it covers, and a start takes its first month, an
end its last. A date that does not exist (``2025-02-31``, week 53 of a year of 52) is a
400, not an empty answer.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from publisher.serve.http import bad_request

_PERIOD = re.compile(r"(\d{4})-?([0-9ASTQMWD][0-9]{0,3}(?:-[0-9]{2})?)?")
_MONTHS_IN = {"A": 12, "S": 6, "T": 4, "Q": 3, "M": 1}


def month_bound(name: str, text: str, *, first: bool) -> str:
    """The first (or last) month ``text`` covers, as ``YYYY-MM``.

    Raises:
        ClientError: 400 for a text that is not a period or names no real one.
    """
    match = _PERIOD.fullmatch(text)
    try:
        if match is None:
            raise ValueError(text)
        start, end = _months(int(match.group(1)), match.group(2) or "")
    except ValueError:
        raise bad_request(name, f"{text!r} is not a period (2025, 2025-01, 2025-Q1 …)") from None
    day = start if first else end
    return f"{day.year:04d}-{day.month:02d}"


def _months(year: int, rest: str) -> tuple[date, date]:
    """The first and the last day of the period ``rest`` of ``year``."""
    if not rest:
        return date(year, 1, 1), date(year, 12, 31)
    kind, number = rest[0], rest[1:]
    if kind.isdigit():  # ISO: MM or MM-DD
        month, _, day = rest.partition("-")
        if len(month) != 2:
            raise ValueError(rest)
        first = date(year, int(month), int(day) if day else 1)
        return first, first if day else _month_end(first)
    if kind in _MONTHS_IN and number.isdigit():
        size = _MONTHS_IN[kind]
        count = int(number)
        if not 1 <= count <= 12 // size or len(number) != (2 if kind == "M" else 1):
            raise ValueError(rest)
        first = date(year, (count - 1) * size + 1, 1)
        return first, _month_end(date(year, count * size, 1))
    if kind == "W" and len(number) == 2 and number.isdigit():
        monday = date.fromisocalendar(year, int(number), 1)
        return monday, monday + timedelta(days=6)
    if kind == "D" and len(number) == 3 and number.isdigit() and int(number) >= 1:
        nth = date(year, 1, 1) + timedelta(days=int(number) - 1)
        if nth.year != year:
            raise ValueError(rest)
        return nth, nth
    raise ValueError(rest)


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)
