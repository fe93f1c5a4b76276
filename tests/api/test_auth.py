"""Authentication (API keys, anonymous role) and authorisation (reader < editor < admin)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from entanglements.core.keys import create_key, revoke_key
from entanglements.core.settings import Settings
from tests.api.conftest import ClientFactory, Findings, codes, post
from tests.db import SyncDb

LISTS = "{ sanctionsLists { id } }"
INGEST = """
mutation($records: [JSON!]!) {
  ingestFindings(records: $records) { runId outcome counts { recordType created } }
}
"""


@pytest.fixture
def closed(make_client: ClientFactory) -> Iterator[TestClient]:
    """An app without anonymous access (the default: ENTANGLE_ANONYMOUS_ROLE unset)."""
    with make_client(anonymous_role=None) as client:
        yield client


@pytest.fixture
def keys(db: SyncDb, settings: Settings, prefix: str) -> Iterator[dict[str, str]]:
    """A fresh key per role; revoked afterwards."""
    made = {
        role: db.run(create_key, name=f"{prefix}{role}", role=role)
        for role in ("reader", "editor", "admin")
    }
    yield {role: secret for role, (_, secret) in made.items()}
    for key, _ in made.values():
        db.run(revoke_key, key.id)


def test_no_key_is_401_when_anonymous_access_is_off(closed: TestClient) -> None:
    response = closed.post("/graphql", json={"query": LISTS})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {
        "data": None,
        "errors": [
            {
                "message": "an API key is required: send Authorization: Bearer <key>",
                "extensions": {"code": "UNAUTHENTICATED"},
            }
        ],
    }


@pytest.mark.parametrize(
    "header", ["Bearer ent_not-a-real-key", "Bearer", "Basic dXNlcjpwYXNz", "ent_no-scheme"]
)
def test_bad_credentials_are_401(closed: TestClient, header: str) -> None:
    response = closed.post("/graphql", json={"query": LISTS}, headers={"Authorization": header})
    assert response.status_code == 401
    assert codes(response.json()) == ["UNAUTHENTICATED"]


def test_a_wrong_key_is_refused_even_with_anonymous_access(
    client: TestClient,
) -> None:
    body = post(client, LISTS, key="ent_typo")
    assert body["_status"] == 401 and codes(body) == ["UNAUTHENTICATED"]


def test_every_role_can_query(closed: TestClient, keys: dict[str, str]) -> None:
    for key in keys.values():
        body = post(closed, LISTS, key=key)
        assert body["_status"] == 200 and "errors" not in body


def test_reader_cannot_ingest(closed: TestClient, keys: dict[str, str], findings: Findings) -> None:
    findings.entity("e")
    body = post(closed, INGEST, {"records": findings.records}, key=keys["reader"])
    # Decided: a field a role may not use answers HTTP 200 with FORBIDDEN on that field.
    assert body["_status"] == 200 and body["data"] == {"ingestFindings": None}
    assert codes(body) == ["FORBIDDEN"]
    assert body["errors"][0]["path"] == ["ingestFindings"]


def test_anonymous_reader_cannot_ingest(client: TestClient, findings: Findings) -> None:
    findings.entity("e")
    assert codes(post(client, INGEST, {"records": findings.records})) == ["FORBIDDEN"]


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editor_and_admin_can_ingest(
    closed: TestClient, keys: dict[str, str], findings: Findings, role: str
) -> None:
    findings.entity(f"e-{role}")
    body = post(closed, INGEST, {"records": findings.records}, key=keys[role])
    assert "errors" not in body, body
    report = body["data"]["ingestFindings"]
    assert report["outcome"] == "OK"
    assert {"recordType": "entity", "created": 1} in report["counts"]


def test_revocation_takes_effect_within_seconds(
    closed: TestClient, db: SyncDb, settings: Settings, prefix: str
) -> None:
    key, secret = db.run(create_key, name=f"{prefix}short-lived", role="reader")
    closed.app.state.entangle.keys.ttl_s = 0.5  # type: ignore[attr-defined]
    assert post(closed, LISTS, key=secret)["_status"] == 200
    db.run(revoke_key, key.id)
    time.sleep(0.6)
    body = post(closed, LISTS, key=secret)
    assert body["_status"] == 401 and codes(body) == ["UNAUTHENTICATED"]


def test_graphiql_page_needs_no_key(closed: TestClient, make_client: ClientFactory) -> None:
    page = closed.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    with make_client(anonymous_role=None, graphiql=False) as production:
        assert production.get("/graphql", headers={"Accept": "text/html"}).status_code == 404
