"""Scenario 7: hypothesis drives the GraphQL scalars ``PartialDate`` and ``JSON`` through the
served API (a real uvicorn on the shared test Neo4j), as variables and as literals, with
random and mutated values.

Properties: the server never answers 5xx or INTERNAL and never shows a traceback; a value is
accepted exactly when the product's own rules accept it (``core.dates.PartialDate.parse`` for
dates); every rejection is BAD_USER_INPUT and names the argument, variable, parameter or
record it is about. (The ingest parsers are fuzzed by tests/ingest/test_fuzz.py.)
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from entanglements.core.dates import PartialDate, PartialDateError
from entanglements.core.settings import Settings
from entanglements.ingest.pipeline import ingest_records
from tests.db import SyncDb
from tests.faults.harness import Server, assert_no_traceback, error_codes

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=60) as http:
        yield http


@pytest.fixture(scope="module")
def anchor(db: SyncDb, settings: Settings) -> str:
    """An entity with a dated relationship, so a date that passes reaches a real query."""
    prefix = f"fuzz{time.time_ns() % 10**9}-"
    records: list[dict[str, Any]] = [
        {"record": "source", "id": f"{prefix}src", "title": "Fuzz source"},
        {"record": "entity", "id": f"{prefix}a", "kind": "Organization", "name": "Fuzz A"},
        {"record": "entity", "id": f"{prefix}b", "kind": "Company", "name": "Fuzz B"},
        {
            "record": "relationship",
            "id": f"{prefix}r",
            "type": "funding",
            "from": f"{prefix}a",
            "to": f"{prefix}b",
            "start": "2015-03",
            "end": "2020",
            "citations": [{"source": f"{prefix}src"}],
        },
    ]
    assert db.run(ingest_records, records, origin="cli").outcome == "ok"
    return prefix


def _post(
    http: httpx.Client, server: Server, key: str, query: str, variables: dict[str, Any]
) -> dict[str, Any]:
    response = http.post(
        server.graphql,
        content=json.dumps({"query": query, "variables": variables}, allow_nan=True),
        headers={"Authorization": f"Bearer {key}", "content-type": "application/json"},
    )
    assert response.status_code < 500, response.text[:300]
    assert_no_traceback(response.text)
    payload: dict[str, Any] = response.json()
    assert "INTERNAL" not in error_codes(payload), payload
    return payload


def _date_ok(value: Any) -> bool:
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    try:
        PartialDate.parse(value)
    except PartialDateError:
        return False
    return True


# --- strategies ---------------------------------------------------------------------------

VALID_DATE = st.from_regex(r"\A[12][0-9]{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?\Z")


@st.composite
def mutated_date(draw: st.DrawFn) -> str:
    """A valid-looking date with one edit: a character inserted, deleted or replaced."""
    text = draw(VALID_DATE)
    pos = draw(st.integers(0, len(text)))
    char = draw(st.characters(codec="utf-8", exclude_categories=("Cs",)))
    edit = draw(st.sampled_from(["insert", "delete", "replace", "pad"]))
    if edit == "insert":
        return text[:pos] + char + text[pos:]
    if edit == "delete":
        return text[:pos] + text[pos + 1 :]
    if edit == "pad":
        return draw(st.sampled_from([" ", "\t", "\n", "\x00", "\u00a0"])) + text
    return text[:pos] + char + text[pos + 1 :]


JSON_LEAF = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
JSON_VALUE = st.recursive(
    JSON_LEAF,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
DATE_INPUT = (
    VALID_DATE | mutated_date() | st.text(max_size=40) | JSON_VALUE | st.integers(1000, 2999)
)


# --- PartialDate ----------------------------------------------------------------------------

DATE_VARIABLE = (
    "query($id: ID!, $d: PartialDate) { entity(id: $id) { relationships(asOf: $d) "
    "{ totalCount } } }"
)


@FUZZ
@given(value=DATE_INPUT)
@example(value="2019-02-29")
@example(value="٢٠١٩")  # Arabic-Indic digits
@example(value="2019\n")
@example(value=2019)
@example(value=[2019])
def test_partial_date_variable(
    value: Any, client: httpx.Client, shared_api: Server, shared_keys: dict[str, str], anchor: str
) -> None:
    payload = _post(
        client, shared_api, shared_keys["reader"], DATE_VARIABLE, {"id": f"{anchor}a", "d": value}
    )
    if _date_ok(value):
        assert "errors" not in payload, (value, payload)
        count = payload["data"]["entity"]["relationships"]["totalCount"]
        assert count in (0, 1)
    else:
        assert set(error_codes(payload)) == {"BAD_USER_INPUT"}, (value, payload)
        assert all("$d" in e["message"] for e in payload["errors"]), payload


def _literal(value: Any) -> str:
    """``value`` as GraphQL literal text (JSON string escapes are GraphQL string escapes)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    fields = ", ".join(f"k{i}: {_literal(v)}" for i, v in enumerate(value.values()))
    return "{" + fields + "}"


@FUZZ
@given(value=DATE_INPUT)
@example(value="2019-13")
@example(value='2019") { totalCount } } } #')
def test_partial_date_literal(
    value: Any, client: httpx.Client, shared_api: Server, shared_keys: dict[str, str], anchor: str
) -> None:
    query = (
        f'{{ entity(id: "{anchor}a") {{ relationships(asOf: {_literal(value)}) '
        "{ totalCount } } }"
    )
    payload = _post(client, shared_api, shared_keys["reader"], query, {})
    if _date_ok(value):
        assert "errors" not in payload, (value, payload)
    else:
        assert set(error_codes(payload)) == {"BAD_USER_INPUT"}, (value, payload)
        assert all("asOf" in e["message"] for e in payload["errors"]), payload


# --- JSON: saved-query parameters ------------------------------------------------------------

SAVED = 'query($p: JSON) { runSavedQuery(name: "hubs", parameters: $p) { columns rows } }'
HUBS_PARAMS = ("limit", "kind", "tag")


@st.composite
def hub_parameters(draw: st.DrawFn) -> Any:
    """Mostly objects with the query's own parameter names and random values, sometimes
    unknown names, sometimes not an object at all."""
    shape = draw(st.sampled_from(["known", "known", "unknown", "any"]))
    if shape == "any":
        return draw(JSON_VALUE)
    keys = draw(st.lists(st.sampled_from(HUBS_PARAMS), unique=True, max_size=3))
    params = {k: draw(JSON_VALUE | st.integers(-(2**80), 2**80)) for k in keys}
    if shape == "unknown":
        params[draw(st.text(min_size=1, max_size=12))] = draw(JSON_LEAF)
    return params


def _mentions_a_parameter(message: str, value: Any) -> bool:
    names = [*HUBS_PARAMS, *(value.keys() if isinstance(value, dict) else [])]
    if message.startswith("parameters") or any(
        f"'{n}'" in message or f'"{n}"' in message or repr(n) in message for n in names
    ):
        return True
    # A value of the right type that Neo4j itself refuses (a negative LIMIT): the message
    # names the query and the clause the parameter feeds (see docs/reliability.md).
    return message.startswith("saved query 'hubs'") and "LIMIT" in message


@FUZZ
@given(value=hub_parameters())
@example(value={"limit": 2**63})
@example(value={"limit": 2**70})
@example(value={"limit": 1e300})
@example(value={"limit": -1})
@example(value={"limit": 3.5})
@example(value={"kind": {"$ne": None}})
@example(value=["limit", 1])
def test_json_parameters_of_a_saved_query(
    value: Any, client: httpx.Client, shared_api: Server, shared_keys: dict[str, str]
) -> None:
    payload = _post(client, shared_api, shared_keys["reader"], SAVED, {"p": value})
    if "errors" in payload:
        assert error_codes(payload) == ["BAD_USER_INPUT"], (value, payload)
        message = payload["errors"][0]["message"]
        assert _mentions_a_parameter(message, value), (value, message)
    else:
        assert payload["data"]["runSavedQuery"]["columns"], payload


# --- JSON: ingestFindings records --------------------------------------------------------------


@st.composite
def mutated_records(draw: st.DrawFn) -> list[Any]:
    """Valid records (ids under a fuzz prefix) with random edits: a field replaced by any JSON
    value, a field removed, an unknown field added, or the record replaced outright."""
    tag = draw(st.integers(0, 10**6))
    base: list[dict[str, Any]] = [
        {"record": "source", "id": f"fuzzrec-{tag}-s", "title": "T"},
        {"record": "entity", "id": f"fuzzrec-{tag}-e", "kind": "Company", "name": "N"},
        {
            "record": "relationship",
            "id": f"fuzzrec-{tag}-r",
            "type": "funding",
            "from": f"fuzzrec-{tag}-e",
            "to": f"fuzzrec-{tag}-e2",
            "start": "2019",
            "citations": [{"source": f"fuzzrec-{tag}-s"}],
        },
        {"record": "entity", "id": f"fuzzrec-{tag}-e2", "kind": "Person", "name": "P"},
    ]
    records: list[Any] = [dict(r) for r in base]
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(records) - 1))
        edit = draw(st.sampled_from(["replace-field", "drop-field", "add-field", "replace"]))
        if edit == "replace" or not isinstance(records[i], dict) or not records[i]:
            records[i] = draw(JSON_VALUE)
            continue
        record = records[i]
        key = draw(st.sampled_from(sorted(record)))
        if edit == "replace-field":
            record[key] = draw(JSON_VALUE | mutated_date())
        elif edit == "drop-field":
            del record[key]
        else:
            record[draw(st.text(max_size=10))] = draw(JSON_LEAF)
    return records


INGEST = (
    "mutation($r: [JSON!]!) { ingestFindings(records: $r) { outcome errors { location message } } }"
)


@FUZZ
@given(records=mutated_records())
@example(records=[None])
@example(records=[[{"record": "entity"}]])
@example(records=[{"record": "entity", "id": "fuzzrec-x", "kind": "Company", "name": 1e308}])
def test_json_records_of_ingest_findings(
    records: list[Any], client: httpx.Client, shared_api: Server, shared_keys: dict[str, str]
) -> None:
    payload = _post(client, shared_api, shared_keys["editor"], INGEST, {"r": records})
    if "errors" in payload:
        assert set(error_codes(payload)) == {"BAD_USER_INPUT"}, (records, payload)
        for error in payload["errors"]:  # one per offending list item
            message = error["message"]
            assert message.startswith("records") or "$r" in message, (records, message)
        return
    report = payload["data"]["ingestFindings"]
    assert report["outcome"] in ("OK", "INVALID"), report
    if report["outcome"] == "INVALID":
        assert report["errors"], report
    for problem in report["errors"]:
        location = problem["location"]
        assert location.startswith("records["), problem
        assert int(location[len("records[") :].split("]")[0]) < len(records), problem
