"""``GET /export/{ftm,graphml}``: the exports as downloads, with the API's key check, roles
and bounds (docs/api.md, "Exports")."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from entanglements.core.keys import create_key
from entanglements.core.settings import Settings
from entanglements.ingest.pipeline import ingest_records
from tests.api.conftest import ClientFactory
from tests.core.export_helpers import delete_part, prefixed_seed
from tests.db import SyncDb


@pytest.fixture
def seeded(db: SyncDb, settings: Settings, prefix: str) -> Iterator[str]:
    assert db.run(ingest_records, prefixed_seed(prefix), origin="cli").outcome == "ok"
    yield prefix
    # A whole copy of the seed would sit beside the seed in searches and graph-wide saved queries.
    delete_part(db, settings, prefix)


def test_entity_export_downloads_ftm_lines(client: TestClient, seeded: str) -> None:
    answer = client.get("/export/ftm", params={"entity": f"{seeded}xjtlu", "hops": 1})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/x-ndjson")
    assert f'filename="{seeded}xjtlu-export.ftm.jsonl"' in answer.headers["content-disposition"]
    lines = [json.loads(line) for line in answer.text.splitlines()]
    ids = {line["id"] for line in lines}
    assert f"{seeded}xjtlu" in ids and f"{seeded}sugon" not in ids  # sugon is 2 hops away
    assert {"Organization", "Document", "Sanction"} <= {line["schema"] for line in lines}


def test_exposure_export_downloads_graphml(client: TestClient, seeded: str) -> None:
    params = [
        ("exposure", f"{seeded}xjtlu"),
        ("hops", "2"),
        ("list", f"{seeded}us-bis-entity-list"),
    ]
    answer = client.get("/export/graphml", params=params)
    assert answer.status_code == 200 and "graphml" in answer.headers["content-type"]
    graph = nx.read_graphml(io.BytesIO(answer.content), force_multigraph=True)
    assert graph.nodes[f"{seeded}sugon"]["listed"] is True
    assert graph.number_of_edges() >= 2


@pytest.mark.parametrize(
    ("params", "status", "text"),
    [
        ({"entity": "no-such-entity-anywhere"}, 404, "NOT_FOUND"),
        ({"entity": "x", "hops": "99"}, 400, "hops must be between"),
        ({"entity": "x", "hops": "two"}, 400, "hops must be an integer"),
        ({"entity": "x", "exposure": "y"}, 400, "one part at a time"),
        ({"exposure": "x", "asOf": "2019-13"}, 400, "asOf"),
        ({"exposure": "x", "type": "friendship"}, 400, "unknown relationship type"),
    ],
)
def test_bad_requests_get_one_line(
    client: TestClient, params: dict[str, str], status: int, text: str
) -> None:
    answer = client.get("/export/ftm", params=params)
    assert answer.status_code == status and text in answer.text
    assert answer.text.count("\n") == 1


def test_unknown_format_is_404(client: TestClient) -> None:
    assert client.get("/export/csv", params={"entity": "x"}).status_code == 404


def test_whole_graph_needs_admin(
    make_client: ClientFactory, db: SyncDb, settings: Settings, prefix: str
) -> None:
    _, reader = db.run(create_key, name=f"{prefix}reader", role="reader")
    _, admin = db.run(create_key, name=f"{prefix}admin", role="admin")
    with make_client(anonymous_role=None) as client:
        assert client.get("/export/graphml").status_code == 401
        refused = client.get("/export/graphml", headers={"Authorization": f"Bearer {reader}"})
        assert refused.status_code == 403 and "admin" in refused.text
        whole = client.get("/export/graphml", headers={"Authorization": f"Bearer {admin}"})
        assert whole.status_code == 200
        assert nx.read_graphml(io.BytesIO(whole.content)).number_of_nodes() > 60
