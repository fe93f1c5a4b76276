"""``search``: full-text over names and aliases, best hit first."""

from __future__ import annotations

from entanglements.api.context import Info
from entanglements.api.types.search import HIT_CURSORS, SearchHit
from entanglements.core.reads import search as core_search
from entanglements.core.reads.filters import bounded


async def search(
    info: Info,
    text: str,
    kinds: list[str] | None = None,
    first: int | None = 10,
    after: str | None = None,
) -> list[SearchHit]:
    count = bounded("first", first, 0, info.context.settings.max_first, default=10)
    # Offset cursors: the ranking is recomputed for offset + first hits (SearchHit.cursor).
    offset = HIT_CURSORS.offset(after)
    rows = await core_search.search(info.context.db, text, kinds=kinds, first=offset + count)
    return [SearchHit.of(r, text, kinds, offset + i) for i, r in enumerate(rows[offset:])]
