"""One error family for the whole tool.

Every problem a user can cause is a :class:`PublisherError` carrying where it happened, so
the CLI can print it on one line and exit non-zero without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Location:
    """Where in an input something was seen: file, and where known page and line.

    In a workbook the page is a sheet and the line its row: the place is the cell, in the
    row's first column unless the column is known, ``sheet 'Tiltak og fylke', cell C12``.
    """

    file: str
    page: int | None = None
    line: int | None = None
    sheet: str | None = None
    column: str | None = None  # a sheet's column letters

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet!r}")
            if self.line is not None:
                parts.append(f"cell {self.column or 'A'}{self.line}")
            return ", ".join(parts)
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts)


class PublisherError(Exception):
    """Base of every error the tool reports to its user.

    Args:
        title: What went wrong, in a few words.
        description: The detail a statistician needs to act on it.
        location: Where in the input it happened, if it is about an input.
    """

    def __init__(self, title: str, description: str = "", location: Location | None = None):
        self.title = title
        self.description = description
        self.location = location
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The message as one line: ``location: title: description``."""
        text = self.title
        if self.description:
            text = f"{text}: {self.description}"
        if self.location is not None:
            text = f"{self.location}: {text}"
        return " ".join(text.split())

    def __reduce__(self) -> tuple[object, ...]:
        # Whole across processes: the default would rebuild the error from its message.
        return (_restore, (type(self), self.__dict__.copy()))


def _restore(cls: type[PublisherError], state: dict[str, object]) -> PublisherError:
    """A :class:`PublisherError` unpickled: its attributes as they were, its message too."""
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, error.one_line())
    return error


class InputError(PublisherError):
    """An input file cannot be read or does not follow the report grammar."""


class MappingError(PublisherError):
    """Labels of the reports that no codelist knows; every one of a build, at once.

    Args:
        problems: One line per label: where it is, what it is, the closest codes.
    """

    def __init__(self, problems: list[str]):
        self.problems = tuple(problems)
        count = len(problems)
        super().__init__(
            f"{count} label{'s' if count != 1 else ''} could not be mapped to codes",
            "; ".join(problems),
        )


class OutputValidationError(PublisherError):
    """What a build wrote fails a validator: nothing is published.

    Args:
        problems: One line per problem, each naming the file.
    """

    def __init__(self, problems: list[str]):
        self.problems = tuple(problems)
        super().__init__(f"{len(problems)} problems in the release", "; ".join(problems[:3]))


@dataclass(frozen=True, slots=True)
class Notice:
    """A warning about the data, with where it was seen; never stops a build."""

    message: str
    location: Location | None = None

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message
