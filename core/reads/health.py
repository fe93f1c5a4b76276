"""Readiness: Neo4j answers and the schema in the graph is the one this code expects."""

from __future__ import annotations

import asyncio
from typing import LiteralString

from entanglements.core.db.database import Database
from entanglements.core.errors import EntangleError
from entanglements.core.schema import checksum

_MIGRATION: LiteralString = "MATCH (m:SchemaMigration {id: 'schema'}) RETURN m.checksum AS checksum"


#: Seconds readiness waits for Neo4j: a probe needs an answer, and a frozen server (a long
#: GC pause, a stopped process) would otherwise hold it for the driver's whole retry time.
READY_WITHIN_S = 3.0


async def readiness(db: Database, within_s: float = READY_WITHIN_S) -> str | None:
    """None when ready, else the reason (never raises, so a probe always gets an answer)."""
    try:
        async with asyncio.timeout(within_s):
            rows = await db.read(_MIGRATION)
    except EntangleError as exc:
        return str(exc)
    except TimeoutError:
        return f"Neo4j did not answer within {within_s:g} s"
    if not rows:
        return "the schema has not been applied (run `entangle db migrate`)"
    if rows[0]["checksum"] != checksum():
        return "the schema in the graph differs from cypher/schema/ (run `entangle db migrate`)"
    return None
