"""Pass 2: each batch of rows is one managed write transaction (retried on transient
errors by the driver, rolled back whole on failure: no batch is ever half-written)."""

from __future__ import annotations

from dataclasses import dataclass

import neo4j

from entanglements.core import reach
from entanglements.core.db.database import Database, execute, one
from entanglements.core.resolution.clusters import refresh
from entanglements.ingest.statements import statements
from entanglements.ingest.write_rows import Row

NEW, CHANGED, SAME = 0, 1, 2


@dataclass(frozen=True, slots=True)
class BatchCounts:
    created: int
    updated: int
    unchanged: int
    #: Rows that met a retraction, which stays (docs/corrections.md): "retracted, kept so".
    retracted: int = 0


async def write_batch(
    db: Database,
    group: str,
    rows: list[Row],
    run_id: str,
    *,
    all_new: bool = False,
) -> BatchCounts:
    """Diff the rows against the graph, write the new and changed ones, touch the rest.

    ``all_new``: validation established that none of the ids is in the graph, so the diff
    is skipped (a first bulk load then costs one statement per batch). Should another
    writer create one of them meanwhile, the uniqueness constraint fails the batch whole.
    """
    cypher = statements(group)

    async def work(tx: neo4j.AsyncManagedTransaction) -> BatchCounts:
        if all_new and cypher.create is not None:
            status: list[int] = [NEW] * len(rows)
            retracted = 0
        else:
            diff = await one(tx, cypher.diff, {"rows": rows})
            status, retracted = diff["status"], sum(diff["retracted"])
        new, changed, same = _split(rows, status, creatable=cypher.create is not None)
        if new:
            assert cypher.create is not None
            await execute(tx, cypher.create, {"rows": new, "run": run_id})
        if changed:
            await execute(tx, cypher.write, {"rows": changed, "run": run_id})
        if same:
            await execute(tx, cypher.touch, {"ids": same, "run": run_id})
        if group == "listing":  # the listings' clusters carry them from this commit on
            await refresh(tx, (row["entity"] for row in rows))
        await _reach(tx, group, [row["id"] for row in (*new, *changed)])
        # A new id stated twice in the batch is created once, then updated.
        created = len({row["id"] for row, state in zip(rows, status, strict=True) if state == NEW})
        return BatchCounts(created, len(rows) - created - len(same), len(same), retracted)

    return await db.write(work)


async def _reach(tx: neo4j.AsyncManagedTransaction, group: str, ids: list[str]) -> None:
    """The exposure search's labels and last hops follow what the batch wrote
    (core/reach.py; listings through ``refresh``)."""
    if group == "entity":
        await reach.entities(tx, ids)
    elif group.startswith("relationship:"):
        await reach.relationships(tx, group.partition(":")[2], ids)


def creates(group: str) -> bool:
    """The group's new rows are written with ``CREATE`` (no lock on what other batches
    write, unlike ``MERGE``, which locks both ends of a listing, e.g. its list)."""
    return statements(group).create is not None


def _split(
    rows: list[Row], status: list[int], *, creatable: bool
) -> tuple[list[Row], list[Row], list[str]]:
    """Rows to create, rows to upsert, ids only to touch.

    A new id is created once; a second row with the same id in the batch is upserted after
    it (so the rows merge as they would across batches). Groups without a create
    statement upsert their new rows too.
    """
    new: list[Row] = []
    changed: list[Row] = []
    same: list[str] = []
    created: set[str] = set()
    for row, state in zip(rows, status, strict=True):
        if state == SAME:
            same.append(row["id"])
        elif state == NEW and creatable and row["id"] not in created:
            created.add(row["id"])
            new.append(row)
        else:
            changed.append(row)
    return new, changed, same
