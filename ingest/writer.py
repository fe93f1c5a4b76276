"""Pass 2: each batch of rows is one managed write transaction (retried on transient
errors by the driver, rolled back whole on failure: no batch is ever half-written)."""

from __future__ import annotations

from dataclasses import dataclass

import neo4j

from core.db import write
from core.settings import Settings
from ingest.cypher import write_statement
from ingest.rows import Row


@dataclass(frozen=True, slots=True)
class BatchCounts:
    created: int
    updated: int
    unchanged: int


def write_batch(
    driver: neo4j.Driver, settings: Settings, group: str, rows: list[Row], run_id: str
) -> BatchCounts:
    query = write_statement(group)

    def work(tx: neo4j.ManagedTransaction) -> BatchCounts:
        record = tx.run(query, rows=rows, run=run_id).single(strict=True)
        created, updated = record["created"], record["updated"]
        return BatchCounts(created, updated, record["rows"] - created - updated)

    return write(driver, settings, work)
