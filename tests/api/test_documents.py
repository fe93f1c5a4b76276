"""The document cache (api/documents.py): a document seen before is neither parsed nor
validated again, by this process's parser or strawberry's; invalid documents keep their
errors; the depth, alias and token limits still answer on a hit; persisted queries'
hashes find their document in it without a round trip. Proved by counting calls, not by
timing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import strawberry.schema.schema as strawberry_schema
from fastapi.testclient import TestClient

import entanglements.api.documents as documents_module
from entanglements.api.documents import DocumentCache
from tests.api.conftest import ClientFactory, codes, post, round_trips


@dataclass
class Calls:
    """Every parse and validation anywhere in the request path: ours and strawberry's."""

    parse: int = 0
    validate: int = 0


def _counting(calls: Calls, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def counted(*args: Any, **kwargs: Any) -> Any:
        setattr(calls, name, getattr(calls, name) + 1)
        return fn(*args, **kwargs)

    return counted


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[Calls]:
    found = Calls()
    monkeypatch.setattr(
        documents_module, "parse", _counting(found, "parse", documents_module.parse)
    )
    # strawberry's own steps, which a hit must skip too (the cache validates through
    # strawberry's validate_document, which calls this ``validate``)
    monkeypatch.setattr(
        strawberry_schema, "parse", _counting(found, "parse", strawberry_schema.parse)
    )
    monkeypatch.setattr(
        strawberry_schema, "validate", _counting(found, "validate", strawberry_schema.validate)
    )
    yield found


def cache_of(client: TestClient) -> DocumentCache:
    cache: DocumentCache = client.app.state.schema.documents  # type: ignore[attr-defined]
    return cache


def test_a_document_seen_before_is_neither_parsed_nor_validated(
    client: TestClient, calls: Calls, prefix: str
) -> None:
    query = f"# {prefix} hit\n{{ viewer {{ role }} relationshipTypes }}"
    first = post(client, query)
    assert "errors" not in first
    assert (calls.parse, calls.validate) == (1, 1)
    for _ in range(3):
        assert post(client, query)["data"] == first["data"]
    assert (calls.parse, calls.validate) == (1, 1)
    # the same text with other variables is the same document
    other = f"# {prefix} vars\nquery($id: ID!) {{ entity(id: $id) {{ id }} }}"
    assert post(client, other, {"id": f"{prefix}-a"})["data"] == {"entity": None}
    assert post(client, other, {"id": f"{prefix}-b"})["data"] == {"entity": None}
    assert (calls.parse, calls.validate) == (2, 2)
    entry = cache_of(client).get(hashlib.sha256(query.encode()).hexdigest())
    assert entry is not None and entry.errors == () and entry.query == query


def test_an_invalid_document_is_cached_with_its_errors(
    client: TestClient, calls: Calls, prefix: str
) -> None:
    query = f"# {prefix} invalid\n{{ viewer {{ role nonsense }} }}"
    answers = [post(client, query) for _ in range(3)]
    assert all(codes(a) == ["BAD_USER_INPUT"] and a["data"] is None for a in answers)
    assert "nonsense" in answers[0]["errors"][0]["message"]
    assert answers[1]["errors"] == answers[0]["errors"] == answers[2]["errors"]
    assert (calls.parse, calls.validate) == (1, 1)
    entry = cache_of(client).get(hashlib.sha256(query.encode()).hexdigest())
    assert entry is not None and entry.errors, "kept as invalid, never as valid"


def test_a_document_that_does_not_parse_is_not_kept(client: TestClient, prefix: str) -> None:
    query = f"# {prefix} syntax\n{{ viewer {{ role }}"
    before = len(cache_of(client))
    for _ in range(2):
        body = post(client, query)
        assert codes(body) == ["BAD_USER_INPUT"] and "Syntax Error" in body["errors"][0]["message"]
    assert cache_of(client).get(hashlib.sha256(query.encode()).hexdigest()) is None
    assert len(cache_of(client)) == before


def test_limits_still_apply_on_a_hit(client: TestClient, calls: Calls, prefix: str) -> None:
    hops = "relationships { edges { node { from { " * 4 + "id" + " } } } }" * 4
    deep = f'# {prefix} deep\n{{ entity(id: "x") {{ {hops} }} }}'  # depth 17 > 12
    aliases = (
        f"# {prefix} aliases\n{{ "
        + " ".join(f"a{i}: sanctionsLists {{ id }}" for i in range(31))
        + " }"
    )
    tokens = f"# {prefix} tokens\n{{ sanctionsLists {{ " + "id " * 2_100 + "} }"
    for _ in range(3):
        body = post(client, deep)
        assert codes(body) == ["BAD_USER_INPUT"] and "maximum operation depth" in str(body)
        body = post(client, aliases)
        assert codes(body) == ["BAD_USER_INPUT"] and "aliases" in str(body)
        body = post(client, tokens)
        assert codes(body) == ["BAD_USER_INPUT"] and "token" in str(body).lower()
    # depth and aliases measured once each; the token limit stops every parse early
    assert calls.validate == 2


def test_the_limits_are_the_schemas_own(make_client: ClientFactory, prefix: str) -> None:
    """Each app's cache validates with its own settings: a document valid for one app is
    not taken as valid by an app with a lower limit."""
    query = (
        f"# {prefix} limits\n{{ " + " ".join(f"a{i}: relationshipTypes" for i in range(5)) + " }"
    )
    with make_client() as loose, make_client(max_aliases=4) as strict:
        assert "errors" not in post(loose, query)
        assert codes(post(strict, query)) == ["BAD_USER_INPUT"]


def test_the_cache_is_bounded(make_client: ClientFactory, prefix: str) -> None:
    with make_client(document_cache=3) as small:
        cache = cache_of(small)
        texts = [f"# {prefix} {n}\n{{ relationshipTypes }}" for n in range(5)]
        for text in texts:
            assert "errors" not in post(small, text)
        assert len(cache) == 3
        assert cache.get(hashlib.sha256(texts[0].encode()).hexdigest()) is None
        parses = cache.parses
        post(small, texts[0])  # dropped: parsed again
        post(small, texts[4])  # kept: not
        assert cache.parses == parses + 1


def test_persisted_query_hits_use_the_cache(
    client: TestClient, make_client: ClientFactory, calls: Calls, prefix: str
) -> None:
    query = f"# {prefix} apq\n{{ viewer {{ role }} relationshipTypes }}"
    digest = hashlib.sha256(query.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    registered = client.post("/graphql", json={"query": query, "extensions": extensions}).json()
    assert "errors" not in registered
    assert (calls.parse, calls.validate) == (1, 1)
    reads = round_trips(client)
    for _ in range(3):
        again = client.post("/graphql", json={"extensions": extensions}).json()
        assert again["data"] == registered["data"]
    assert round_trips(client) == reads, "a hash this process stored costs no read"
    assert (calls.parse, calls.validate) == (1, 1)

    with make_client() as other:  # another instance: one read of the store, then cached
        reads = round_trips(other)
        for _ in range(2):
            assert other.post("/graphql", json={"extensions": extensions}).json() == registered
        assert round_trips(other) == reads + 1
        assert (calls.parse, calls.validate) == (2, 2)
