"""The graph version: one ``GraphVersion`` node whose counter every write transaction bumps.

What an API instance derives from the graph and keeps (core/ownership/cache.py) is keyed on
this version, so it is valid on every instance: a judgement, retraction or ingest written
through one instance (or the CLI) changes the version in its own transaction, and every
other instance sees the new version at its next request and derives afresh
(docs/deployment.md, "What an instance keeps").

The bump is the last statement of a write transaction (``Database.write`` runs it after the
work), so the node's lock is held only while the transaction commits: concurrent ingest
batches queue on it for a commit's time, never in a cycle with the locks their work took.
``epoch`` is drawn when the node is created, so a version from before ``entangle db reset``
(which deletes the node) never equals one after it although the counter starts again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, LiteralString

if TYPE_CHECKING:
    from entanglements.core.db.database import Database

#: Bump the version (creating the node on the first write after a reset or an import).
BUMP: LiteralString = (
    "MERGE (v:GraphVersion {id: 'graph'}) "
    "ON CREATE SET v.epoch = randomUUID(), v.n = 0 "
    "SET v.n = v.n + 1"
)

#: One index seek: what a request pays to know whether its instance's derivations hold.
READ: LiteralString = (
    "OPTIONAL MATCH (v:GraphVersion {id: 'graph'}) RETURN v.epoch AS epoch, v.n AS n"
)


@dataclass(frozen=True, slots=True)
class GraphVersion:
    """``epoch`` is None (and ``n`` 0) before the first write to an empty graph."""

    epoch: str | None
    n: int

    @classmethod
    def of(cls, row: dict[str, object]) -> GraphVersion:
        epoch, n = row.get("epoch"), row.get("n")
        return cls(epoch if isinstance(epoch, str) else None, n if isinstance(n, int) else 0)


async def current(db: Database) -> GraphVersion:
    [row] = await db.read(READ)
    return GraphVersion.of(row)
