"""Search hits."""

from __future__ import annotations

import strawberry

from entanglements.api.types.graph import Entity
from entanglements.core.reads.records import SearchHitRow


@strawberry.type(description="An entity whose name or an alias matches the searched text.")
class SearchHit:
    entity: Entity
    score: float = strawberry.field(
        description="Relevance (higher is better); hits come best first."
    )
    matched_name: str = strawberry.field(description="The name or alias that matched best.")

    @classmethod
    def of(cls, row: SearchHitRow) -> SearchHit:
        return cls(entity=Entity.of(row.entity), score=row.score, matched_name=row.matched_name)
