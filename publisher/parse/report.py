"""The Nav report grammar: pages of text lines in, a :class:`~publisher.model.Report` out.

One pass over the lines. Each line is a page header, a section line, a period line, part
of the column header, page-footer noise, a note, or part of a table row; anything else is
an input error naming the file, page and line. The report's layout facts (which sections
exist) come from its spec, not from this module.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Generic, TypeVar

from publisher.errors import InputError, Location
from publisher.family.spec import ReportSpec, SectionSpec, all_specs, spec_for
from publisher.model import Month, Period, Report
from publisher.parse.lines import (
    MONTH_NAMES,
    PAGE_HEADER,
    SECTION,
    is_furniture,
    is_note,
    normalise,
    parse_date,
    period_months,
)
from publisher.parse.numbers import keeps_separators
from publisher.parse.resolve import build_table
from publisher.parse.rows import RawTable, Rule, make_row, split_row, starts_row
from publisher.readers import Document, Page
from publisher.readers.wording import AVERAGE_HEADER, AVERAGE_LETTERS, HeaderWords, header_words

T = TypeVar("T")


def parse_document(document: Document) -> Report:
    """Parse a document read from one report file."""
    parser = _Parser(document)
    for page in document.pages:
        parser.page(page)
    return parser.finish()


@dataclass(frozen=True, slots=True)
class _Seen(Generic[T]):
    """A fact every page must agree on, with where it was first read."""

    value: T
    where: Location


def _agree(seen: _Seen[T] | None, what: str, value: T, where: Location) -> _Seen[T]:
    """The fact as first seen; an error if this page says otherwise."""
    if seen is None:
        return _Seen(value, where)
    if seen.value != value:
        raise InputError(
            f"the pages disagree on the {what}",
            f"{value!r} here, {seen.value!r} at {seen.where}",
            where,
        )
    return seen


@dataclass(slots=True)
class _Parser:
    document: Document
    explicit: bool = False
    page_number: int = 0
    sheet: str | None = None
    spec: ReportSpec | None = None
    header: _Seen[tuple[str, str]] | None = None
    updated: _Seen[date] | None = None
    period: _Seen[tuple[Month, Month]] | None = None
    section: SectionSpec | None = None
    in_notes: bool = False
    tables: list[RawTable] = field(default_factory=list)
    months: tuple[int, ...] | None = None
    band: str | None = None  # the average's letters read in the open column header band
    column_headers: list[tuple[tuple[int, ...], Location]] = field(default_factory=list)
    pending: list[tuple[str, int]] = field(default_factory=list)  # label lines: text, line
    carried: list[tuple[str, Location]] = field(default_factory=list)  # the last page's
    page_top: bool = False  # no row read on this page yet
    totals: set[str] = field(default_factory=set)  # this table's one-line `I alt` rows
    notes: list[str] = field(default_factory=list)
    paragraph: list[str] = field(default_factory=list)

    # -- lines -----------------------------------------------------------------------

    def page(self, page: Page) -> None:
        self.page_number, self.sheet = page.number, page.sheet
        # A page that kept its thousands separators anywhere kept them everywhere; one
        # that lost them is read by grouping digits, page by page.
        self.explicit = keeps_separators("\n".join(page.lines))  # one search, not one a line
        self.page_top = True
        texts = [normalise(raw) for raw in page.lines]  # once: the header search reads them too
        numbers = page.rows or range(page.first_line, page.first_line + len(texts))
        for index in range(_furniture_above(texts), len(texts)):
            if text := texts[index]:
                self._line(text, numbers[index])
            else:
                self._end_paragraph()
        self._end_page()

    def _at(self, line: int) -> Location:
        return Location(self.document.name, self.page_number, line, self.sheet)

    def _line(self, text: str, line: int) -> None:
        # Cheap substring tests first: most lines are table rows.
        if "Kilde: " in text and (match := PAGE_HEADER.match(text)):
            self._page_header(match, self._at(line))
        elif is_furniture(text):
            pass
        elif self.spec is None:
            raise InputError(
                "text before the first page header",
                f"{text!r}; a report page starts with 'Kilde: NAV <report> <title>'",
                self._at(line),
            )
        elif "Rapport oppdatert" in text and (match := SECTION.match(text)):
            self._section(match["title"], match["date"], self._at(line))
        elif months := period_months(text):
            if months[1] < months[0]:
                raise InputError("period ends before it starts", repr(text), self._at(line))
            self.period = _agree(self.period, "period", months, self._at(line))
        elif self.section is None and not self.in_notes:
            raise InputError("text before the first section title", repr(text), self._at(line))
        elif self.in_notes:
            self.paragraph.append(text)
        elif (words := header_words(text)) and self._column_header(words, self._at(line)):
            pass
        else:
            self._row_line(text, line)

    def _page_header(self, match: re.Match[str], where: Location) -> None:
        report_id, title = match["id"], match["title"]
        if self.spec is None:
            self.spec = spec_for(report_id)
            if self.spec is None:
                families = ", ".join(s.report_ids.pattern for s in all_specs())
                raise InputError(
                    "unknown report", f"no spec for {report_id!r} (known: {families})", where
                )
        self.header = _agree(self.header, "page header", (report_id, title), where)

    def _section(self, title: str, updated: str, where: Location) -> None:
        assert self.spec is not None  # noqa: S101 - a page header always comes first
        try:
            date_ = parse_date(updated)
        except ValueError as exc:
            raise InputError("impossible date", repr(updated), where) from exc
        self.updated = _agree(self.updated, "update date", date_, where)
        self.in_notes = title == self.spec.notes_section
        if self.in_notes or (self.tables and self.tables[-1].title != title):
            self._no_carried()
        if self.in_notes:
            self.section = None
            return
        section = self.spec.section(title)
        if section is None:
            close = difflib.get_close_matches(title, self.spec.titles, n=3, cutoff=0.5)
            hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
            raise InputError(
                "unknown section",
                f"{title!r} is not a section of {self.spec.family} reports{hint}",
                where,
            )
        if self.tables and self.tables[-1].title == title and self.section is not None:
            return  # the section goes on over another page
        if any(t.title == title for t in self.tables):
            raise InputError("section appears twice", repr(title), where)
        self.section, self.months = section, None
        self.totals.clear()
        self.tables.append(RawTable(section, where))

    def _column_header(self, words: HeaderWords, where: Location) -> bool:
        """Take the line as part of the column header if it goes on or opens one.

        The header's lines spell "Gjennomsnitt hittil i år" out in order, however it
        wraps, with the month names on any of its lines.
        """
        letters = words.continues(self.band) if self.band is not None else None
        if letters is None and not words.starts:
            return False
        self._no_pending()
        if letters is None:  # a new header
            letters, self.months = words.letters, ()
            self.column_headers.append(((), where))
        self.band = letters
        self.months = (self.months or ()) + words.months
        self.column_headers[-1] = (self.months, self.column_headers[-1][1])
        return True

    def _close_header(self, line: int) -> None:
        """The header band ends at the first row line: it must have spelled the average."""
        if self.band and self.band != AVERAGE_LETTERS:
            raise InputError(
                "column header cut short",
                f"read {self.band!r}, expected the letters of {AVERAGE_HEADER!r}",
                self._at(line),
            )
        self.band = None

    def _row_line(self, text: str, line: int) -> None:
        assert self.section is not None  # noqa: S101 - _line checked it
        if not self.months:
            raise InputError(
                "table text before its column header",
                f"{text!r}; expected {AVERAGE_HEADER!r} and the month names first",
                self._at(line),
            )
        self._close_header(line)
        if not self.pending and text in self.totals:
            return  # the `I alt` row reprinted at the top of a page, to the letter
        count = 1 + len(self.months)
        try:
            split = split_row(text, count, self.explicit)
        except ValueError as exc:
            raise InputError(
                "wrong number of values",
                f"expected {count} (the year-to-date average and {_months(count - 1)}): {exc}",
                self._at(line),
            ) from exc
        if split is None:
            self.pending.append((text, line))
            return
        where = self._at(line)
        label = self._label_lines() if self.pending or self.carried else []
        if split.label:
            label.append(split.label)
        if not label:
            raise InputError("numbers without a label", repr(text), where)
        row = make_row(label, split, self.section.has_region_codes, self._rule(), where)
        if row.is_total and not self.pending:
            self.totals.add(text)
        self.pending.clear()
        self.page_top = False
        self.tables[-1].add(row)

    # -- ends ------------------------------------------------------------------------

    def _rule(self) -> Rule:
        assert self.spec is not None and self.months is not None  # noqa: S101 - in a table
        return _rule(self.spec.threshold, self.months)

    def _label_lines(self) -> list[str]:
        """This row's label lines, once the lines a page break cut off are placed.

        A row may be split over a page break (Chromium prints its values beside the first
        part). In a region section every row starts with its code, so lines carried over
        that start with one begin this row; lines at the top of a page that do not end the
        row above, up to the first line that starts with a code.
        """
        lines = [text for text, _ in self.pending]
        carried = [text for text, _ in self.carried]
        self.carried = []
        if carried and starts_row(carried[0]):
            return carried + lines
        table = self.tables[-1]
        if not self.page_top or table.last_code() is None:
            return carried + lines  # (rows whose code is not first are not split apart)
        own = next((i for i, text in enumerate(lines) if starts_row(text)), None)
        if own is None and not carried:
            return lines
        own = len(lines) if own is None else own
        if carried or own:
            table.extend_last(carried + lines[:own])
        return lines[own:]

    def _carry(self) -> None:
        """Keep a region row's label lines that end a page for the next page."""
        if self.pending and self.section is not None and self.section.has_region_codes:
            self.carried = [(text, self._at(line)) for text, line in self.pending]
            self.pending.clear()

    def _no_carried(self) -> None:
        if self.carried:
            text, where = self.carried[0]
            raise InputError("label without numbers", repr(text), where)

    def _drop_notes(self) -> None:
        if self.pending and all(is_note(text) for text, _ in self.pending):
            self.pending.clear()  # note rows under a table ("Kilde: Nav", a sentence)

    def _no_pending(self) -> None:
        self._drop_notes()
        if self.pending:
            text, line = self.pending[0]
            raise InputError("label without numbers", repr(text), self._at(line))

    def _end_paragraph(self) -> None:
        if self.paragraph:
            self.notes.append(" ".join(self.paragraph))
            self.paragraph = []

    def _end_page(self) -> None:
        self._drop_notes()
        self._carry()
        self._no_pending()
        self._end_paragraph()

    def finish(self) -> Report:
        self._no_carried()
        where = Location(self.document.name)
        if self.header is None:
            raise InputError(
                "not a Nav report", "no 'Kilde: NAV <report> <title>' page header", where
            )
        if not self.tables:
            raise InputError("no tables", "the report has no table section", where)
        if self.period is None or self.updated is None:
            raise InputError("no period", "no line like 'Januar 2026 - Mars 2026'", where)
        self._check_sections()
        period = Period(*self.period.value)
        self._check_columns(period)
        columns = (AVERAGE_HEADER, *(_month_name(m) for m in period.months))
        assert self.spec is not None  # noqa: S101 - the sections were checked
        rule = Rule(self.spec.threshold, columns)
        report_id, title = self.header.value
        return Report(
            family=report_id,
            title=title,
            updated=self.updated.value,
            period=period,
            notes=tuple(self.notes),
            tables=tuple(build_table(t, rule) for t in self.tables),
            source=self.document.name,
        )

    def _check_sections(self) -> None:
        assert self.spec is not None  # noqa: S101 - finish checked the page header
        found = {t.title for t in self.tables}
        missing = [s.title for s in self.spec.sections if not s.optional and s.title not in found]
        if missing:
            raise InputError(
                "sections missing",
                f"{', '.join(map(repr, missing))} not found; the {self.spec.family} spec"
                " expects every one",
                Location(self.document.name),
            )

    def _check_columns(self, period: Period) -> None:
        expected = tuple(m.month for m in period.months)
        for months, where in self.column_headers:
            if months != expected:
                raise InputError(
                    "column header does not match the period",
                    f"it has {_names(months)}, the period is {_names(expected)}",
                    where,
                )


@cache
def _rule(threshold: int, months: tuple[int, ...]) -> Rule:
    """The rule the rows under one column header are checked by (one per header, not row)."""
    return Rule(threshold, (AVERAGE_HEADER, *(MONTH_NAMES[m - 1] for m in months)))


def _furniture_above(texts: list[str]) -> int:
    """How many lines above the page's header a program printed (a sheet name, a date).

    Only a page whose header comes within its first few lines has any: elsewhere text
    before the first header is an error. ``texts`` are the page's normalised lines.
    """
    for index, text in enumerate(texts[:_MOST_FURNITURE_LINES]):
        if PAGE_HEADER.match(text):
            return index
    return 0


_MOST_FURNITURE_LINES = 4


def _month_name(month: Month) -> str:
    return f"{MONTH_NAMES[month.month - 1].capitalize()} {month.year}"


def _months(count: int) -> str:
    return "1 month" if count == 1 else f"{count} months"


def _names(months: tuple[int, ...]) -> str:
    return ", ".join(MONTH_NAMES[m - 1] for m in months) or "no months"
