"""The seed under a test's id prefix, exports into memory, and a canonical dump of a part of
the graph to compare element by element."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from entanglements.core.db.database import Database
from entanglements.core.export import Format, Scope, export_text
from entanglements.core.settings import Settings
from entanglements.ingest.inputs import detect
from entanglements.ingest.parsers import parse
from tests.db import SyncDb

SEED = Path(__file__).resolve().parents[2] / "data" / "seed" / "xjtlu.yaml"
#: Fields that name another record by id.
_REFERENCES = ("from", "to", "entity", "list", "arrangement")


def prefixed_seed(p: str) -> list[dict[str, Any]]:
    """Every record of the seed with its ids and references prefixed by ``p``."""
    records = []
    for found in parse(detect(SEED, str(SEED), "auto")):
        assert found.record is not None, found.error
        data = found.record.model_dump(by_alias=True, exclude_none=True, mode="json")
        data["id"] = p + data["id"]
        for key in _REFERENCES:
            if key in data:
                data[key] = p + data[key]
        for cite in data.get("citations", []):
            cite["source"] = p + cite["source"]
        records.append(data)
    return records


def export(settings: Settings, scope: Scope, fmt: Format) -> str:
    async def run() -> str:
        async with Database.open(settings, role="cli") as db:
            return "".join([chunk async for chunk in export_text(db, scope, fmt)])

    return asyncio.run(run())


def ftm_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


#: Properties of an ingest's bookkeeping, not of the claim: they differ after a re-import.
_RUN_PROPERTIES = {"first_run", "last_run", "runs"}


def dump(db: SyncDb, settings: Settings, p: str) -> dict[str, dict[str, Any]]:
    """Every element whose id starts with ``p``: its label or type, ends and properties."""
    rows = db.rows(
        "MATCH (n) WHERE (n:Entity OR n:Source OR n:SanctionsList) AND n.id STARTS WITH $p "
        "RETURN 'node' AS what, labels(n) AS kind, n.id AS id, null AS a, null AS b, "
        "properties(n) AS props "
        "UNION ALL "
        "MATCH (a)-[r]->(b) WHERE r.id STARTS WITH $p "
        "RETURN 'rel' AS what, [type(r)] AS kind, r.id AS id, a.id AS a, b.id AS b, "
        "properties(r) AS props",
        p=p,
    )
    return {
        f"{row['what']}:{row['id']}": {
            "kind": sorted(row["kind"]),
            "ends": (row["a"], row["b"]),
            "props": {k: _plain(v) for k, v in row["props"].items() if k not in _RUN_PROPERTIES},
        }
        for row in rows
    }


def _plain(value: Any) -> Any:
    return [_plain(v) for v in value] if isinstance(value, list) else str(value)


def delete_part(db: SyncDb, settings: Settings, p: str) -> None:
    db.write_rows(
        "MATCH (n) WHERE (n:Entity OR n:Source OR n:SanctionsList) AND n.id STARTS WITH $p "
        "DETACH DELETE n",
        p=p,
    )
