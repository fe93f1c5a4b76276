"""Builders of valid findings records under a test's id prefix, and graph probes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from entanglements.core.settings import Settings
from tests.db import SyncDb


def findings(p: str) -> list[dict[str, Any]]:
    """A small valid set: a source, a list, three entities, two relationships, a listing."""
    cite = [{"source": f"{p}src", "quote": "they signed", "locator": "p. 2"}]
    return [
        {"record": "source", "id": f"{p}src", "title": "An article", "kind": "article"},
        {"record": "list", "id": f"{p}el", "name": "Entity List", "authority": "US BIS"},
        {
            "record": "entity",
            "id": f"{p}uni",
            "kind": "Organization",
            "name": "A University",
            "aliases": ["AU"],
            "tags": ["university"],
            "countries": ["gb"],
        },
        {"record": "entity", "id": f"{p}lab", "kind": "Organization", "name": "A Lab"},
        {"record": "entity", "id": f"{p}co", "kind": "Company", "name": "A Company"},
        {
            "record": "relationship",
            "id": f"{p}r1",
            "type": "partnership",
            "from": f"{p}uni",
            "to": f"{p}lab",
            "start": "2019-04",
            "citations": cite,
        },
        {
            "record": "relationship",
            "id": f"{p}r2",
            "type": "ownership",
            "from": f"{p}lab",
            "to": f"{p}co",
            "share": 51.5,
            "citations": cite,
        },
        {
            "record": "listing",
            "id": f"{p}l1",
            "entity": f"{p}co",
            "list": f"{p}el",
            "listed": "2020-05-22",
            "citations": cite,
        },
    ]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return path


def graph_state(db: SyncDb, settings: Settings, p: str) -> dict[str, Any]:
    """Every node and relationship with an id under the prefix, with its properties
    (``last_run`` dropped) and labels: what an idempotent re-ingest must leave unchanged."""
    nodes = db.rows(
        "MATCH (n) WHERE n.id STARTS WITH $p RETURN n.id AS id, labels(n) AS labels, "
        "properties(n) AS props ORDER BY id",
        p=p,
    )
    rels = db.rows(
        "MATCH ()-[r]->() WHERE r.id STARTS WITH $p RETURN r.id AS id, type(r) AS type, "
        "properties(r) AS props ORDER BY id",
        p=p,
    )
    for row in nodes + rels:
        row["props"].pop("last_run", None)
        row["labels"] = sorted(row.get("labels", []))
    return {"nodes": nodes, "rels": rels}


def count(db: SyncDb, settings: Settings, p: str) -> tuple[int, int]:
    state = graph_state(db, settings, p)
    return len(state["nodes"]), len(state["rels"])
