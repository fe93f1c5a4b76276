"""Scenario 4: hostile GraphQL documents against the served API (a real uvicorn process on the
shared test Neo4j). Each must be refused quickly, with a clear error and no data, while a
well-behaved client keeps getting right answers. Runs in the normal suite (seconds).
"""

from __future__ import annotations

import socket
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from entanglements.core.settings import Settings
from entanglements.ingest.pipeline import ingest_records
from tests.db import SyncDb
from tests.faults.conftest import Figures
from tests.faults.harness import Server, assert_no_traceback, bystander, error_codes

#: A refusal must come back within this (the figures record the real latencies, typically
#: a few ms; the bound is generous because two cores are shared by several suites).
REFUSAL_BUDGET_MS = 1_500


@pytest.fixture(scope="module")
def victim(db: SyncDb, settings: Settings) -> str:
    """A small graph the well-behaved client reads: entity ``<p>e-1`` with a partner."""
    prefix = f"hostile{time.time_ns() % 10**9}-"
    records: list[dict[str, Any]] = [
        {"record": "source", "id": f"{prefix}src", "title": "A source"},
        {"record": "entity", "id": f"{prefix}e-1", "kind": "Organization", "name": "Victim U"},
        {"record": "entity", "id": f"{prefix}e-2", "kind": "Company", "name": "Partner Co"},
        {
            "record": "relationship",
            "id": f"{prefix}r-1",
            "type": "partnership",
            "from": f"{prefix}e-1",
            "to": f"{prefix}e-2",
            "citations": [{"source": f"{prefix}src"}],
        },
    ]
    summary = db.run(ingest_records, records, origin="cli")
    assert summary.outcome == "ok"
    return prefix


@pytest.fixture
def calm_client(
    shared_api: Server, shared_keys: dict[str, str], victim: str
) -> Iterator[Callable[[], list[float]]]:
    """A reader asking for the victim's partners throughout the test; at the end every one
    of its answers must have been right."""
    query = "query($id: ID!) { entity(id: $id) { id relationships { totalCount } } }"

    def right(payload: dict[str, Any]) -> bool:
        entity = (payload.get("data") or {}).get("entity") or {}
        return entity.get("id") == f"{victim}e-1" and entity["relationships"]["totalCount"] == 1

    with bystander(
        shared_api.graphql, shared_keys["reader"], query, {"id": f"{victim}e-1"}, right
    ) as client:
        deadline = time.monotonic() + 30
        while not client.latencies_ms and time.monotonic() < deadline:
            time.sleep(0.05)
        yield lambda: client.latencies_ms
        time.sleep(0.3)
    assert client.latencies_ms, "the well-behaved client made no request"
    assert not client.failures, f"the well-behaved client was hurt: {client.failures[:3]}"
    assert max(client.latencies_ms) < 10_000


def _empty(data: Any) -> bool:
    """No data: null, or only nulls where a nullable field failed (``{"entity": null}``)."""
    if isinstance(data, dict):
        return all(_empty(v) for v in data.values())
    return data is None


def _refused(response: httpx.Response, *words: str) -> str:
    """A clean refusal: no 5xx, no data, a BAD_USER_INPUT error whose message says why."""
    assert response.status_code < 500, response.text[:300]
    assert_no_traceback(response.text)
    payload = response.json()
    assert _empty(payload.get("data")), f"data leaked: {str(payload)[:300]}"
    assert error_codes(payload) and set(error_codes(payload)) == {"BAD_USER_INPUT"}, payload
    message: str = payload["errors"][0]["message"]
    assert any(w.lower() in message.lower() for w in words), message
    return message


def _post(server: Server, key: str, body: Any) -> tuple[httpx.Response, float]:
    began = time.perf_counter()
    response = httpx.post(
        server.graphql, json=body, headers={"Authorization": f"Bearer {key}"}, timeout=30
    )
    return response, (time.perf_counter() - began) * 1000


def _deep(levels: int) -> str:
    """A document ``levels`` selection sets deep (Entity -> relationships -> edges -> node ->
    from -> relationships ... : every turn of the cycle adds four levels)."""
    inner = "id"
    depth = 2  # entity { ... id }
    while depth < levels:
        inner = f"relationships {{ edges {{ node {{ from {{ {inner} }} }} }} }}"
        depth += 4
    return '{ entity(id: "x") { ' + inner + " } }"


HOSTILE: dict[str, tuple[Any, tuple[str, ...]]] = {
    "depth-50": ({"query": _deep(50)}, ("depth",)),
    "1000-aliases": (
        {"query": "{ " + " ".join(f"a{i}: sanctionsLists {{ id }}" for i in range(1000)) + " }"},
        ("alias", "tokens"),
    ),
    "31-aliases": (  # under the token limit: the alias limit itself must refuse it
        {"query": "{ " + " ".join(f"a{i}: __typename" for i in range(31)) + " }"},
        ("alias",),
    ),
    "circular-fragments": (
        {
            "query": "fragment A on Entity { id ...B } fragment B on Entity { name ...A } "
            '{ entity(id: "x") { ...A } }'
        },
        ("within itself", "cycle"),
    ),
    "huge-first": (
        {"query": '{ search(text: "victim", first: 1000000) { score } }'},
        ("first",),
    ),
    "first-beyond-int32": (
        {"query": '{ search(text: "victim", first: 99999999999) { score } }'},
        ("first", "32-bit"),
    ),
    "negative-first": (
        {"query": '{ search(text: "victim", first: -1) { score } }'},
        ("first",),
    ),
    "relationships-huge-first": (
        {"query": '{ entity(id: "@VICTIM@") { relationships(first: 100000000) { totalCount } } }'},
        ("first",),
    ),
    "exposure-maxHops-50": (
        {"query": '{ sanctionsExposure(entityId: "x", maxHops: 50) { totalCount } }'},
        ("maxHops",),
    ),
    "paths-maxHops-50": (
        {"query": '{ paths(fromId: "x", toId: "y", maxHops: 50) { length } }'},
        ("maxHops",),
    ),
    "exposure-first-huge": (
        {"query": '{ sanctionsExposure(entityId: "x", first: 1000000) { totalCount } }'},
        ("first",),
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_document_is_refused_quickly(
    name: str,
    victim: str,
    shared_api: Server,
    shared_keys: dict[str, str],
    calm_client: Callable[[], list[float]],
    figures: Figures,
) -> None:
    template, words = HOSTILE[name]
    body = {"query": template["query"].replace("@VICTIM@", f"{victim}e-1")}
    timings = []
    for _ in range(5):
        response, ms = _post(shared_api, shared_keys["reader"], body)
        figures["message"] = _refused(response, *words)
        timings.append(ms)
    figures["refusal_ms_median"] = statistics.median(timings)
    figures["refusal_ms_max"] = max(timings)
    figures["bystander_ms_max"] = max(calm_client())
    assert statistics.median(timings) < REFUSAL_BUDGET_MS


def _five_mb_body() -> bytes:
    head = b'{"query": "{ sanctionsLists { id } }", "variables": {"x": "'
    return head + b"a" * 5_000_000 + b'"}}'


def test_5mb_body_is_refused_with_413(
    shared_api: Server,
    shared_keys: dict[str, str],
    calm_client: Callable[[], list[float]],
    figures: Figures,
) -> None:
    body = _five_mb_body()
    headers = {
        "Authorization": f"Bearer {shared_keys['reader']}",
        "content-type": "application/json",
    }

    def chunks() -> Iterator[bytes]:  # no Content-Length: the server must count
        for i in range(0, len(body), 65_536):
            yield body[i : i + 65_536]

    for label, content in (("content_length", body), ("chunked", None)):
        timings = []
        for _ in range(3):
            began = time.perf_counter()
            response = httpx.post(
                shared_api.graphql,
                content=content if content is not None else chunks(),
                headers=headers,
                timeout=30,
            )
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 413, response.text[:200]
            figures["message"] = _refused(response, "larger than")
        figures[f"{label}_ms_median"] = statistics.median(timings)
        assert statistics.median(timings) < REFUSAL_BUDGET_MS * 2

    # A client that waits for the answer before sending (Expect: 100-continue) is refused
    # from the headers alone: the 5 MB never cross the wire.
    began = time.perf_counter()
    with socket.create_connection(
        (shared_api.url.split("//")[1].split(":")[0], int(shared_api.url.rsplit(":", 1)[1])),
        timeout=10,
    ) as sock:
        sock.sendall(
            b"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Authorization: Bearer " + shared_keys["reader"].encode() + b"\r\n"
            b"Expect: 100-continue\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n"
        )
        head = sock.recv(65_536)
    figures["headers_only_ms"] = (time.perf_counter() - began) * 1000
    assert head.startswith(b"HTTP/1.1 413"), head[:200]
    figures["bystander_ms_max"] = max(calm_client())


def test_batched_query_flood_is_refused_and_others_are_served(
    shared_api: Server,
    shared_keys: dict[str, str],
    calm_client: Callable[[], list[float]],
    figures: Figures,
) -> None:
    """JSON arrays of 1,000 operations, sent by 8 threads at once, 20 times each."""
    batch = [{"query": "{ sanctionsLists { id name } }"}] * 1_000
    headers = {"Authorization": f"Bearer {shared_keys['reader']}"}
    statuses: list[int] = []
    timings: list[float] = []
    texts: list[str] = []
    lock = threading.Lock()

    def flood() -> None:
        with httpx.Client() as client:
            for _ in range(20):
                began = time.perf_counter()
                response = client.post(shared_api.graphql, json=batch, headers=headers, timeout=30)
                with lock:
                    timings.append((time.perf_counter() - began) * 1000)
                    statuses.append(response.status_code)
                    texts.append(response.text)

    threads = [threading.Thread(target=flood) for _ in range(8)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    figures["flood_s"] = time.monotonic() - began
    assert len(statuses) == 160
    assert set(statuses) == {400}, set(statuses)
    for text in texts:
        assert_no_traceback(text)
        assert "batching is not enabled" in text.lower(), text[:200]
    figures["message"] = texts[0][:200]
    figures["refusal_ms_median"] = statistics.median(timings)
    figures["refusal_ms_max"] = max(timings)
    figures["bystander_requests"] = len(calm_client())
    figures["bystander_ms_median"] = statistics.median(calm_client())
    figures["bystander_ms_max"] = max(calm_client())
    assert statistics.median(timings) < REFUSAL_BUDGET_MS


MALFORMED: dict[str, tuple[bytes, str]] = {
    "json-nested-100k": (
        b'{"query": "{ __typename }", "variables": {"x": '
        + b"[" * 100_000
        + b"]" * 100_000
        + b"}}",
        "application/json",
    ),
    "json-object-nested-50k": (
        b'{"query": "{ __typename }", "variables": ' + b'{"a":' * 50_000 + b"1" + b"}" * 50_001,
        "application/json",
    ),
    "json-null": (b"null", "application/json"),
    "json-string": (b'"{ __typename }"', "application/json"),
    "json-true": (b"true", "application/json"),
    "json-number": (b"5", "application/json"),
    "invalid-utf8": (b'{"query": "{ __typename }", "x": "\xe9"}', "application/json"),
    "utf16-bom": (b"\xff\xfe{", "application/json"),
    "empty": (b"", "application/json"),
    "nul-byte": (b'{"query": "{ __typename \x00 }"}', "application/json"),
    "form": (b"query=%7B__typename%7D", "application/x-www-form-urlencoded"),
    "variables-list": (b'{"query": "{ __typename }", "variables": []}', "application/json"),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_body_is_a_clean_4xx(
    name: str,
    shared_api: Server,
    shared_keys: dict[str, str],
    calm_client: Callable[[], list[float]],
    figures: Figures,
) -> None:
    """Bodies that are not a GraphQL request: refused as the client's fault (4xx), never an
    HTTP 500, and the server keeps serving."""
    body, content_type = MALFORMED[name]
    headers = {"Authorization": f"Bearer {shared_keys['reader']}", "content-type": content_type}
    began = time.perf_counter()
    response = httpx.post(shared_api.graphql, content=body, headers=headers, timeout=30)
    figures["refusal_ms"] = (time.perf_counter() - began) * 1000
    figures["status"] = response.status_code
    figures["message"] = response.text[:120]
    assert 400 <= response.status_code < 500, f"{response.status_code}: {response.text[:200]}"
    assert_no_traceback(response.text)
    assert shared_api.alive()
    figures["bystander_ms_max"] = max(calm_client())


def test_server_is_healthy_after_the_abuse(shared_api: Server) -> None:
    assert shared_api.alive()
    assert httpx.get(f"{shared_api.url}/readyz", timeout=10).status_code == 200
