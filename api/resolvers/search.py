"""``search``: full-text over names and aliases, best hit first."""

from __future__ import annotations

from entanglements.api.context import Info
from entanglements.api.types.search import SearchHit
from entanglements.core.reads import search as core_search
from entanglements.core.reads.filters import bounded


async def search(
    info: Info, text: str, kinds: list[str] | None = None, first: int | None = 10
) -> list[SearchHit]:
    first = bounded("first", first, 0, info.context.settings.max_first, default=10)
    rows = await core_search.search(info.context.db, text, kinds=kinds, first=first)
    return [SearchHit.of(r) for r in rows]
