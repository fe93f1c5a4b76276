"""Readiness: Neo4j answers and the schema in the graph is the one this code expects."""

from __future__ import annotations

from typing import LiteralString

from entanglements.core.db.async_reader import Database
from entanglements.core.errors import EntangleError
from entanglements.core.schema import checksum

_MIGRATION: LiteralString = "MATCH (m:SchemaMigration {id: 'schema'}) RETURN m.checksum AS checksum"


async def readiness(db: Database) -> str | None:
    """None when ready, else the reason (never raises, so a probe always gets an answer)."""
    try:
        rows = await db.read(_MIGRATION)
    except EntangleError as exc:
        return str(exc)
    if not rows:
        return "the schema has not been applied (run `entangle db migrate`)"
    if rows[0]["checksum"] != checksum():
        return "the schema in the graph differs from cypher/schema/ (run `entangle db migrate`)"
    return None
