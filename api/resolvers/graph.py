"""``entity``, ``source``, ``sanctionsLists``: lookups by id (null when the id is unknown)."""

from __future__ import annotations

from strawberry import ID

from entanglements.api.context import Info
from entanglements.api.ids import key
from entanglements.api.lookahead import selects
from entanglements.api.types.graph import Entity, SanctionsList, Source
from entanglements.core.reads import fetch
from entanglements.core.vocab import NodeKind


async def entity(info: Info, id: ID) -> Entity | None:
    loaders = info.context.loaders
    if selects(info, "listings"):  # the entity and its listings in one round trip
        found = await loaders.listed_entity.load(str(id))
        row = found[0] if found else None
    else:
        row = await loaders.entity.load(str(id))
    return Entity.of(row) if row else None


async def source(info: Info, id: ID) -> Source | None:
    row = await info.context.loaders.source.load(key(NodeKind.SOURCE, id))
    return Source.of(row) if row else None


async def sanctions_lists(info: Info) -> list[SanctionsList]:
    rows = await fetch.all_lists(info.context.db)
    return [SanctionsList.of(r) for r in rows]
