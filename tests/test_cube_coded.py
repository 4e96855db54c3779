"""The cube's key columns are coded from the merge on, and read as the strings they code."""

from __future__ import annotations

import pandas as pd

from publisher.merging.cube import Cube, coded


def test_the_key_is_categorical_with_sorted_categories(sample_cube: Cube) -> None:
    for column in sample_cube.key:
        dtype = sample_cube.data[column].dtype
        assert isinstance(dtype, pd.CategoricalDtype), column
        categories = list(dtype.categories)
        assert categories == sorted(categories), column


def test_the_cube_is_in_the_order_of_its_key_as_strings(sample_cube: Cube) -> None:
    key = list(sample_cube.key)
    strings = sample_cube.data[key].astype(str)
    assert strings.equals(strings.sort_values(key, kind="stable", ignore_index=True))
    assert not strings.duplicated().any()


def test_coding_keeps_every_value_and_a_missing_one() -> None:
    frame = pd.DataFrame({"A": ["b", "a", None, "c", "a"], "B": ["x"] * 5})
    result = coded(frame, ["A"])
    assert result["A"].astype(object).where(result["A"].notna(), None).tolist() == [
        "b", "a", None, "c", "a"
    ]  # fmt: skip
    assert list(result["A"].cat.categories) == ["a", "b", "c"]
    assert result["B"].dtype == frame["B"].dtype  # a column not named stays
    assert coded(result, ["A"])["A"].cat.categories.equals(result["A"].cat.categories)
