"""Observations column by column, and their rows as a few pieces each.

The SDMX writers (:mod:`publisher.writers.sdmx_data`, and serve's generic data) write
a million observations in well under a second because no Python runs per row: a column
is its distinct texts and each row's code, each distinct text is rendered once, and
neighbouring columns are rendered together while their combinations stay few, so a row
is a few pieces that one ``str.join`` copies (:meth:`Observations.pieces`).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import reduce
from typing import Any

import numpy as np
import pandas as pd

_FEW = 4096  # texts a merged column may always have (see Observations._groups)


@dataclass(frozen=True, slots=True)
class Observations:
    """A family's observations column by column: the key in DSD order, then the attributes.

    Each column is its distinct texts and, per row, the index of its text: the writers
    render each distinct value once, however many rows carry it.
    """

    columns: dict[str, tuple[np.ndarray[Any, Any], list[str]]]
    rows: int

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Observations:
        """Observations from columns of text, such as an SDMX-CSV file's, kept as they are."""
        return cls({name: factorised(frame[name]) for name in frame.columns}, len(frame))

    @property
    def names(self) -> list[str]:
        """The column names in order."""
        return list(self.columns)

    def texts(self, name: str) -> list[str]:
        """Every row's text in one column."""
        codes, texts = self.columns[name]
        return np.asarray(texts, dtype=object)[codes].tolist()  # type: ignore[no-any-return]

    def pieces(
        self,
        render: Callable[[str, str], str],
        separator: str,
        names: list[str],
        *,
        prefix: str = "",
        suffix: str = "",
        at: np.ndarray[Any, Any] | None = None,
    ) -> np.ndarray[Any, Any]:
        """Each row's text in a few pieces, one row of the returned object array per row.

        A row's pieces joined are ``prefix``, its columns ``names`` rendered and joined by
        ``separator``, then ``suffix``; all rows' pieces in order, joined by ``"".join``,
        are the rows' texts one after another, with no Python work per row. Neighbouring
        columns are rendered together while their combinations stay few (a key's
        constant dimensions, a value with its statuses), so a row is a few pieces however
        many columns it has. ``at``: the positions of the rows to give, in order.
        """
        groups = self._groups(render, separator, names)
        rows = self.rows if at is None else len(at)
        out = np.empty((rows, max(len(groups), 1)), dtype=object)
        if not groups:
            out[:, 0] = prefix + suffix
        for number, (codes, texts) in enumerate(groups):
            head = prefix if number == 0 else ""
            tail = suffix if number == len(groups) - 1 else separator
            table = np.asarray([head + text + tail for text in texts], dtype=object)
            out[:, number] = table[codes if at is None else codes[at]]
        return out

    def _groups(
        self, render: Callable[[str, str], str], separator: str, names: list[str]
    ) -> list[tuple[np.ndarray[Any, Any], list[str]]]:
        """The columns ``names`` rendered, neighbours merged while their product is small.

        A merged column's codes number every pair of its columns' texts, so its table is
        rendered in full: at most :data:`_FEW` texts or an eighth of the rows.
        """
        most = max(_FEW, self.rows // 8)
        groups: list[tuple[np.ndarray[Any, Any], list[str]]] = []
        for name in names:
            codes, texts = self.columns[name]
            rendered = [render(name, text) for text in texts]
            if groups and len(groups[-1][1]) * len(rendered) <= most:
                held_codes, held = groups[-1]
                merged = [f"{h}{separator}{r}" for h in held for r in rendered]
                groups[-1] = (held_codes * len(rendered) + codes, merged)
            else:
                groups.append((codes, rendered))
        return groups

    def lines(
        self,
        render: Callable[[str, str], str],
        separator: str,
        lead: str | None = None,
        names: list[str] | None = None,
    ) -> Iterator[str]:
        """Each row's rendered texts joined by ``separator``, after ``lead``.

        ``names``: the columns to render, in order (default: every column).
        """
        names = self.names if names is None else names
        prefix = "" if lead is None else lead + separator if names else lead
        pieces = self.pieces(render, separator, names, prefix=prefix)
        return iter(reduce(operator.add, pieces.T).tolist())

    def series_key(self, series: list[str]) -> np.ndarray[Any, Any]:
        """Each row's series (by the columns ``series``), numbered in order of first row."""
        key = np.zeros(self.rows, dtype=np.int64)
        for name in series:  # numbered afresh at each step, so the key never overflows
            codes, texts = self.columns[name]
            key, _ = pd.factorize(key * len(texts) + codes)
        return key

    def series_order(self, series: list[str]) -> np.ndarray[Any, Any]:
        """Row positions grouped by series (the columns ``series``), in order of first row."""
        return np.argsort(self.series_key(series), kind="stable")


def factorised(column: pd.Series) -> tuple[np.ndarray[Any, Any], list[str]]:
    """A column's codes and distinct texts; a constant one (most dimensions) without hashing.

    A missing value is the empty text, which no SDMX id is (the SDMX writers refuse it).
    The cube's key columns are categorical: their small integer codes are factorised.
    """
    # The last row first: a varying column (regions, months) most often ends elsewhere.
    if isinstance(column.dtype, pd.CategoricalDtype):
        given = column.cat.codes.to_numpy()
        if len(given) and given[0] >= 0 and given[-1] == given[0] and (given == given[0]).all():
            return constant_codes(len(given)), [str(column.cat.categories[given[0]])]
        codes, distinct = pd.factorize(column.array)  # in order of appearance, missing -1
    else:
        values = column.to_numpy(dtype=object)  # pandas' own str arrays factorise slower
        if len(values) and values[-1] == values[0] and bool((values == values[0]).all()):
            return constant_codes(len(values)), [str(values[0])]
        codes, distinct = pd.factorize(values)
    texts = [str(text) for text in distinct]
    if (codes < 0).any():
        codes = np.where(codes < 0, len(texts), codes)
        texts.append("")
    return np.asarray(codes), texts


def constant_codes(rows: int) -> np.ndarray[Any, Any]:
    """The codes of a column with one text: zeros, in no memory (a read-only view)."""
    return np.broadcast_to(np.int64(0), (rows,))
