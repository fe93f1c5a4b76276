"""Fixtures of the API tests: the real HTTP app (FastAPI TestClient, which runs the app's
lifespan on one event loop for the client's whole life) against the real Neo4j, and graphs
with known answers written through the ingest pipeline (so they follow docs/data-model.md
exactly as production data does)."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest

from entanglements.core.settings import Settings
from tests.db import SyncDb

with warnings.catch_warnings():  # starlette's TestClient warns about httpx's future
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from entanglements.api.app import create_app
from entanglements.ingest.pipeline import ingest_records

ClientFactory = Callable[..., AbstractContextManager[TestClient]]


@dataclass
class Findings:
    """Records of the findings format under one id prefix; ``load`` ingests them."""

    prefix: str
    records: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.source("src", title="Test source", publisher="Tester", published="2020-02")

    def id(self, key: str) -> str:
        return self.prefix + key

    def gid(self, kind: str, key: str) -> str:
        """The API's global id of a record of another kind than entity (``list:<id>``)."""
        return f"{kind}:{self.id(key)}"

    def source(self, key: str, **fields: Any) -> str:
        fields.setdefault("title", f"Source {key}")
        return self._add("source", key, fields)

    def sanctions_list(self, key: str, **fields: Any) -> str:
        fields.setdefault("name", f"List {key}")
        fields.setdefault("authority", "Test authority")
        return self._add("list", key, fields)

    def entity(self, key: str, **fields: Any) -> str:
        fields.setdefault("name", f"Entity {key}")
        fields.setdefault("kind", "Organization")
        return self._add("entity", key, fields)

    def rel(self, key: str, type_: str, a: str, b: str, **fields: Any) -> str:
        fields |= {"type": type_, "from": self.id(a), "to": self.id(b)}
        fields.setdefault("citations", [self.cite(f"{a} {type_} {b}")])
        return self._add("relationship", key, fields)

    def listing(self, key: str, entity: str, lst: str, **fields: Any) -> str:
        fields |= {"entity": self.id(entity), "list": self.id(lst)}
        fields.setdefault("citations", [self.cite(f"{entity} listed on {lst}")])
        return self._add("listing", key, fields)

    def cite(self, quote: str, source: str = "src", locator: str | None = "p. 1") -> dict[str, Any]:
        return {"source": self.id(source), "quote": quote, "locator": locator}

    def load(self, db: SyncDb, settings: Settings) -> None:
        summary = db.run(ingest_records, self.records, origin="api")
        assert summary.outcome == "ok", summary.errors

    def _add(self, record: str, key: str, fields: dict[str, Any]) -> str:
        self.records.append({"record": record, "id": self.id(key), **fields})
        return self.id(key)


@pytest.fixture
def findings(prefix: str) -> Findings:
    return Findings(prefix)


def api_settings(settings: Settings, **overrides: Any) -> Settings:
    """The app as `make run` serves it; TestClient's requests say ``Host: testserver``."""
    update = {"anonymous_role": "reader", "allowed_hosts": "testserver", **overrides}
    return settings.model_copy(update=update)


@pytest.fixture(scope="session")
def client(settings: Settings, db: SyncDb) -> Iterator[TestClient]:
    """The app as `make run` serves it: anonymous requests get the reader role."""
    with TestClient(create_app(api_settings(settings))) as client:
        yield client


@pytest.fixture
def make_client(settings: Settings, db: SyncDb) -> ClientFactory:
    """An app with other settings (auth, limits, hub bound, timeouts)."""

    @contextmanager
    def make(**overrides: Any) -> Iterator[TestClient]:
        with TestClient(create_app(api_settings(settings, **overrides))) as client:
            yield client

    return make


def post(
    client: TestClient, query: str, variables: dict[str, Any] | None = None, key: str | None = None
) -> dict[str, Any]:
    """POST one operation; the answer must be GraphQL-shaped JSON without a traceback."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    response = client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    assert "Traceback" not in response.text
    body: dict[str, Any] = response.json()
    body["_status"] = response.status_code
    return body


def data(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    """The ``data`` of an operation that must succeed."""
    body = post(client, query, variables)
    assert body["_status"] == 200 and "errors" not in body, body
    result: dict[str, Any] = body["data"]
    return result


def codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


def round_trips(client: TestClient) -> int:
    count: int = client.app.state.entangle.db.round_trips  # type: ignore[attr-defined]
    return count
