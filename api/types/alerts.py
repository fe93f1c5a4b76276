"""Watch alerts in the API (docs/corrections.md): a Relay connection, oldest first."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import ID
from strawberry.scalars import JSON

from entanglements.api.context import Info
from entanglements.api.types.connection import Connection, connection
from entanglements.api.types.corrections import Retraction
from entanglements.api.types.enums import AlertKind
from entanglements.api.types.fields import resolver
from entanglements.api.types.graph import Entity, entity_by_id
from entanglements.api.types.ingest import IngestRun
from entanglements.api.types.node import Node, node_id
from entanglements.core.corrections.retractions import RETRACTION_ID_PREFIX
from entanglements.core.vocab import NodeKind
from entanglements.core.watch import alerts, watches


@strawberry.type(description="A change in a watched entity's exposure, found by a watch check.")
class Alert(Node):
    at: datetime = strawberry.field(description="When the check raised it.")
    kind: AlertKind = strawberry.field(description="What changed.")
    watched_name: str = strawberry.field(description="The watched entity's name.")
    party_name: str | None = strawberry.field(description="The party's name, when there is one.")
    before: JSON | None = strawberry.field(description="{distance, listings} or {verdict}.")
    after: JSON | None = strawberry.field(description="The same after the change.")
    acknowledged_at: datetime | None = strawberry.field(description="When it was acknowledged.")
    acknowledged_by: str | None = strawberry.field(
        description="Who acknowledged it: key:<API key name> or cli:<user>."
    )
    watch_key: strawberry.Private[str]
    party_key: strawberry.Private[str | None]
    run_key: strawberry.Private[str | None]

    @classmethod
    def of(cls, row: alerts.Alert) -> Alert:
        return cls(
            id=node_id(NodeKind.ALERT, row.id),
            at=row.at,
            kind=AlertKind(row.kind),
            watch_key=row.watch,
            watched_name=row.entity_name,
            party_key=row.party,
            party_name=row.party_name,
            before=JSON(row.before) if row.before is not None else None,
            after=JSON(row.after) if row.after is not None else None,
            run_key=row.run,
            acknowledged_at=row.acknowledged_at,
            acknowledged_by=row.acknowledged_by,
        )

    @resolver("The watched entity (null if it was deleted since).")
    async def watched_entity(self, info: Info) -> Entity | None:
        return await entity_by_id(info, self.watch_key)

    @resolver("The party in reach it is about; null for a verdict change.")
    async def party(self, info: Info) -> Entity | None:
        return await entity_by_id(info, self.party_key) if self.party_key else None

    @resolver(
        "The ingest run whose watch check raised it; null when a retraction caused it or for "
        "`entangle watch check`."
    )
    async def run(self, info: Info) -> IngestRun | None:
        if self.run_key is None or self.run_key.startswith(RETRACTION_ID_PREFIX):
            return None
        row = await info.context.loaders.run.load(self.run_key)
        return IngestRun.of(row) if row else None

    @resolver("The retraction that caused it (its watch check), if one did.")
    async def retraction(self, info: Info) -> Retraction | None:
        if self.run_key is None or not self.run_key.startswith(RETRACTION_ID_PREFIX):
            return None
        row = await info.context.loaders.retraction.load(self.run_key)
        return Retraction.of(row) if row else None


def alert_page(page: alerts.AlertPage, *, after: str | None) -> Connection[Alert]:
    nodes = ((Alert.of(a), alerts.encode_cursor(a.id)) for a in page.items)
    return connection(nodes, has_next=page.has_next, after=after, total=page.total)


@strawberry.type(description="A watched entity: every ingest's watch check compares its exposure.")
class Watch(Node):
    hops: int = strawberry.field(description="How far the watch looks.")
    lists: list[ID] | None = strawberry.field(
        description="Global ids of the lists it keeps (null: every list)."
    )
    rule: ID | None = strawberry.field(description="The ownership rule it also checks, if any.")
    created_by: str = strawberry.field(description="Who added it.")
    created_at: datetime | None = strawberry.field(description="When it was added.")
    checked_at: datetime | None = strawberry.field(description="When it was last checked.")
    entity_key: strawberry.Private[str]

    @classmethod
    def of(cls, row: watches.Watch) -> Watch:
        return cls(
            id=node_id(NodeKind.WATCH, row.entity_id),
            hops=row.hops,
            lists=[node_id(NodeKind.LIST, i) for i in row.lists] if row.lists is not None else None,
            rule=node_id(NodeKind.RULE, row.rule) if row.rule else None,
            created_by=row.created_by,
            created_at=row.created_at,
            checked_at=row.checked_at,
            entity_key=row.entity_id,
        )

    @resolver("The watched entity (null if it was deleted since).")
    async def entity(self, info: Info) -> Entity | None:
        return await entity_by_id(info, self.entity_key)
