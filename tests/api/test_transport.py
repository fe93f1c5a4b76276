"""Issue 25 on the wire: automatic persisted queries (Apollo's protocol, shared through
Neo4j), queries over GET with cache headers, mutations POST-only, nullable root fields, and
``Subscription.alerts`` over graphql-transport-ws receiving the alert an ingest raises."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from typing import Any

from fastapi.testclient import TestClient

from entanglements.core.db.database import Database
from entanglements.core.persisted_queries import PersistedQueries, sha256
from entanglements.core.settings import Settings
from tests.api.conftest import ClientFactory, Findings, codes, data, post
from tests.api.test_seed import seeded  # noqa: F401  (fixture)
from tests.api.test_watch import partner_listed_later
from tests.db import SyncDb


def apq(client: TestClient, digest: str, query: str | None = None, *, get: bool = False) -> Any:
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    if get:
        params = {"extensions": json.dumps(extensions)} | ({"query": query} if query else {})
        return client.get("/graphql", params=params)
    body: dict[str, Any] = {"extensions": extensions} | ({"query": query} if query else {})
    return client.post("/graphql", json=body)


def test_apq_round_trip_shared_by_every_instance(
    client: TestClient, make_client: ClientFactory, prefix: str
) -> None:
    query = f"# {prefix}\n{{ viewer {{ role }} relationshipTypes }}"
    digest = hashlib.sha256(query.encode()).hexdigest()

    unknown = apq(client, digest)
    assert unknown.status_code == 200
    assert unknown.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert unknown.json()["errors"][0]["message"] == "PersistedQueryNotFound"

    stored = apq(client, digest, query)
    assert stored.json()["data"]["viewer"] == {"role": "READER"}
    again = apq(client, digest)
    assert again.json()["data"] == stored.json()["data"]

    by_get = apq(client, digest, get=True)
    assert by_get.status_code == 200 and by_get.json()["data"] == stored.json()["data"]
    assert by_get.headers["cache-control"] == "private, max-age=30"
    assert by_get.headers["vary"] == "Authorization, Entangle-Bookmarks"

    with make_client() as other:  # another instance: knows the hash from Neo4j alone
        assert apq(other, digest).json()["data"] == stored.json()["data"]


def test_a_get_answers_hash_and_query_but_stores_nothing(client: TestClient, prefix: str) -> None:
    query = f"# {prefix} get\n{{ viewer {{ role }} }}"
    digest = hashlib.sha256(query.encode()).hexdigest()
    answered = apq(client, digest, query, get=True)
    assert answered.json()["data"] == {"viewer": {"role": "READER"}}
    assert (
        apq(client, digest).json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    )


def test_apq_refuses_a_hash_that_does_not_match(client: TestClient) -> None:
    body = apq(client, "0" * 64, "{ viewer { role } }").json()
    assert codes(body) == ["BAD_USER_INPUT"] and "does not match" in body["errors"][0]["message"]
    body = apq(client, "not-a-hash").json()
    assert codes(body) == ["BAD_USER_INPUT"]


def test_get_runs_queries_not_mutations(client: TestClient) -> None:
    ok = client.get("/graphql", params={"query": "{ viewer { role } }"})
    assert ok.status_code == 200 and ok.json()["data"] == {"viewer": {"role": "READER"}}
    refused = client.get(
        "/graphql",
        params={"query": 'mutation { acknowledgeAlerts(ids: ["alert:x"]) { id } }'},
    )
    assert refused.status_code in (400, 405)
    failed = client.get(
        "/graphql", params={"query": '{ sanctionsExposure(entityId: "nope") { totalCount } }'}
    )
    assert failed.headers["cache-control"] == "no-store"


def test_one_bad_argument_keeps_the_sibling_fields(client: TestClient) -> None:
    body = post(client, '{ viewer { role } sanctionsExposure(entityId: "nope") { totalCount } }')
    assert body["data"] == {"viewer": {"role": "READER"}, "sanctionsExposure": None}
    assert codes(body) == ["NOT_FOUND"]


SUBSCRIBE = "subscription { alerts { id kind watchedEntity { id } party { id name } } }"


def test_websocket_subscriber_receives_the_alert_an_ingest_raises(
    make_client: ClientFactory, findings: Findings, db: SyncDb, settings: Settings
) -> None:
    f = findings
    with (
        partner_listed_later(f, db, settings) as listing,
        make_client(alert_poll_s=0.2) as client,
        client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws,
    ):
        ws.send_json({"type": "connection_init", "payload": {}})
        assert ws.receive_json()["type"] == "connection_ack"
        ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}})
        feed = client.app.state.entangle.alert_feed  # type: ignore[attr-defined]
        deadline = time.monotonic() + 5
        while not feed._started.is_set() and time.monotonic() < deadline:
            time.sleep(0.05)
        listing.load(db, settings)  # its watch check raises the alert
        received: list[dict[str, Any]] = []
        reader = threading.Thread(target=lambda: received.append(ws.receive_json()), daemon=True)
        reader.start()
        reader.join(timeout=5)
        assert received, "no alert within 5 s"
        message = received[0]
        assert message["type"] == "next" and message["id"] == "1"
        alert = message["payload"]["data"]["alerts"]
        assert alert["watchedEntity"] == {"id": f.id("watched")}
        assert alert["party"]["id"] == f.id("partner") and alert["kind"] == "LISTED"
        ws.send_json({"id": "1", "type": "complete"})


def test_websocket_refuses_an_unknown_key(make_client: ClientFactory) -> None:
    with (
        make_client(anonymous_role=None) as client,
        client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws,
    ):
        ws.send_json({"type": "connection_init", "payload": {"Authorization": "Bearer ent_nope"}})
        closed = ws.receive()
        assert closed["type"] == "websocket.close" and closed["code"] == 4403


def test_websocket_subscriptions_have_the_document_limits(make_client: ClientFactory) -> None:
    aliases = " ".join(f"a{i}: alerts {{ id }}" for i in range(31))  # ENTANGLE_MAX_ALIASES 30
    with (
        make_client() as client,
        client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws,
    ):
        ws.send_json({"type": "connection_init", "payload": {}})
        assert ws.receive_json()["type"] == "connection_ack"
        ws.send_json(
            {"id": "1", "type": "subscribe", "payload": {"query": f"subscription {{ {aliases} }}"}}
        )
        message = ws.receive_json()
        assert message["type"] == "error" and message["id"] == "1"
        assert "aliases" in json.dumps(message["payload"]).lower()


def test_search_and_exposures_page_with_cursors(client: TestClient, seeded: None) -> None:  # noqa: F811
    search = (
        'query($after: String) { search(text: "university", first: 3, after: $after) '
        "{ id entity { id } cursor } }"
    )
    whole = data(client, search.replace("first: 3", "first: 9"))["search"]
    first = data(client, search)["search"]
    rest = data(client, search, after=first[-1]["cursor"])["search"]
    assert [h["entity"]["id"] for h in first + rest] == [h["entity"]["id"] for h in whole[:6]]
    assert len({h["id"] for h in whole}) == len(whole)  # every hit its own cacheable id

    report = """query($after: String) {
      sanctionsExposure(entityId: "xjtlu", first: 3, after: $after)
      { id totalCount exposures { id cursor entity { id } } } }"""
    page1 = data(client, report)["sanctionsExposure"]
    page2 = data(client, report, after=page1["exposures"][-1]["cursor"])["sanctionsExposure"]
    everything = data(client, report.replace("first: 3", "first: 50"))["sanctionsExposure"]
    paged = [e["entity"]["id"] for e in page1["exposures"] + page2["exposures"]]
    assert paged == [e["entity"]["id"] for e in everything["exposures"]][:6]
    assert page1["id"] != page2["id"]  # a page is its own result
    bad = post(client, report, {"after": "bm9wZQ=="})
    assert codes(bad) == ["BAD_USER_INPUT"] and bad["data"] == {"sanctionsExposure": None}


def test_persisted_queries_are_capped(db: SyncDb, settings: Settings, prefix: str) -> None:
    async def run() -> list[bool]:
        store = PersistedQueries(db.database, cap=3)
        texts = [f"{{ viewer {{ role }} }} # {prefix}{i}" for i in range(5)]
        for text in texts:
            await store.put(sha256(text), text)
        another = Database(db.database.driver, settings)  # another instance's
        fresh = PersistedQueries(another, cap=3)
        return [await fresh.get(sha256(t)) == t for t in texts]

    assert db.wait(run()) == [False, False, True, True, True]


def test_ownership_rules_name_real_lists_only(client: TestClient, seeded: None) -> None:  # noqa: F811
    rules = data(client, "{ ownershipRules { id lists { id name authority } } }")["ownershipRules"]
    named = {li["id"] for rule in rules for li in rule["lists"]}
    in_graph = {li["id"] for li in data(client, "{ sanctionsLists { id } }")["sanctionsLists"]}
    assert "list:us-bis-entity-list" in named and named <= in_graph  # no stand-ins (csl-sdn)
