"""A cluster's members as the API reads them (docs/data-model.md, "Clusters")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import LiteralString

from entanglements.core.db.database import Database
from entanglements.core.reads.records import ENTITY_MAP, EntityRow
from entanglements.core.vocab import SAME_AS

_MEMBERS: LiteralString = (
    "UNWIND $ids AS id MATCH (x:Entity {id: id}) "
    "OPTIONAL MATCH (x)-[:" + SAME_AS + "*1..]-(m:Entity) WHERE m <> x "
    "WITH x, m ORDER BY m.id "
    "RETURN x.id AS id, collect(DISTINCT m {" + ENTITY_MAP + "}) AS members"
)


async def cluster_members(db: Database, ids: Sequence[str]) -> dict[str, list[EntityRow]]:
    """For each entity, the other members of its cluster by id (none: an empty list)."""
    rows = await db.read(_MEMBERS, {"ids": list(ids)})
    return {r["id"]: [EntityRow.of(m) for m in r["members"]] for r in rows}
