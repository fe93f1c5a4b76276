"""Apply ``cypher/schema/*.cypher`` (constraints and indexes, all ``IF NOT EXISTS``)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from neo4j import AsyncManagedTransaction

from entanglements.core import reach
from entanglements.core.db.database import Database
from entanglements.core.resources import SCHEMA_DIR


def schema_files() -> list[Path]:
    return sorted(SCHEMA_DIR.glob("*.cypher"))


def statements(path: Path) -> list[str]:
    """Split a schema file into statements: ``;``-terminated, ``//`` comments dropped."""
    text = "\n".join(re.sub(r"//.*$", "", line) for line in path.read_text().splitlines())
    return [s.strip() for s in text.split(";") if s.strip()]


def checksum() -> str:
    digest = hashlib.sha256()
    for path in schema_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


async def migrate(db: Database) -> int:
    """Apply every schema statement, wait for indexes, record the checksum; return the count.

    One write transaction per statement: Neo4j does not mix schema changes with data
    writes in one transaction, and each statement is idempotent (``IF NOT EXISTS``)."""
    count = 0
    for path in schema_files():
        for statement in statements(path):
            # Schema statements are trusted files of this repository, not user input.
            async def apply(tx: AsyncManagedTransaction, query: str = statement) -> None:
                await (await tx.run(query)).consume()

            await db.write(apply, schema=True)
            count += 1

    async def wait(tx: AsyncManagedTransaction) -> None:
        await (await tx.run("CALL db.awaitIndexes(300)")).consume()

    await db.read_tx(wait)
    if not await reach.is_maintained(db):  # a graph loaded before the labels
        await reach.maintain(db)
    await db.write_query(
        "MERGE (m:SchemaMigration {id: 'schema'}) SET m.checksum = $checksum, "
        "m.applied_at = datetime()",
        {"checksum": checksum()},
    )
    return count


async def is_migrated(db: Database) -> bool:
    rows = await db.read("MATCH (m:SchemaMigration {id: 'schema'}) RETURN m.checksum AS checksum")
    return bool(rows) and rows[0]["checksum"] == checksum()
