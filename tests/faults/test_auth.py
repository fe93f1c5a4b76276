"""Scenario 6: who gets in. A real `entangle serve` (no anonymous role) on the shared test
Neo4j; keys made with the real `entangle keys` commands. Runs in the normal suite.
"""

from __future__ import annotations

import hashlib
import os
import random
import statistics
import string
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from entanglements.core.settings import Settings
from tests.db import SyncDb
from tests.faults.conftest import Figures
from tests.faults.harness import Server, assert_no_traceback, error_codes, run_entangle

READ = "{ sanctionsLists { id name } }"
INGEST = (
    "mutation($records: [JSON!]!) { ingestFindings(records: $records) "
    "{ runId outcome counts { recordType created } } }"
)


def _records(prefix: str) -> list[dict[str, Any]]:
    return [
        {"record": "source", "id": f"{prefix}src", "title": "Auth test source"},
        {"record": "entity", "id": f"{prefix}e", "kind": "Company", "name": "Auth Test Co"},
    ]


def _post(server: Server, query: str, variables: Any = None, **headers: str) -> httpx.Response:
    body: dict[str, Any] = {"query": query}
    if variables is not None:
        body["variables"] = variables
    return httpx.post(server.graphql, json=body, headers=headers, timeout=30)


def _written(db: SyncDb, settings: Settings, prefix: str) -> int:
    record = db.rows("MATCH (n) WHERE n.id STARTS WITH $p RETURN count(n) AS n", p=prefix)[0]
    return int(record["n"])


def _assert_unauthenticated(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text[:300]
    assert response.headers.get("www-authenticate", "").lower().startswith("bearer")
    payload = response.json()
    assert payload.get("data") is None
    assert error_codes(payload) == ["UNAUTHENTICATED"]
    assert_no_traceback(response.text)


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "ENTANGLE_ANONYMOUS_ROLE"}


def _create_key(role: str) -> tuple[str, str]:
    """`entangle keys create`: (secret printed once on stdout, key id from stderr)."""
    name = f"faults-auth-{uuid.uuid4().hex[:8]}"
    result = run_entangle("keys", "create", "--role", role, "--name", name, env=_env(), timeout=60)
    assert result.returncode == 0, result.stderr
    secret = result.stdout.strip()
    key_id = result.stderr.split("created key ", 1)[1].split()[0]
    return secret, key_id


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer ent_" + "A" * 43},
        {"Authorization": "Bearer"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "ent_no_scheme"},
        {"Authorization": "Bearer ' OR 1=1 //"},
        {"Authorization": "Bearer " + "x" * 10_000},
    ],
    ids=["no-key", "wrong-key", "empty-bearer", "basic", "no-scheme", "injection", "10k-key"],
)
@pytest.mark.parametrize("operation", ["query", "mutation"])
def test_missing_or_wrong_key_gets_401_and_no_data(
    shared_api: Server,
    db: SyncDb,
    settings: Settings,
    prefix: str,
    headers: dict[str, str],
    operation: str,
) -> None:
    if operation == "query":
        response = _post(shared_api, READ, **headers)
    else:
        response = _post(shared_api, INGEST, {"records": _records(prefix)}, **headers)
    _assert_unauthenticated(response)
    assert _written(db, settings, prefix) == 0


def test_reader_cannot_ingest_editor_can(
    shared_api: Server, shared_keys: dict[str, str], db: SyncDb, settings: Settings, prefix: str
) -> None:
    variables = {"records": _records(prefix)}
    refused = _post(shared_api, INGEST, variables, Authorization=f"Bearer {shared_keys['reader']}")
    assert refused.status_code in (200, 403), refused.text
    payload = refused.json()
    assert error_codes(payload) == ["FORBIDDEN"], payload
    assert payload.get("data") == {"ingestFindings": None}  # nullable: siblings would stay
    assert "editor" in payload["errors"][0]["message"]
    assert_no_traceback(refused.text)
    assert _written(db, settings, prefix) == 0, "a reader's ingest wrote to the graph"
    # The same request with an editor key is accepted: the refusal above was about the role.
    accepted = _post(shared_api, INGEST, variables, Authorization=f"Bearer {shared_keys['editor']}")
    assert accepted.status_code == 200 and accepted.json()["data"]["ingestFindings"]["outcome"] == (
        "OK"
    ), accepted.text
    assert _written(db, settings, prefix) == 2


def test_revoked_key_is_refused_within_seconds(shared_api: Server, figures: Figures) -> None:
    secret, key_id = _create_key("reader")
    auth = {"Authorization": f"Bearer {secret}"}
    ok = _post(shared_api, READ, **auth)
    assert ok.status_code == 200 and "errors" not in ok.json(), ok.text
    result = run_entangle("keys", "revoke", key_id, env=_env(), timeout=60)
    assert result.returncode == 0, result.stderr
    revoked_at = time.monotonic()
    while True:
        response = _post(shared_api, READ, **auth)
        if response.status_code == 401:
            break
        # until the cache entry expires the key still works: never a partial or odd answer
        assert response.status_code == 200 and "errors" not in response.json(), response.text
        assert time.monotonic() - revoked_at < 10, "a revoked key still works after 10 s"
        time.sleep(0.2)
    figures["refused_after_revoke_s"] = time.monotonic() - revoked_at
    _assert_unauthenticated(response)


def test_keys_are_stored_only_as_hashes(
    shared_api: Server, db: SyncDb, settings: Settings, figures: Figures
) -> None:
    secret, key_id = _create_key("editor")
    assert _post(shared_api, READ, Authorization=f"Bearer {secret}").status_code == 200
    token = secret.removeprefix("ent_")
    stored = db.rows("MATCH (k:ApiKey {id: $id}) RETURN properties(k) AS p", id=key_id)[0]["p"]
    # Every string (or list of strings) anywhere in the graph, searched for the secret.
    anywhere = db.rows(
        "MATCH (n) UNWIND keys(n) AS k WITH n[k] AS v "
        "WHERE (v IS :: STRING AND (v CONTAINS $t OR v CONTAINS $half)) "
        "OR (v IS :: LIST<STRING NOT NULL> AND any(x IN v WHERE x CONTAINS $t)) "
        "RETURN count(*) AS n",
        t=token,
        half=token[: len(token) // 2],
    )[0]["n"]
    assert stored["hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert set(stored) <= {"id", "name", "role", "hash", "created_at", "revoked_at"}, stored
    for value in stored.values():
        assert token[:16] not in str(value)
    assert anywhere == 0, "the key (or half of it) is stored in the graph"
    listing = run_entangle("keys", "list", env={**_env(), "COLUMNS": "300"}, timeout=60)
    assert listing.returncode == 0 and key_id in listing.stdout
    assert token[:16] not in listing.stdout + listing.stderr
    assert token[:16] not in shared_api.log.read_text(), "the server logged a key"
    figures["stored_properties"] = sorted(stored)


def test_key_check_time_does_not_depend_on_matched_prefix(
    shared_api: Server, shared_keys: dict[str, str], figures: Figures
) -> None:
    """Unknown keys that share nothing, half, or all but the last two characters with a
    valid key take the same time to refuse. Requests of the three kinds are interleaved at
    random (so load drifts hit all alike) and compared by median; the tolerance is generous
    because the box is shared. What it can see: a dependence of a millisecond or more (a
    per-character delay, a prefix scan in the database); the lookup is by SHA-256, so no
    comparison ever runs on the key's own characters."""
    valid = shared_keys["reader"]
    alphabet = string.ascii_letters + string.digits + "-_"
    rng = random.Random(8)

    def variant(kind: str) -> str:
        if kind == "none":
            return "ent_" + "".join(rng.choice(alphabet) for _ in range(len(valid) - 4))
        keep = len(valid) // 2 if kind == "half" else len(valid) - 2
        tail = "".join(rng.choice(alphabet) for _ in range(len(valid) - keep))
        if tail == valid[keep:]:
            tail = "!" * len(tail)
        return valid[:keep] + tail

    kinds = ["none", "half", "most"] * 150
    rng.shuffle(kinds)
    timings: dict[str, list[float]] = {"none": [], "half": [], "most": []}
    with httpx.Client() as client:
        for _ in range(10):  # warm the connection and the server's code paths
            client.post(shared_api.graphql, json={"query": READ}, headers={"Authorization": "x"})
        for kind in kinds:
            key = variant(kind)
            began = time.perf_counter()
            response = client.post(
                shared_api.graphql,
                json={"query": READ},
                headers={"Authorization": f"Bearer {key}"},
                timeout=30,
            )
            elapsed = (time.perf_counter() - began) * 1000
            assert response.status_code == 401, response.text[:200]
            timings[kind].append(elapsed)
    medians = {kind: statistics.median(values) for kind, values in timings.items()}
    for kind, value in medians.items():
        figures[f"median_ms_{kind}"] = value
    spread = max(medians.values()) - min(medians.values())
    figures["median_spread_ms"] = spread
    assert spread < max(2.0, 0.25 * min(medians.values())), medians


@pytest.fixture(scope="module")
def anonymous_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The API with ENTANGLE_ANONYMOUS_ROLE=reader, as `make run` serves it."""
    env = {**_env(), "ENTANGLE_ANONYMOUS_ROLE": "reader"}
    server = Server.start(env, tmp_path_factory.mktemp("anon-api") / "serve.log")
    try:
        yield server
    finally:
        server.stop()


def test_anonymous_reader_cannot_write_and_a_bad_key_is_not_downgraded(
    anonymous_api: Server, db: SyncDb, settings: Settings, prefix: str
) -> None:
    anonymous = _post(anonymous_api, READ)
    assert anonymous.status_code == 200 and "errors" not in anonymous.json(), anonymous.text
    refused = _post(anonymous_api, INGEST, {"records": _records(prefix)})
    assert error_codes(refused.json()) == ["FORBIDDEN"], refused.text
    assert refused.json().get("data") == {"ingestFindings": None}
    # A wrong or revoked key is refused outright, not served as the anonymous role.
    _assert_unauthenticated(_post(anonymous_api, READ, Authorization="Bearer ent_" + "B" * 43))
    assert _written(db, settings, prefix) == 0
