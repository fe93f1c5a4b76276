"""Bookmarks end to end through the HTTP API (api/bookmarks.py): a mutation's answer carries
the bookmarks of its transaction, a request sending them back in ``Entangle-Bookmarks`` is
served after that state, and a malformed or unknown bookmark is one BAD_USER_INPUT (HTTP
400) before any field runs. Across instances: tests/deploy/test_multi_instance.py."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from entanglements.core.settings import Settings
from tests.api.conftest import ClientFactory, Findings, codes
from tests.db import SyncDb

JUDGE = """
mutation($a: ID!, $b: ID!, $j: JudgementVerdict!) {
  judge(a: $a, b: $b, judgement: $j) { id verdict }
}
"""
ENTITY = "query($id: ID!) { entity(id: $id) { id name } }"


def send(
    client: TestClient, query: str, variables: dict[str, Any], bookmarks: str | None = None
) -> tuple[int, dict[str, Any]]:
    headers = {"Entangle-Bookmarks": bookmarks} if bookmarks is not None else {}
    response = client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    assert "Traceback" not in response.text
    body: dict[str, Any] = response.json()
    return response.status_code, body


def test_a_mutation_returns_its_bookmarks_and_a_read_accepts_them(
    findings: Findings, db: SyncDb, settings: Settings, make_client: ClientFactory
) -> None:
    a, b = findings.entity("a"), findings.entity("b")
    findings.load(db, settings)
    with make_client(anonymous_role="editor") as client:
        status, body = send(client, JUDGE, {"a": a, "b": b, "j": "SAME"})
        assert status == 200 and "errors" not in body, body
        bookmarks = body["extensions"]["bookmarks"]
        assert bookmarks and all(isinstance(x, str) and "," not in x for x in bookmarks)

        # a read carrying them: served (after that state), and a read has no bookmarks
        status, body = send(client, ENTITY, {"id": a}, ",".join(bookmarks))
        assert status == 200 and body["data"]["entity"]["id"] == a, body
        assert "bookmarks" not in (body.get("extensions") or {})

        # a later mutation's bookmarks supersede the ones it was sent
        status, body = send(client, JUDGE, {"a": a, "b": b, "j": "NONE"}, ",".join(bookmarks))
        assert status == 200 and "errors" not in body, body
        later = body["extensions"]["bookmarks"]
        assert later and later != bookmarks

        # a refused mutation (bad input) wrote nothing: it hands back what it was sent
        status, body = send(client, JUDGE, {"a": a, "b": a, "j": "SAME"}, ",".join(later))
        assert codes(body) == ["BAD_USER_INPUT"]
        assert body["extensions"]["bookmarks"] == later


def test_bad_bookmarks_are_one_bad_user_input(client: TestClient) -> None:
    two_fields = "{ a: relationshipTypes b: relationshipTypes }"
    for header, says in [
        ("garbage", "malformed bookmark"),  # the server's verdict: no bookmark of its own
        ("FB:kcwQ", "malformed bookmark"),  # looks like one, is none
        ("two words", "malformed bookmark"),  # not a bookmark's alphabet
        (",".join(["FB:x"] * 17), "too many bookmarks"),
    ]:
        status, body = send(client, two_fields, {}, header)
        assert status == 400, (header, body)
        assert codes(body) == ["BAD_USER_INPUT"], (header, body)
        assert says in body["errors"][0]["message"], (header, body)
        assert body["data"] is None


def test_no_header_or_an_empty_one_is_no_bookmark(client: TestClient) -> None:
    for header in [None, "", " , "]:
        status, body = send(client, "{ relationshipTypes }", {}, header)
        assert status == 200 and body["data"]["relationshipTypes"], (header, body)


def test_the_export_and_dossier_routes_take_bookmarks_too(
    findings: Findings, db: SyncDb, settings: Settings, client: TestClient
) -> None:
    a = findings.entity("a")
    findings.load(db, settings)
    for path in [f"/export/ftm?entity={a}&hops=1", f"/entities/{a}/dossier.md"]:
        refused = client.get(path, headers={"Entangle-Bookmarks": "garbage"})
        assert refused.status_code == 400, (path, refused.text)
        assert refused.text.startswith("BAD_USER_INPUT: malformed bookmark"), refused.text
        assert client.get(path).status_code == 200, path
