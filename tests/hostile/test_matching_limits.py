"""Matching has a budget, checked before the work starts, runs off the event loop in worker
processes the request timeout really stops, and each caller has a share (issue #23)."""

from __future__ import annotations

import random
import time
import uuid
from typing import Any

from fastapi.testclient import TestClient

from entanglements.core.models import MAX_ENTITY_NAMES
from entanglements.core.settings import Settings
from entanglements.ingest.pipeline import ingest_records
from tests.api.conftest import ClientFactory, Findings, codes, post
from tests.db import SyncDb

COMPARE = "query($a: ScreeningQuery!, $b: ScreeningQuery!) { compare(a: $a, b: $b) { score } }"
SCREEN_MANY = """query($qs: [ScreeningQuery!]!, $lists: [ID!]) {
  screenMany(queries: $qs, lists: $lists) { candidates { entity { id } score } } }"""

_rng = random.Random()


def words(n: int) -> str:
    return " ".join("".join(_rng.choices("bdfgklmnprstvz", k=6)) for _ in range(n))


def party(names: int, per_name: int) -> dict[str, Any]:
    return {"name": words(per_name), "aliases": [words(per_name) for _ in range(names - 1)]}


def message(body: dict[str, Any]) -> str:
    return str(body["errors"][0]["message"])


def test_issue_compare_is_refused_at_once(client: TestClient) -> None:
    """36 names of 70 words a side: 34.5 s of CPU before; now refused before any work."""
    big = party(36, 70)
    started = time.perf_counter()
    body = post(client, COMPARE, {"a": big, "b": big})
    took = time.perf_counter() - started
    assert codes(body) == ["BAD_USER_INPUT"] and "ENTANGLE_MAX_MATCH_WORDS" in message(body)
    assert message(body).startswith("a: 2520 words")
    print(f"\noversized compare refused in {took * 1000:.0f} ms")


def test_the_largest_allowed_compare_answers(client: TestClient, settings: Settings) -> None:
    a, b = (party(settings.max_match_words // 20, 20) for _ in "ab")  # 200 words: the limit
    body = post(client, COMPARE, {"a": a, "b": b})
    assert "errors" not in body and 0.0 <= body["data"]["compare"]["score"] < 1.0


def test_issue_screen_many_is_refused_at_once(client: TestClient) -> None:
    """100 queries of 10 names of 60 words (144 s before)."""
    queries = [party(10, 60) for _ in range(100)]
    body = post(client, SCREEN_MANY, {"qs": queries})
    assert codes(body) == ["BAD_USER_INPUT"]
    assert message(body).startswith("queries[0]: 600 words")
    many = [party(1, 30) for _ in range(100)]  # each query allowed, 3,000 words in all
    body = post(client, SCREEN_MANY, {"qs": many})
    assert codes(body) == ["BAD_USER_INPUT"] and "ENTANGLE_MAX_SCREEN_WORDS" in message(body)


def test_candidates_count_before_scoring(make_client: ClientFactory, findings: Findings,
                                         db: SyncDb, settings: Settings) -> None:  # fmt: skip
    name = words(3)
    findings.sanctions_list("list")
    findings.entity("heavy", name=name, aliases=[f"{name} {words(5)}" for _ in range(40)])
    findings.listing("heavy-on", "heavy", "list")
    findings.load(db, settings)
    query = {"qs": [{"name": name}], "lists": [findings.id("list")]}
    with make_client(max_match_work=100) as client:
        body = post(client, SCREEN_MANY, query)
        assert codes(body) == ["BAD_USER_INPUT"] and "ENTANGLE_MAX_MATCH_WORK" in message(body)
    with make_client() as client:
        body = post(client, SCREEN_MANY, query)
        assert "errors" not in body, body


def test_the_request_timeout_stops_the_worker(make_client: ClientFactory) -> None:
    """A compare far beyond the limits, let through, is stopped at the request timeout: the
    worker scoring it is killed (a fresh one takes its place), so no CPU runs on for it."""
    huge = party(30, 60)
    unlimited = {"max_match_words": 10**6, "max_match_work": 10**12}
    with make_client(request_timeout_s=1.0, **unlimited) as client:
        pool = client.app.state.entangle.matcher  # type: ignore[attr-defined]
        before = {w.process.pid for w in pool.idle}
        started = time.perf_counter()
        body = post(client, COMPARE, {"a": huge, "b": party(30, 60)})
        took = time.perf_counter() - started
        assert codes(body) == ["TIMEOUT"] and took < 10, took
        after = {w.process.pid for w in pool.idle}
        killed = before - after
        assert len(killed) == 1 and len(after) == len(before)
        for worker in pool.idle:
            if worker.process.pid not in before:
                assert worker.process.is_alive()  # the replacement runs
        print(f"\ntimeout answered in {took:.2f} s; worker {killed} killed")


def test_each_caller_has_a_share(make_client: ClientFactory) -> None:
    small = {"a": {"name": "Alpha Beta"}, "b": {"name": "Alpha Beta"}}
    with make_client(match_concurrency=1) as client:
        state = client.app.state.entangle  # type: ignore[attr-defined]
        with state.expensive.hold("anonymous", "a request still running"):
            response = client.post("/graphql", json={"query": COMPARE, "variables": small})
            body = response.json()
            assert codes(body) == ["RATE_LIMITED"]
            assert response.headers["retry-after"] == "1"
            with state.expensive.hold("key:other", "another caller's"):
                pass  # another caller is not held back by this one
        assert "errors" not in post(client, COMPARE, small)  # the slot is free again


def test_ingest_bounds_names_per_entity(db: SyncDb, settings: Settings) -> None:
    p = f"t{uuid.uuid4().hex[:10]}-"
    aliases = [f"Alias {i} {words(1)}" for i in range(MAX_ENTITY_NAMES + 100)]
    record = {"record": "entity", "id": p + "many", "kind": "Company", "name": "Many Names",
              "aliases": aliases}  # fmt: skip
    summary = db.run(ingest_records, [record], origin="api")
    assert summary.outcome == "ok"
    assert summary.skipped == {f"names beyond {MAX_ENTITY_NAMES} per entity": 101}
    [stored] = db.rows("MATCH (e:Entity {id: $id}) RETURN size(e.aliases) AS n", id=p + "many")
    assert stored["n"] == MAX_ENTITY_NAMES - 1
