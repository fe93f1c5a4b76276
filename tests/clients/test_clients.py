"""Real GraphQL clients from the npm lockfile against the real schema and server (issue 25):
relay-compiler, Apollo Client 4 (entity page, exposure, fetchMore, APQ, no cache warning)
and graphql-ws (an alert raised by an ingest arrives within 5 s)."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from entanglements.core.settings import Settings
from tests.api.conftest import Findings
from tests.api.test_watch import partner_listed_later
from tests.clients.conftest import NODE_BIN, REPO
from tests.db import SyncDb

HERE = Path(__file__).parent
SCHEMA = REPO / "api" / "schema.graphql"


def relay_compile(tmp_path: Path, schema: Path) -> subprocess.CompletedProcess[str]:
    project = tmp_path / "relay"
    shutil.copytree(HERE / "relay", project)
    (project / "__generated__").mkdir()
    config = json.loads((project / "relay.config.json").read_text())
    config["schema"] = str(schema)
    (project / "relay.config.json").write_text(json.dumps(config))
    return subprocess.run(
        [str(NODE_BIN / "relay-compiler"), "relay.config.json"],
        cwd=project, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_relay_compiles_refetchable_entity_and_connection(tmp_path: Path) -> None:
    done = relay_compile(tmp_path, SCHEMA)
    assert done.returncode == 0, done.stdout + done.stderr
    generated = tmp_path / "relay" / "__generated__"
    refetch = (generated / "EntityPageRefetchQuery.graphql.js").read_text()
    assert "node(id: $id)" in refetch and "EntityPage_relationships" in refetch


def test_relay_refuses_the_fragments_without_node(tmp_path: Path) -> None:
    """The same fragments against the schema minus `Query.node`: what issue 25 met."""
    text = SCHEMA.read_text()
    start = text.index('  """Any object by its global id')
    end = text.index("): Node\n", start) + len("): Node\n")
    stripped = tmp_path / "without-node.graphql"
    stripped.write_text(text[:start] + text[end:])
    done = relay_compile(tmp_path, stripped)
    assert done.returncode != 0 and "node" in (done.stdout + done.stderr).lower()


def test_apollo_client_pages_caches_and_persists_without_warnings(server: str, node: str) -> None:
    done = subprocess.run(
        [node, "--conditions=development", str(HERE / "apollo.mjs"), server, "xjtlu"],
        capture_output=True, text=True, timeout=180, check=False, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["entity"]["id"] == "xjtlu"
    # fetchMore appended the second page: ten distinct relationships in server order.
    query = '{ entity(id: "xjtlu") { relationships(first: 10) { edges { node { id } } } } }'
    answer = httpx.post(f"{server}/graphql", json={"query": query}).json()
    edges = answer["data"]["entity"]["relationships"]["edges"]
    assert result["merged"] == [e["node"]["id"] for e in edges]
    assert result["merged"][:5] == result["page1"] and len(set(result["merged"])) == 10
    assert set(result["exposures"]) >= {"nscc-wuxi", "sugon", "iflytek"}
    assert result["warningsBeforeControl"] == []  # entity page, exposure twice, fetchMore
    assert result["controlWarned"] is True  # the script does see the warning when it is due
    # APQ: a hashed GET is unknown, the POST with the document registers it; a new client
    # then needs the hashed GET alone.
    assert result["apqFirst"] == [
        {"method": "GET", "hasQuery": False, "hashed": True},
        {"method": "POST", "hasQuery": True, "hashed": True},
    ]
    assert result["apqAgain"] == [{"method": "GET", "hasQuery": False, "hashed": True}]
    assert result["apqRole"] == "READER" and result["apqSame"] is True


def test_graphql_ws_receives_the_alert_an_ingest_raises_within_5_s(
    server: str, node: str, findings: Findings, db: SyncDb, settings: Settings
) -> None:
    f = findings
    ws_url = server.replace("http://", "ws://") + "/graphql"
    with partner_listed_later(f, db, settings) as listing:
        client = subprocess.Popen(
            [node, str(HERE / "graphql_ws.mjs"), ws_url],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
        )  # fmt: skip
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(iter(client.stdout.readline, "")))  # type: ignore[union-attr]
        reader.daemon = True
        reader.start()
        try:
            deadline = time.monotonic() + 30
            while "ready\n" not in lines and time.monotonic() < deadline:
                assert client.poll() is None, client.stderr.read()  # type: ignore[union-attr]
                time.sleep(0.05)
            assert "ready\n" in lines, lines
            time.sleep(1.5)  # the server fixes where the feed starts before the ingest
            listing.load(db, settings)  # its watch check raises the alert (another process)
            raised = time.time()
            deadline = time.monotonic() + 5
            while len(lines) < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(lines) >= 2, f"no alert within 5 s: {lines}"
            message = json.loads(lines[1])
            alert = message["value"]["data"]["alerts"]
            assert alert["watchedEntity"] == {"id": f.id("watched")} and alert["kind"] == "LISTED"
            assert alert["party"]["id"] == f.id("partner")
            assert message["at"] / 1000 - raised < 5
        finally:
            client.kill()
            client.wait(timeout=10)
