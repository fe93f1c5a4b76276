"""Watch alerts in the API (docs/corrections.md): a Relay connection, oldest first."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import ID
from strawberry.scalars import JSON

from entanglements.api.types.graph import PageInfo
from entanglements.core.watch import alerts


@strawberry.type(description="A change in a watched entity's exposure, found by a watch check.")
class Alert:
    id: ID
    at: datetime
    kind: str = strawberry.field(
        description="listed, new_exposure, delisted, vanished_exposure, shorter_path, "
        "verdict_changed"
    )
    watched_entity: ID = strawberry.field(description="The watched entity's id.")
    watched_name: str
    party: ID | None = strawberry.field(description="The party in reach it is about.")
    party_name: str | None
    before: JSON | None = strawberry.field(description="{distance, listings} or {verdict}.")
    after: JSON | None
    run: ID | None = strawberry.field(
        description="The ingest run, or the retraction (ret-…), that caused it."
    )
    acknowledged_at: datetime | None
    acknowledged_by: str | None

    @classmethod
    def of(cls, row: alerts.Alert) -> Alert:
        return cls(
            id=ID(row.id),
            at=row.at,
            kind=row.kind,
            watched_entity=ID(row.watch),
            watched_name=row.entity_name,
            party=ID(row.party) if row.party else None,
            party_name=row.party_name,
            before=JSON(row.before) if row.before is not None else None,
            after=JSON(row.after) if row.after is not None else None,
            run=ID(row.run) if row.run else None,
            acknowledged_at=row.acknowledged_at,
            acknowledged_by=row.acknowledged_by,
        )


@strawberry.type
class AlertEdge:
    node: Alert
    cursor: str


@strawberry.type(description="A page of alerts (Relay connection), oldest first.")
class AlertConnection:
    edges: list[AlertEdge]
    page_info: PageInfo
    total_count: int

    @classmethod
    def of(cls, page: alerts.AlertPage, *, after: str | None) -> AlertConnection:
        edges = [AlertEdge(node=Alert.of(a), cursor=alerts.encode_cursor(a.id)) for a in page.items]
        info = PageInfo.of([e.cursor for e in edges], has_next=page.has_next, after=after)
        return cls(edges=edges, page_info=info, total_count=page.total)
