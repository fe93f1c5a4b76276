"""Apply ``cypher/schema/*.cypher`` (constraints and indexes, all ``IF NOT EXISTS``)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from neo4j import Driver, Query

from entanglements.core import reach
from entanglements.core.db.driver import run_read, run_write
from entanglements.core.resources import SCHEMA_DIR
from entanglements.core.settings import Settings


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


def migrate(driver: Driver, settings: Settings) -> int:
    """Apply every schema statement, wait for indexes, record the checksum; return the count."""
    count = 0
    with driver.session(database=settings.neo4j_database) as session:
        for path in schema_files():
            for statement in statements(path):
                # Schema statements are trusted files of this repository, not user input.
                session.run(Query(statement)).consume()
                count += 1
        session.run("CALL db.awaitIndexes(300)").consume()
    if not reach.is_maintained(driver, settings):  # a graph loaded before the labels
        reach.maintain(driver, settings)
    run_write(
        driver,
        settings,
        "MERGE (m:SchemaMigration {id: 'schema'}) SET m.checksum = $checksum, "
        "m.applied_at = datetime()",
        checksum=checksum(),
    )
    return count


def is_migrated(driver: Driver, settings: Settings) -> bool:
    rows = run_read(
        driver, settings, "MATCH (m:SchemaMigration {id: 'schema'}) RETURN m.checksum AS checksum"
    )
    return bool(rows) and rows[0]["checksum"] == checksum()
