"""Request limits, error codes, masking of unexpected errors, /healthz and /readyz."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from entanglements.core.db.database import Database
from entanglements.core.errors import (
    DatabaseUnavailableError,
    EntangleError,
    ForbiddenError,
    NotFoundError,
    QueryTimeoutError,
)
from entanglements.core.reads import fetch, health
from entanglements.core.settings import Settings
from tests.api.conftest import ClientFactory, codes, post

JSON_TYPE = {"Content-Type": "application/json"}


def test_depth_limit(client: TestClient) -> None:
    hops = "relationships { edges { node { from { " * 4 + "id" + " } } } }" * 4
    deep = '{ entity(id: "x") { ' + hops + " } }"  # depth 17 > 12
    body = post(client, deep)
    assert codes(body) == ["BAD_USER_INPUT"]
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]
    shallow = '{ entity(id: "x") { relationships { edges { node { from { id } } } } } }'
    assert "errors" not in post(client, shallow)


def test_alias_limit(client: TestClient) -> None:
    query = "{ " + " ".join(f"a{i}: sanctionsLists {{ id }}" for i in range(31)) + " }"
    body = post(client, query)
    assert codes(body) == ["BAD_USER_INPUT"] and "aliases" in body["errors"][0]["message"]
    fine = "{ " + " ".join(f"a{i}: sanctionsLists {{ id }}" for i in range(30)) + " }"
    assert "errors" not in post(client, fine)


def test_token_limit(client: TestClient) -> None:
    query = "{ sanctionsLists { " + "id " * 2_100 + "} }"
    body = post(client, query)
    assert codes(body) == ["BAD_USER_INPUT"] and "token" in body["errors"][0]["message"].lower()


def test_body_limit(client: TestClient) -> None:
    big = b'{"query": "' + b" " * 1_000_001 + b'"}'
    response = client.post("/graphql", content=big, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert codes(response.json()) == ["BAD_USER_INPUT"]


def test_streamed_body_limit(make_client: ClientFactory) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: the body is counted as it arrives
        for _ in range(30):
            yield b" " * 1_000

    with make_client(max_body_bytes=10_000) as small:
        response = small.post("/graphql", content=chunks(), headers=JSON_TYPE)
    assert response.status_code == 413


def test_batched_operations_are_refused(client: TestClient) -> None:
    response = client.post("/graphql", json=[{"query": "{ sanctionsLists { id } }"}] * 2)
    assert response.status_code == 400


def test_syntax_and_validation_errors(client: TestClient) -> None:
    assert codes(post(client, "{ sanctionsLists { id }")) == ["BAD_USER_INPUT"]
    assert codes(post(client, "{ noSuchField }")) == ["BAD_USER_INPUT"]
    query = 'query($n: Int) { search(text: "x", first: $n) { score } }'
    overflow = post(client, query, {"n": 2**40})  # beyond 32 bits: never an Int
    assert codes(overflow) == ["BAD_USER_INPUT"]


def test_unexpected_errors_are_masked(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(_db: object) -> list[object]:
        raise RuntimeError("secret detail /etc/passwd")

    monkeypatch.setattr(fetch, "all_lists", broken)
    body = post(client, "{ sanctionsLists { id } }")
    assert body["_status"] == 200
    assert body["errors"] == [
        {
            "message": "internal error",
            "locations": [{"line": 1, "column": 3}],
            "path": ["sanctionsLists"],
            "extensions": {"code": "INTERNAL"},
        }
    ]


def test_request_timeout(make_client: ClientFactory) -> None:
    with make_client(request_timeout_s=0.000_1) as hasty:
        body = post(hasty, "{ sanctionsLists { id } }")
    assert codes(body) == ["TIMEOUT"] and body["data"] is None


@pytest.mark.asyncio
async def test_query_timeout_is_server_side(settings: Settings) -> None:
    """Every Cypher query carries ENTANGLE_QUERY_TIMEOUT; Neo4j stops it when exceeded."""
    hasty = settings.model_copy(update={"query_timeout_s": 0.5})
    async with Database.open(hasty, role="api") as db:
        started = time.monotonic()
        with pytest.raises(QueryTimeoutError):
            await db.read("UNWIND range(1, 1000000000) AS x RETURN sum(x)")
        assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (QueryTimeoutError("the query took longer than its time limit"), "TIMEOUT"),
        (DatabaseUnavailableError("Neo4j is not reachable"), "DATABASE_UNAVAILABLE"),
        (NotFoundError("no such thing"), "NOT_FOUND"),
        (ForbiddenError("no"), "FORBIDDEN"),
        (EntangleError("an internal detail"), "INTERNAL"),
    ],
)
def test_error_classes_map_to_codes(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, error: EntangleError, code: str
) -> None:
    async def failing(_db: object) -> list[object]:
        raise error

    monkeypatch.setattr(fetch, "all_lists", failing)
    body = post(client, "{ sanctionsLists { id } }")
    assert codes(body) == [code]
    expected = "internal error" if code == "INTERNAL" else str(error)
    assert body["errors"][0]["message"] == expected


def test_database_unavailable(make_client: ClientFactory) -> None:
    with make_client(neo4j_uri="bolt://127.0.0.1:7999", connect_timeout_s=1.0) as down:
        body = post(down, "{ sanctionsLists { id } }")
        assert codes(body) == ["DATABASE_UNAVAILABLE"] and body["_status"] == 200
        assert "7999" in body["errors"][0]["message"]
        assert down.get("/healthz").json() == {"status": "ok"}
        ready = down.get("/readyz")
        assert ready.status_code == 503 and ready.json()["status"] == "unavailable"


def test_database_unavailable_while_checking_a_key(make_client: ClientFactory) -> None:
    unreachable = {"neo4j_uri": "bolt://127.0.0.1:7999", "connect_timeout_s": 1.0}
    with make_client(**unreachable, anonymous_role=None) as down:
        body = {"query": "{ sanctionsLists { id } }"}
        response = down.post("/graphql", json=body, headers={"Authorization": "Bearer ent_x"})
    assert response.status_code == 503
    assert codes(response.json()) == ["DATABASE_UNAVAILABLE"]


def test_health_and_readiness(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json() == {"status": "ready"}
    # Code whose cypher/schema/ differs from what was applied is not ready.
    monkeypatch.setattr(health, "checksum", lambda: "another-schema")
    stale = client.get("/readyz")
    assert stale.status_code == 503 and "entangle db migrate" in stale.json()["reason"]


@pytest.mark.parametrize(
    "body", [b"null", b"5", b'"{ sanctionsLists { id } }"', b'{"query": "\xe9"}', b"[" * 100_000]
)
def test_bodies_that_are_not_requests_are_400(client: TestClient, body: bytes) -> None:
    response = client.post("/graphql", content=body, headers=JSON_TYPE)
    assert response.status_code == 400 and "Traceback" not in response.text
