"""The writing commands' ``--json``: what was written and the bookmarks of the command's
last transaction, which the API then accepts in ``Entangle-Bookmarks`` (read your writes
from the CLI through any instance: docs/api.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from entanglements.api.app import create_app
from entanglements.core.settings import Settings
from tests.api.conftest import Findings, api_settings
from tests.cli.test_corrections import entangle
from tests.db import SyncDb


def printed(*args: str) -> dict[str, Any]:
    done = entangle(*args, "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    [line] = done.stdout.splitlines()
    found: dict[str, Any] = json.loads(line)
    assert found["bookmarks"] and all(isinstance(b, str) for b in found["bookmarks"]), found
    return found


def test_writing_commands_print_their_bookmarks(
    prefix: str, db: SyncDb, settings: Settings, tmp_path: Path
) -> None:
    findings = Findings(prefix)
    a, b = findings.entity("a"), findings.entity("b")
    path = tmp_path / "findings.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in findings.records))
    ingested = printed("ingest", str(path))
    assert ingested["outcome"] == "ok"

    judged = printed("judge", a, b, "same", "--note", "one party")
    assert (judged["a"], judged["b"], judged["verdict"]) == (a, b, "same")
    # each write's bookmarks are its own, later than the ingest's
    assert judged["bookmarks"] != ingested["bookmarks"]

    retracted = printed("retract", "entity", b, "--reason", "a test")
    assert retracted["target_id"] == b

    key = printed("keys", "create", "--name", "bookmarks test", "--role", "reader")
    assert key["key"].startswith("ent_") and key["role"] == "reader"
    revoked = printed("keys", "revoke", key["id"])
    assert revoked["revoked_at"]

    # the API takes them as they are printed
    header = ",".join(revoked["bookmarks"])
    with TestClient(create_app(api_settings(settings))) as client:
        answer = client.post(
            "/graphql",
            json={"query": "query($id: ID!) { entity(id: $id) { id } }", "variables": {"id": a}},
            headers={"Entangle-Bookmarks": header},
        )
    assert answer.status_code == 200 and answer.json()["data"]["entity"] == {"id": a}
