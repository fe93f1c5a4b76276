"""to_json without a database: scalars, temporal and spatial values, nesting.

Nodes, relationships and paths need a real result: see test_runner.py.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from neo4j import time as neo4j_time
from neo4j.spatial import CartesianPoint, WGS84Point

from entanglements.core.saved_queries import to_json


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (True, True),
        ("text", "text"),
        (2**53 - 1, 2**53 - 1),
        (-(2**53 - 1), -(2**53 - 1)),
        (2**53, "9007199254740992"),
        (-(2**60), "-1152921504606846976"),
        (1.5, 1.5),
        (float("nan"), None),
        (float("inf"), None),
        (float("-inf"), None),
        (neo4j_time.Date(2019, 4, 12), "2019-04-12"),
        (dt.date(2019, 4, 12), "2019-04-12"),
        (neo4j_time.DateTime(2024, 1, 2, 3, 4, 5), "2024-01-02T03:04:05.000000000"),
        (
            neo4j_time.DateTime(2024, 1, 2, 3, 4, 5, 6, tzinfo=dt.UTC),
            "2024-01-02T03:04:05.000000006+00:00",
        ),
        (neo4j_time.Time(12, 30, 1), "12:30:01.000000000"),
        (neo4j_time.Duration(months=14, days=3, hours=2), "P1Y2M3DT2H"),
        (dt.timedelta(days=1, seconds=1), "P1DT1S"),
        (CartesianPoint((1.0, 2.0)), {"srid": 7203, "x": 1.0, "y": 2.0}),
        (WGS84Point((1.0, 2.0, 3.0)), {"srid": 4979, "x": 1.0, "y": 2.0, "z": 3.0}),
        (b"ab", "YWI="),
        (
            {"a": (1, float("nan")), 2: [neo4j_time.Date(2020, 1, 1)]},
            {"a": [1, None], "2": ["2020-01-01"]},
        ),
    ],
)
def test_to_json(value: Any, expected: Any) -> None:
    converted = to_json(value)
    assert converted == expected
    json.dumps(converted, allow_nan=False)  # always valid strict JSON
