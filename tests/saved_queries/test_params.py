"""Coercing callers' values: the CLI's strings and the API's JSON, to Cypher parameters."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from entanglements.core.errors import BadInputError
from entanglements.core.saved_queries import coerce_parameters
from entanglements.core.saved_queries.model import Parameter, SavedQuery

QUERY = SavedQuery(
    name="q",
    description="d",
    parameters=[
        Parameter("entity_id", "string", None, True, "e"),
        Parameter("max_hops", "int", 3, False, "h"),
        Parameter("as_of", "date", None, False, "a"),
        Parameter("ratio", "float", 0.5, False, "r"),
        Parameter("strict", "bool", False, False, "s"),
        Parameter("ids", "list<string>", [], False, "i"),
        Parameter("days", "list<date>", None, False, "d"),
        Parameter("since", "date", "2019", False, "s"),
    ],
    path=Path("q.cypher"),
    text="",
)


def test_defaults_and_date_expansion() -> None:
    params = coerce_parameters(QUERY, {"entity_id": "xjtlu"}, from_strings=False)
    assert params == {
        "entity_id": "xjtlu",
        "max_hops": 3,
        "as_of": None,
        "as_of_lo": None,
        "as_of_hi": None,
        "ratio": 0.5,
        "strict": False,
        "ids": [],
        "days": None,
        "days_lo": None,
        "days_hi": None,
        "since": "2019",
        "since_lo": date(2019, 1, 1),
        "since_hi": date(2019, 12, 31),
    }


def test_from_strings() -> None:
    raw = {
        "entity_id": "xjtlu",
        "max_hops": " 2 ",
        "as_of": "2024-02",
        "ratio": "1e-1",
        "strict": "yes",
        "ids": "a, b,c",
        "days": '["2019", "2020-02-29"]',
    }
    params = coerce_parameters(QUERY, raw, from_strings=True)
    assert params["max_hops"] == 2 and params["ratio"] == 0.1 and params["strict"] is True
    assert (params["as_of"], params["as_of_lo"], params["as_of_hi"]) == (
        "2024-02",
        date(2024, 2, 1),
        date(2024, 2, 29),
    )
    assert params["ids"] == ["a", "b", "c"]
    assert params["days"] == ["2019", "2020-02-29"]
    assert params["days_hi"] == [date(2019, 12, 31), date(2020, 2, 29)]


def test_empty_cli_value_means_not_given_except_for_strings() -> None:
    params = coerce_parameters(
        QUERY, {"entity_id": "", "max_hops": "", "as_of": ""}, from_strings=True
    )
    assert params["entity_id"] == "" and params["max_hops"] == 3 and params["as_of"] is None


def test_from_json() -> None:
    raw = {"entity_id": "x", "max_hops": 4.0, "ratio": 2, "as_of": 2019, "ids": ["a"]}
    params = coerce_parameters(QUERY, raw, from_strings=False)
    assert params["max_hops"] == 4 and isinstance(params["max_hops"], int)
    assert params["ratio"] == 2.0 and params["as_of_hi"] == date(2019, 12, 31)
    # null means "not given": the default applies
    assert (
        coerce_parameters(QUERY, {"entity_id": "x", "max_hops": None}, from_strings=False)[
            "max_hops"
        ]
        == 3
    )


@pytest.mark.parametrize(
    ("raw", "from_strings", "message"),
    [
        ({}, False, "missing parameter 'entity_id' \\(expects string"),
        ({"entity_id": None}, False, "missing parameter 'entity_id'"),
        ({"entity_id": "x", "hops": 2}, False, "unknown parameter 'hops'; it accepts: entity_id"),
        ({"entity_id": 5}, False, "parameter 'entity_id' expects string"),
        ({"entity_id": "x", "max_hops": "2"}, False, "'max_hops' expects int \\(a whole number\\)"),
        ({"entity_id": "x", "max_hops": True}, False, "'max_hops' expects int"),
        ({"entity_id": "x", "max_hops": 2.5}, False, "'max_hops' expects int"),
        ({"entity_id": "x", "max_hops": "two"}, True, "'max_hops' expects int .*, got 'two'"),
        ({"entity_id": "x", "ratio": "nan"}, True, "'ratio' expects float"),
        ({"entity_id": "x", "ratio": True}, False, "'ratio' expects float"),
        ({"entity_id": "x", "strict": "maybe"}, True, "'strict' expects bool \\(true or false\\)"),
        ({"entity_id": "x", "strict": 1}, False, "'strict' expects bool"),
        ({"entity_id": "x", "as_of": "2019-02-30"}, True, "'as_of' expects date.*no such day"),
        ({"entity_id": "x", "as_of": "last year"}, False, "'as_of' expects date \\(YYYY"),
        ({"entity_id": "x", "ids": "a"}, False, "'ids' expects list<string> \\(a list"),
        ({"entity_id": "x", "ids": [1]}, False, "'ids' expects list<string>"),
        ({"entity_id": "x", "days": "2019,soon"}, True, "'days' expects list<date>"),
        ({"entity_id": "x", "days": "[2019"}, True, "invalid JSON array"),
    ],
)
def test_refusals_name_parameter_and_type(
    raw: dict[str, Any], from_strings: bool, message: str
) -> None:
    with pytest.raises(BadInputError, match=f"^query 'q': .*{message}"):
        coerce_parameters(QUERY, raw, from_strings=from_strings)


def test_parameters_must_be_a_mapping() -> None:
    with pytest.raises(BadInputError, match="parameters must be an object"):
        coerce_parameters(QUERY, ["x"], from_strings=False)  # type: ignore[arg-type]
