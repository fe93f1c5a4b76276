"""Scenario 5: Cypher and Lucene metacharacters, quotes, backslashes, null bytes, very long
and non-Latin strings in every string argument are data and nothing else.

Against the served API (real uvicorn) on the shared test Neo4j, and `entangle ingest` for
files. Checks: every answer is data or a clean BAD_USER_INPUT / NOT_FOUND (never another
code, never a 5xx, never a traceback); values written through ``ingestFindings`` and files
come back byte for byte; search hits are explained by the words searched (no wildcard or
field query ever escapes); and nothing else in the graph changed: planted sentinel data is
intact, no node or label an injection payload would create exists.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from entanglements.core.settings import Settings
from entanglements.core.vocab import (
    ENTITY_REL_TYPES,
    LISTED_HOP,
    LISTED_ON,
    NODE_LABELS,
    SAME_AS,
)
from tests.db import SyncDb
from tests.faults.harness import Server, assert_no_traceback, error_codes, run_entangle

#: Successful injection of any of these would leave a mark the test looks for.
HOSTILE: list[str] = [
    "' OR 1=1 //",
    '" OR 1=1 //',
    "x'}) SET n.pwned = 'PWNED' //",
    'x"}) DETACH DELETE n //',
    "x'}) MATCH (m) DETACH DELETE m //",
    "') CREATE (:Pwned {id: 'PWNED'}) //",
    "`Pwned` } RETURN 1 UNION MATCH (n) RETURN n //",
    "$entity_id",
    "{entity_id}",
    "CALL dbms.components() YIELD name RETURN name //",
    "*",
    "*:*",
    "name:*",
    "id:PWNED",
    "a AND b OR NOT c",
    '"unbalanced',
    "[a TO z]",
    "{a TO z}",
    "/.*/",
    "fuzzy~2^100",
    "+must -not &&and ||or !bang",
    "\\",
    "\\\\' \\\" \\n",
    "back\\slash",
    "nul\x00byte",
    "\x00",
    "大学 Université Москва جامعة ✓",
    "İstanbul ǅ ß ﬁ",  # case folding oddities
    "e\u0301\u0301\u0301",  # stacked combining marks
    "\u202eRTL override\u202c",
    "zero\u200bwidth",
    "🦀 crab 🇨🇳",
    "line\nbreak\ttab\rreturn",
    "%s %x %n {0} ${jndi:ldap://x}",
    "<script>alert(1)</script>",
    "x" * 5_000,
    "Ю" * 900,
]

CODES_OK = {"BAD_USER_INPUT", "NOT_FOUND"}
MARK_QUERY = (
    "MATCH (n) WHERE n:Pwned OR n.pwned IS NOT NULL OR n.id = 'PWNED' OR n.name = 'PWNED' "
    "RETURN count(n) AS n"
)


def _gql(server: Server, key: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = httpx.post(
        server.graphql,
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {key}"},
        timeout=60,
    )
    assert response.status_code < 500, response.text[:300]
    assert_no_traceback(response.text)
    payload: dict[str, Any] = response.json()
    codes = set(error_codes(payload))
    assert codes <= CODES_OK, f"{codes}: {str(payload)[:300]}"
    return payload


def _sentinels(prefix: str) -> list[dict[str, Any]]:
    return [
        {"record": "source", "id": f"{prefix}src", "title": "Sentinel source"},
        {"record": "list", "id": f"{prefix}list", "name": "Sentinel List", "authority": "Sent"},
        {"record": "entity", "id": f"{prefix}s-1", "kind": "Organization", "name": "Sentinel U"},
        {"record": "entity", "id": f"{prefix}s-2", "kind": "Company", "name": "Sentinel Co"},
        {
            "record": "relationship",
            "id": f"{prefix}s-r",
            "type": "partnership",
            "from": f"{prefix}s-1",
            "to": f"{prefix}s-2",
            "citations": [{"source": f"{prefix}src", "quote": "sentinel"}],
        },
        {
            "record": "listing",
            "id": f"{prefix}s-l",
            "entity": f"{prefix}s-2",
            "list": f"{prefix}list",
            "citations": [{"source": f"{prefix}src"}],
        },
    ]


def _snapshot(db: SyncDb, settings: Settings, prefix: str) -> list[Any]:
    """Everything under ``prefix`` (nodes and relationships, all properties), sorted."""
    nodes = db.rows(
        "MATCH (n) WHERE n.id STARTS WITH $p RETURN labels(n) AS l, properties(n) AS p",
        p=prefix,
    )
    rels = db.rows(
        "MATCH (a)-[r]->(b) WHERE r.id STARTS WITH $p "
        "RETURN type(r) AS t, a.id AS a, b.id AS b, properties(r) AS p",
        p=prefix,
    )
    return sorted(json.dumps(x, sort_keys=True, default=str) for x in nodes + rels)


@pytest.fixture(scope="module")
def planted(
    shared_api: Server, shared_keys: dict[str, str], db: SyncDb, settings: Settings
) -> Iterator[tuple[str, list[Any]]]:
    """Sentinel data written before the attack; the test compares it afterwards."""
    prefix = f"inj{os.getpid()}-"
    payload = _gql(
        shared_api,
        shared_keys["editor"],
        "mutation($r: [JSON!]!) { ingestFindings(records: $r) { outcome } }",
        {"r": _sentinels(prefix)},
    )
    assert payload["data"]["ingestFindings"]["outcome"] == "OK", payload
    yield prefix, _snapshot(db, settings, prefix)


def _graph_untouched(db: SyncDb, settings: Settings, prefix: str, before: list[Any]) -> None:
    assert _snapshot(db, settings, prefix) == before, "sentinel data changed"
    marks = db.rows(MARK_QUERY)[0]["n"]
    labels = {r["label"] for r in db.rows("CALL db.labels() YIELD label RETURN label")}
    types = {
        r["t"] for r in db.rows("CALL db.relationshipTypes() YIELD relationshipType AS t RETURN t")
    }
    assert marks == 0, "an injection payload left its mark in the graph"
    assert labels <= NODE_LABELS, labels
    assert types <= {*ENTITY_REL_TYPES, LISTED_ON, SAME_AS, LISTED_HOP}, types


# --- search: hits must be explained by the words searched ------------------------------------

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")


def _terms(text: str) -> set[str]:
    """Words as the index's standard-folding analyzer sees them (close enough for an
    oracle): case and accents folded, punctuation splits, each CJK ideograph on its own."""
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c)
    )
    terms: set[str] = set()
    for word in re.findall(r"\w+", folded):
        pieces = _CJK.split(word)
        terms.update(p for p in pieces if p)
        terms.update(_CJK.findall(word))
    return terms


def _within_one_edit(a: str, b: str) -> bool:
    """Optimal-string-alignment distance <= 1 (Lucene's fuzzy ~1 counts a transposition)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        swapped = (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
        return len(diff) == 1 or swapped
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _explained(query: str, names: list[str]) -> bool:
    wanted = _terms(query)
    found = set().union(*(_terms(n) for n in names)) if names else set()
    return any(_within_one_edit(w, f) for w in wanted for f in found)


SEARCH = (
    "query($t: String!) { search(text: $t, first: 50) "
    "{ score matchedName entity { id name aliases } } }"
)


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_search_treats_metacharacters_as_text(
    text: str,
    shared_api: Server,
    shared_keys: dict[str, str],
    planted: tuple[str, list[Any]],
    db: SyncDb,
    settings: Settings,
) -> None:
    payload = _gql(shared_api, shared_keys["reader"], SEARCH, {"t": text})
    if payload.get("errors"):
        assert error_codes(payload) == ["BAD_USER_INPUT"]
        assert payload["errors"][0]["message"].startswith("text:"), payload
        return
    for hit in payload["data"]["search"]:
        names = [hit["entity"]["name"], *hit["entity"]["aliases"]]
        assert _explained(text, names), f"spurious hit for {text[:40]!r}: {names}"
    _graph_untouched(db, settings, *planted)


# --- ids, enums, lists, saved-query names and parameters ---------------------------------

ID_QUERIES: list[tuple[str, str]] = [
    ("entity", "query($v: ID!) { entity(id: $v) { id } source(id: $v) { id } }"),
    ("exposure", "query($v: ID!) { sanctionsExposure(entityId: $v) { totalCount } }"),
    ("paths", "query($v: ID!, $w: ID!) { paths(fromId: $w, toId: $v) { length } }"),
    ("lists", "query($v: ID!, $w: ID!) { sanctionsExposure(entityId: $w, lists: [$v]) "
     "{ totalCount } }"),
    ("reltypes", "query($v: String!, $w: ID!) { sanctionsExposure(entityId: $w, "
     "relationshipTypes: [$v]) { totalCount } }"),
    ("types", "query($v: String!, $w: ID!) { entity(id: $w) { relationships(types: [$v]) "
     "{ totalCount } } }"),
    ("kinds", "query($v: String!) { search(text: \"sentinel\", kinds: [$v]) { score } }"),
    ("saved-name", "query($v: String!) { runSavedQuery(name: $v) { rows } }"),
    ("saved-param", "query($p: JSON) { runSavedQuery(name: \"entity-dossier\", parameters: $p) "
     "{ rows } }"),
    ("saved-authority", "query($p: JSON) { runSavedQuery(name: \"authority-listed-links\", "
     "parameters: $p) { rows } }"),
    ("saved-hubs", "query($p: JSON) { runSavedQuery(name: \"hubs\", parameters: $p) { rows } }"),
    ("saved-key", "query($p: JSON) { runSavedQuery(name: \"entity-dossier\", parameters: $p) "
     "{ rows } }"),
]  # fmt: skip


def _variables(kind: str, value: str, prefix: str) -> dict[str, Any]:
    sentinel = f"{prefix}s-1"
    if kind == "saved-param":
        return {"p": {"entity_id": value}}
    if kind == "saved-authority":
        return {"p": {"authority": value, "entity_id": sentinel}}
    if kind == "saved-hubs":
        return {"p": {"kind": value, "tag": value}}
    if kind == "saved-key":
        return {"p": {"entity_id": sentinel, value: 1}}
    return {"v": value, "w": sentinel}


@pytest.mark.parametrize("kind", [k for k, _ in ID_QUERIES])
def test_every_string_argument_is_data(
    kind: str,
    shared_api: Server,
    shared_keys: dict[str, str],
    planted: tuple[str, list[Any]],
    db: SyncDb,
    settings: Settings,
) -> None:
    prefix, before = planted
    query = dict(ID_QUERIES)[kind]
    for value in HOSTILE:
        variables = _variables(kind, value, prefix)
        if "$w" not in query and "w" in variables:
            del variables["w"]
        payload = _gql(shared_api, shared_keys["reader"], query, variables)
        data = payload.get("data") or {}
        if kind == "entity":
            assert data == {"entity": None, "source": None}, payload
        elif kind in ("exposure", "paths"):
            assert error_codes(payload) == ["NOT_FOUND"], payload
        elif kind == "lists":  # an unknown list is no list: nothing is exposed to it
            assert payload.get("errors") or data["sanctionsExposure"]["totalCount"] == 0
        elif kind in ("reltypes", "types", "kinds", "saved-key"):
            assert error_codes(payload) == ["BAD_USER_INPUT"], payload
        elif kind == "saved-name":
            assert error_codes(payload) in (["NOT_FOUND"], ["BAD_USER_INPUT"]), payload
        elif kind in ("saved-param", "saved-hubs"):
            assert payload.get("errors") is None, payload
            assert data["runSavedQuery"]["rows"] == [], f"{value[:40]!r}: {payload}"
        elif kind == "saved-authority":
            assert payload.get("errors") is None, payload
        if payload.get("errors"):
            message = payload["errors"][0]["message"]
            assert "Neo.ClientError" not in message and "rejected a query" not in message
    _graph_untouched(db, settings, prefix, before)


# --- ingest: hostile strings round-trip exactly; hostile ids are refused ------------------------


def _hostile_records(prefix: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = [
        {"record": "source", "id": f"{prefix}hsrc", "title": "Hostile strings source"},
    ]
    for i, value in enumerate(HOSTILE):
        alias = value[:1000]
        records.append(
            {
                "record": "entity",
                "id": f"{prefix}h-{i}",
                "kind": "Organization",
                "name": f"Hostile {i}",
                "aliases": [alias] if alias.strip() else [],
                "description": value,
                "citations": [{"source": f"{prefix}hsrc", "quote": value, "locator": value[:500]}],
            }
        )
    return records


def _expected(value: str) -> tuple[list[str], str]:
    """What the models keep of a value: stripped text, blanks dropped, names at most 1,000."""
    alias = value[:1000].strip()
    return ([alias] if alias else []), value.strip()


ENTITY_BACK = "query($id: ID!) { entity(id: $id) { id name aliases description } }"


def _assert_round_trip(
    server: Server, key: str, db: SyncDb, settings: Settings, prefix: str
) -> None:
    for i, value in enumerate(HOSTILE):
        payload = _gql(server, key, ENTITY_BACK, {"id": f"{prefix}h-{i}"})
        entity = payload["data"]["entity"]
        aliases, description = _expected(value)
        assert entity is not None, f"entity {i} ({value[:30]!r}) was not written"
        assert entity["aliases"] == aliases, (value[:40], entity["aliases"][:1])
        assert (entity["description"] or "") == description, value[:40]
    quotes = {
        r["id"]: r["quote"]
        for r in db.rows(
            "MATCH (e:Entity) WHERE e.id STARTS WITH $p "
            "RETURN e.id AS id, e.cite_quote[0] AS quote",
            p=f"{prefix}h-",
        )
    }
    for i, value in enumerate(HOSTILE):
        assert quotes[f"{prefix}h-{i}"] == value.strip(), value[:40]


def test_ingest_findings_keeps_hostile_strings_as_data(
    shared_api: Server,
    shared_keys: dict[str, str],
    planted: tuple[str, list[Any]],
    db: SyncDb,
    settings: Settings,
    prefix: str,
) -> None:
    payload = _gql(
        shared_api,
        shared_keys["editor"],
        "mutation($r: [JSON!]!) { ingestFindings(records: $r) { outcome errors { location "
        "message } } }",
        {"r": _hostile_records(prefix)},
    )
    assert payload["data"]["ingestFindings"]["outcome"] == "OK", payload
    _assert_round_trip(shared_api, shared_keys["reader"], db, settings, prefix)
    _graph_untouched(db, settings, *planted)


def test_ingest_file_keeps_hostile_strings_as_data(
    shared_api: Server,
    shared_keys: dict[str, str],
    planted: tuple[str, list[Any]],
    db: SyncDb,
    settings: Settings,
    prefix: str,
    tmp_path: Path,
) -> None:
    path = tmp_path / "hostile.jsonl"
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _hostile_records(prefix)),
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k != "ENTANGLE_ANONYMOUS_ROLE"}
    result = run_entangle("ingest", str(path), "--json", env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert_no_traceback(result.stdout + result.stderr)
    _assert_round_trip(shared_api, shared_keys["reader"], db, settings, prefix)
    _graph_untouched(db, settings, *planted)


def test_hostile_ids_are_refused_with_their_record_and_nothing_is_written(
    shared_api: Server,
    shared_keys: dict[str, str],
    planted: tuple[str, list[Any]],
    db: SyncDb,
    settings: Settings,
    prefix: str,
) -> None:
    bad_ids = [v for v in HOSTILE if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._:/+\-]*", v)]
    records = [{"record": "source", "id": f"{prefix}ok", "title": "valid"}] + [
        {"record": "entity", "id": value, "kind": "Organization", "name": "x"} for value in bad_ids
    ]
    payload = _gql(
        shared_api,
        shared_keys["editor"],
        "mutation($r: [JSON!]!) { ingestFindings(records: $r) { outcome errors { location "
        "message } } }",
        {"r": records},
    )
    report = payload["data"]["ingestFindings"]
    assert report["outcome"] == "INVALID"
    located = {e["location"] for e in report["errors"]}
    assert located == {f"records[{i}]" for i in range(1, len(records))}, located
    written = db.rows(
        "MATCH (n) WHERE n.id STARTS WITH $p OR n.id IN $ids RETURN count(n) AS n",
        p=prefix,
        ids=bad_ids,
    )[0]["n"]
    assert written == 0, "an invalid batch wrote something"
    _graph_untouched(db, settings, *planted)
