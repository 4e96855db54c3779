"""The SDMX data writers' rows: pieces against a brute force, streaming, series read back.

The writers render each column's distinct texts once and join pieces of rows (see
``Observations.pieces``); here every row is rebuilt one at a time from the frame's own
cells and compared, the streamed message is compared with the text, and the series
layout is read back with lxml, observation by observation.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from lxml import etree

from publisher.merging.cube import Cube
from publisher.writers import sdmx_data
from publisher.writers.sdmx_data import ALL_DIMENSIONS, DATA_SET_LEVEL
from publisher.writers.sdmx_rows import Observations
from publisher.writers.sdmx_structure import Identity

FAMILY = "TILT150"


def _random_frame(rows: int, seed: int = 5) -> pd.DataFrame:
    """Columns of 1 to 2,000 distinct texts, so some neighbours merge and some do not."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            f"C{width}": [f"v{width}_{i}" for i in rng.integers(0, width, rows)]
            for width in (1, 2, 3, 50, 500, 1, 2000, 7)
        }
    )


def _render(name: str, text: str) -> str:
    return f"<{name}={text}>"


@pytest.mark.parametrize("rows", [0, 1, 20_000])
def test_each_rows_pieces_join_to_its_text_built_cell_by_cell(rows: int) -> None:
    frame = _random_frame(rows)
    data = Observations.from_frame(frame)
    names = list(frame.columns)
    pieces = data.pieces(_render, ";", names, prefix="[", suffix="]\n")
    if rows > 1:
        assert pieces.shape[1] < len(names)  # neighbours were merged
    at = np.random.default_rng(1).permutation(rows)[: rows // 2]
    picked = data.pieces(_render, ";", names, prefix="[", suffix="]\n", at=at)
    cells = frame.to_dict("records")
    expected = ["[" + ";".join(_render(n, row[n]) for n in names) + "]\n" for row in cells]
    assert ["".join(p) for p in pieces.tolist()] == expected
    assert ["".join(p) for p in picked.tolist()] == [expected[i] for i in at]
    assert list(data.lines(_render, ";", lead="L")) == [f"L;{e[1:-2]}" for e in expected]


def test_a_row_without_columns_is_its_prefix_and_suffix() -> None:
    data = Observations.from_frame(_random_frame(3))
    assert "".join(data.pieces(_render, ",", [], prefix="a", suffix="b").ravel()) == "ababab"


@pytest.mark.parametrize("at", [ALL_DIMENSIONS, "TIME_PERIOD", "REF_AREA"])
def test_the_streamed_message_is_the_text(
    at: str, cube: Cube, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sdmx_data, "_CHUNK", 7)  # many chunks, one ending mid-series
    data = sdmx_data.observations(cube, FAMILY)
    out = io.BytesIO()
    sdmx_data.write_xml(data, FAMILY, Identity(), "f.xsd", out, at=at, message_schema="m.xsd")
    text = sdmx_data.xml_text(data, FAMILY, Identity(), "f.xsd", at, message_schema="m.xsd")
    assert out.getvalue() == text.encode("utf-8")


@pytest.mark.parametrize("at", ["TIME_PERIOD", "REF_AREA", "SEX"])
def test_each_series_holds_exactly_its_observations(at: str, cube: Cube) -> None:
    data = sdmx_data.observations(cube, FAMILY)
    text = sdmx_data.xml_text(data, FAMILY, Identity(), "f.xsd", at)
    data_set = etree.fromstring(text.encode("utf-8")).find(
        "{http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message}DataSet"
    )
    assert data_set is not None
    names = [n for n in data.names if n not in DATA_SET_LEVEL]
    read, keys = [], []
    for series in data_set:
        assert etree.QName(series).localname == "Series"
        keys.append(tuple(sorted(series.attrib.items())))
        assert at not in series.attrib
        for obs in series:
            row = {**series.attrib, **obs.attrib}
            read.append(tuple(row[n] for n in names))
    assert len(keys) == len(set(keys))  # a series' observations are together
    columns = {n: data.texts(n) for n in names}
    written = [tuple(columns[n][i] for n in names) for i in range(data.rows)]
    assert sorted(read) == sorted(written) and len(read) == data.rows == len(cube.data)


def test_a_key_without_a_value_is_refused(cube: Cube) -> None:
    data = cube.data.copy()
    data.loc[data.index[3], "SEX"] = None
    with pytest.raises(ValueError, match="SEX holds values that are not SDMX ids"):
        sdmx_data.observations(Cube(data, cube.key, families=cube.families), FAMILY)
