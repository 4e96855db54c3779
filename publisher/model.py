"""The typed result of reading a Nav report.

Frozen dataclasses that check their own invariants, so a :class:`Report` that exists is
a report that makes sense: every row has one cell per column, a suppressed cell has no
value. This module imports no I/O library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

Number = int | Decimal


@dataclass(frozen=True, slots=True, order=True)
class Month:
    """A calendar month."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")

    def next(self) -> Month:
        """The month after this one."""
        if self.month == 12:
            return Month(self.year + 1, 1)
        return Month(self.year, self.month + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True, slots=True)
class Period:
    """The months a report covers, first to last, both included."""

    first: Month
    last: Month

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"period ends before it starts: {self.first} - {self.last}")

    @property
    def months(self) -> tuple[Month, ...]:
        """Every month of the period in order."""
        months = [self.first]
        while months[-1] != self.last:
            months.append(months[-1].next())
        return tuple(months)


class Status(StrEnum):
    """What a cell says about its value. The encodings per format live with the writers."""

    NORMAL = "normal"
    SUPPRESSED = "suppressed"  # Nav printed `*`: a count under 4


@dataclass(frozen=True, slots=True)
class Cell:
    """One printed number, or a suppressed one (which then has no value at all)."""

    value: Number | None
    status: Status = Status.NORMAL

    def __post_init__(self) -> None:
        if (self.value is None) != (self.status is Status.SUPPRESSED):
            raise ValueError("a cell has a value exactly when it is not suppressed")

    @classmethod
    def suppressed(cls) -> Cell:
        """The cell Nav printed as ``*``."""
        return cls(None, Status.SUPPRESSED)


@dataclass(frozen=True, slots=True)
class Row:
    """A table row: its label as printed, the leading region code if any, and its cells.

    ``average`` is the "Gjennomsnitt hittil i år" column; ``months`` has one cell per month
    of the report's period. ``page`` and ``line`` say where the row's numbers were read.
    """

    label: str
    average: Cell
    months: tuple[Cell, ...]
    code: str | None = None
    page: int | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not self.label:
            raise ValueError("a row needs a label")
        if not self.months:
            raise ValueError(f"row {self.label!r} has no month cells")

    @property
    def cells(self) -> tuple[Cell, ...]:
        """Every cell in printed order: the average first, then the months."""
        return (self.average, *self.months)


@dataclass(frozen=True, slots=True)
class Block:
    """A group of rows under an ``I alt …`` total row."""

    total: Row
    rows: tuple[Row, ...]

    @property
    def label(self) -> str:
        """The total row's label, for example ``I alt avklaring``."""
        return self.total.label


@dataclass(frozen=True, slots=True)
class Table:
    """One section of the report, for example "Tiltak og fylke"."""

    title: str
    blocks: tuple[Block, ...]

    def __post_init__(self) -> None:
        if not self.blocks:
            raise ValueError(f"table {self.title!r} has no rows")


@dataclass(frozen=True, slots=True)
class Report:
    """A whole Nav report as parsed from one file."""

    family: str
    title: str
    updated: date
    period: Period
    notes: tuple[str, ...]
    tables: tuple[Table, ...]
    source: str = field(default="", compare=False)
    sha256: str = field(default="", compare=False)  # of the file it was read from

    def __post_init__(self) -> None:
        width = len(self.period.months)
        for table in self.tables:
            for block in table.blocks:
                for row in (block.total, *block.rows):
                    if len(row.months) != width:
                        raise ValueError(
                            f"{table.title}: row {row.label!r} has {len(row.months)} month "
                            f"cells, the period has {width} months"
                        )

    def table(self, title: str) -> Table:
        """The table with this section title."""
        for table in self.tables:
            if table.title == title:
                return table
        raise KeyError(title)


@dataclass(frozen=True, slots=True)
class Code:
    """One code of a codelist, valid from ``valid_from`` to ``valid_to`` (both inclusive).

    ``names`` are keyed by language (``nb``, ``en``, ``se``, ``nn``); ``aliases`` are the
    labels Nav's reports print for the code.
    """

    id: str
    names: dict[str, str]
    parent: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("a code needs an id")
        if "nb" not in self.names or "en" not in self.names:
            raise ValueError(f"code {self.id!r} needs names in nb and en")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError(f"code {self.id!r} ends before it starts")

    def valid_at(self, day: date) -> bool:
        """Whether the code is in force on ``day``."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True, slots=True)
class Codelist:
    """A codelist: its identity, what it codes, and its codes over time."""

    id: str
    agency: str
    version: str
    names: dict[str, str]
    codes: tuple[Code, ...]
    dimension: str | None = None
    descriptions: dict[str, str] = field(default_factory=dict)
    source: str = ""

    def __post_init__(self) -> None:
        ids = {code.id for code in self.codes}
        for code in self.codes:
            if code.parent is not None and code.parent not in ids:
                raise ValueError(f"{self.id}: parent {code.parent!r} of {code.id!r} is no code")

    def at(self, day: date) -> tuple[Code, ...]:
        """The codes in force on ``day``."""
        return tuple(code for code in self.codes if code.valid_at(day))

    def get(self, code_id: str, day: date | None = None) -> Code | None:
        """The code with this id (in force on ``day``, if given)."""
        return next(
            (c for c in self.codes if c.id == code_id and (day is None or c.valid_at(day))), None
        )
