"""The selection parser against generated input: it answers or refuses, and agrees with fnmatch."""

from __future__ import annotations

import fnmatch
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from publisher.serve.http import ClientError
from publisher.serve.selection import items, select
from tests.serve.errors import reason

CODES = ("_T", "03", "11", "15", "18", "31", "32", "0301", "99")
ALPHABET = st.sampled_from(list("0139*?(),_T topbmfrangeTOP \t²"))
FIXTURE = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)


@given(st.text(ALPHABET, max_size=40))
def test_an_expression_is_read_or_refused(expression: str) -> None:
    try:
        found = items("valuecodes[REF_AREA]", expression)
        positions = select("valuecodes[REF_AREA]", found, CODES, time=False)
    except ClientError as exc:
        assert exc.status in (400, 404) and "\n" not in exc.message
        return
    assert all(found) and positions == sorted(set(positions))
    assert all(0 <= p < len(CODES) for p in positions)
    if "(" not in expression and ")" not in expression:
        assert found == [part.strip() for part in expression.split(",")]


@given(st.text(st.sampled_from(list("0139*?_T")), min_size=1, max_size=12))
def test_a_wildcard_selects_what_fnmatch_matches(pattern: str) -> None:
    if "*" not in pattern and "?" not in pattern:
        pattern += "*"
    expected = [i for i, code in enumerate(CODES) if fnmatch.fnmatchcase(code, pattern)]
    assert select("valuecodes[REF_AREA]", [pattern], CODES, time=False) == expected


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(ALPHABET, max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
SELECTION = st.fixed_dictionaries(
    {
        "selection": st.lists(
            st.fixed_dictionaries(
                {
                    "variableCode": st.sampled_from(["REF_AREA", "TIME_PERIOD", "TILTAK", "NOPE"]),
                    "valueCodes": st.lists(st.text(ALPHABET, max_size=10), max_size=4),
                }
            ),
            max_size=3,
        )
    }
)


@FIXTURE
@given(body=JSON | SELECTION)
def test_no_body_makes_the_server_fail(client: TestClient, body: object) -> None:
    response = client.post("/api/v2/tables/TILT150_fylke/data", content=json.dumps(body))
    assert response.status_code in (200, 400, 403, 404), response.text
    if response.status_code != 200:
        reason(response)
