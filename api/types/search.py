"""Search hits."""

from __future__ import annotations

import strawberry
from strawberry import ID

from entanglements.api.types.graph import Entity
from entanglements.api.types.node import RESULT_ID, result_id
from entanglements.core.reads.cursors import OffsetCursors
from entanglements.core.reads.records import SearchHitRow

HIT_CURSORS = OffsetCursors("hit:")


@strawberry.type(description="An entity whose name or an alias matches the searched text.")
class SearchHit:
    id: ID = strawberry.field(description=RESULT_ID + " The searched text and the entity.")
    entity: Entity = strawberry.field(description="The entity found.")
    score: float = strawberry.field(
        description="Relevance (higher is better); hits come best first."
    )
    matched_name: str = strawberry.field(description="The name or alias that matched best.")
    cursor: str = strawberry.field(
        description="Pass as `after` to `search` (same text) for the hits after this one."
    )

    @classmethod
    def of(cls, row: SearchHitRow, text: str, kinds: list[str] | None, position: int) -> SearchHit:
        return cls(
            id=result_id("hit", text, sorted(kinds or []), row.entity.id),
            entity=Entity.of(row.entity),
            score=row.score,
            matched_name=row.matched_name,
            cursor=HIT_CURSORS.at(position),
        )
