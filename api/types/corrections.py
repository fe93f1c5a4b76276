"""Corrections in the API: retractions and an element's history (docs/corrections.md)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry import ID

from entanglements.api.context import Info
from entanglements.api.types.enums import HistoryAction
from entanglements.api.types.node import RESULT_ID, Node, node_id, result_id
from entanglements.core.corrections import history, retractions
from entanglements.core.vocab import NodeKind


@strawberry.enum(description="What a retraction withdraws.")
class RetractionTarget(Enum):
    ENTITY = strawberry.enum_value("entity", description="An entity.")
    RELATIONSHIP = strawberry.enum_value("relationship", description="A relationship.")
    LISTING = strawberry.enum_value("listing", description="A listing.")
    SOURCE = strawberry.enum_value(
        "source", description="A discredited source: its sole-source claims and its citations."
    )


@strawberry.type(description="A retraction: who withdrew what, when and why; kept when undone.")
class Retraction(Node):
    target: RetractionTarget = strawberry.field(description="What kind of element it withdraws.")
    target_id: ID = strawberry.field(description="The element's key (as the CLI takes it).")
    reason: str = strawberry.field(description="Why it was retracted.")
    by: str = strawberry.field(
        description="Who: key:<API key name>, anonymous, or cli:<user> for the CLI."
    )
    at: datetime = strawberry.field(description="When it was retracted.")
    claims: list[ID] = strawberry.field(
        description="The elements it retracted (a source's: the claims resting only on it)."
    )
    withdrawn_citations: int = strawberry.field(
        description="Citations of the source withdrawn from claims that rest on others too."
    )
    undone_at: datetime | None = strawberry.field(
        description="When it was undone; null while in force."
    )
    undone_by: str | None = strawberry.field(description="Who undid it.")
    undo_reason: str | None = strawberry.field(description="Why it was undone.")

    @classmethod
    def of(cls, row: retractions.Retraction) -> Retraction:
        return cls(
            id=node_id(NodeKind.RETRACTION, row.id),
            target=RetractionTarget(row.target.value),
            target_id=ID(row.target_id),
            reason=row.reason,
            by=row.by,
            at=row.at,
            claims=[ID(c) for c in row.claims],
            withdrawn_citations=row.withdrawn,
            undone_at=row.undone_at,
            undone_by=row.undone_by,
            undo_reason=row.undo_reason,
        )


@strawberry.type(description="One event of an element's history.")
class HistoryEvent:
    id: ID = strawberry.field(description=RESULT_ID)
    at: datetime = strawberry.field(description="When it happened.")
    action: HistoryAction = strawberry.field(description="What happened.")
    element: str = strawberry.field(
        description="The kind of element: entity, relationship, listing, source or list."
    )
    by: str | None = strawberry.field(
        description="Who: key:<API key name>, cli:<user>, or an ingest's origin (cli, api)."
    )
    run: ID | None = strawberry.field(description="The ingest run's global id, for ingest events.")
    retraction: ID | None = strawberry.field(
        description="The retraction's global id, for decisions."
    )
    reason: str | None = strawberry.field(
        description="Why, for decisions (a retraction's reason, a judgement's note)."
    )
    detail: str | None = strawberry.field(description="An ingest's inputs; a source's id.")

    @classmethod
    def of(cls, row: history.HistoryEvent, element_id: str) -> HistoryEvent:
        return cls(
            id=result_id(
                "event", element_id, row.at.isoformat(), row.action, row.run, row.retraction
            ),
            at=row.at,
            action=HistoryAction(row.action),
            element=row.element,
            by=row.by,
            run=node_id(NodeKind.RUN, row.run) if row.run else None,
            retraction=node_id(NodeKind.RETRACTION, row.retraction) if row.retraction else None,
            reason=row.reason,
            detail=row.detail,
        )


async def history_of(info: Info, element_id: str) -> list[HistoryEvent]:
    """Through the request's loader: the histories a response asks for are one query."""
    found = await info.context.loaders.history.load(element_id)
    return [HistoryEvent.of(e, element_id) for e in found]
