"""Exposure reports and paths."""

from __future__ import annotations

from collections.abc import Mapping

import strawberry
from strawberry import ID

from entanglements.api.types.graph import Entity, Hop, Listing, Relationship
from entanglements.api.types.node import RESULT_ID, result_id
from entanglements.api.types.ownership import OwnershipFinding
from entanglements.api.types.screening import Judgement
from entanglements.core.dates import PartialDate
from entanglements.core.reads.cursors import OffsetCursors
from entanglements.core.reads.records import (
    ExposureResult,
    ExposureRow,
    JudgementHopRow,
    PathRow,
    References,
    RelationshipRow,
)

EXPOSURE_CURSORS = OffsetCursors("exposure:")


@strawberry.type(
    description="A hop through an analyst's judgement that two entities are one party (a "
    "SAME judgement in force): counted like any hop, its evidence is the judgement (who, "
    "when, why), not cited sources."
)
class JudgementHop(Hop):
    id: ID = strawberry.field(
        description=RESULT_ID + " A judgement hop's id is its judgement's: every path through "
        "one judgement shares the hop."
    )
    type: str = strawberry.field(description="Always `same_as`.")
    from_: Entity = strawberry.field(name="from", description="The judgement's first entity (a).")
    to: Entity = strawberry.field(description="The judgement's second entity (b).")
    judgement: Judgement = strawberry.field(
        description="The judgement in force that the hop stands for: who, when, why."
    )

    @classmethod
    def of(cls, row: JudgementHopRow, refs: References) -> JudgementHop:
        return cls(
            id=result_id("hop", row.judgement_id),
            type="same_as",
            from_=Entity.of(refs.entity(row.from_id)),
            to=Entity.of(refs.entity(row.to_id)),
            judgement=Judgement.of(refs.judgement(row)),
        )


def hop(row: RelationshipRow | JudgementHopRow, refs: References) -> Hop:
    if isinstance(row, JudgementHopRow):
        return JudgementHop.of(row, refs)
    return Relationship.of(row, refs)


@strawberry.type(
    description="A walk between two entities, one hop per link: a sourced relationship or a "
    "judgement that two entities are one party."
)
class Path:
    id: ID = strawberry.field(description=RESULT_ID + " A path's id is its hops.")
    length: int = strawberry.field(description="Its number of hops (judgement hops included).")
    nodes: list[Entity] = strawberry.field(description="The entities along it, from start to end.")
    hops: list[Hop] = strawberry.field(
        description="The hops, in order (each keeps its real direction): `Relationship`s and "
        "`JudgementHop`s."
    )
    relationships: list[Relationship] = strawberry.field(
        description="The sourced hops only, in order: without the judgement hops, so it no "
        "longer pairs with `nodes` on a path through a judgement.",
        deprecation_reason="Use `hops`, which also holds the judgement hops.",
    )

    @classmethod
    def of(cls, row: PathRow, refs: References) -> Path:
        return cls(
            id=result_id("path", *(n.id for n in row.nodes), *(h.id for h in row.hops)),
            length=row.length,
            nodes=[Entity.of(n) for n in row.nodes],
            hops=[hop(h, refs) for h in row.hops],
            relationships=[Relationship.of(r, refs) for r in row.relationships],
        )


@strawberry.type(description="A listed party within reach, with how it is reached.")
class Exposure:
    id: ID = strawberry.field(description=RESULT_ID)
    cursor: str = strawberry.field(
        description="Pass as `after` to `sanctionsExposure` for the parties after this one."
    )
    entity: Entity = strawberry.field(description="The listed party.")
    listings: list[Listing] = strawberry.field(
        description="Its listings in force as of asOf (all when asOf is not given), "
        "restricted to the requested lists."
    )
    distance: int = strawberry.field(description="Hops on its shortest path.")
    paths: list[Path] = strawberry.field(description="Up to 3 shortest paths, shortest first.")
    restricted_by: list[OwnershipFinding] = strawberry.field(
        description="With includeDerived: the ownership rules that restrict (or may restrict) "
        "it, with their verdicts; empty otherwise."
    )
    listed_before_link: bool | None = strawberry.field(
        description="True when the party was listed before the relationship that reaches it "
        "on its shortest path(s) began; false when after; null when unknown or undecidable "
        "(see docs/api.md)."
    )

    @classmethod
    def of(
        cls,
        row: ExposureRow,
        refs: References,
        report: ID,
        position: int,
        restricted_by: list[OwnershipFinding] | None = None,
    ) -> Exposure:
        return cls(
            id=result_id("exposure", report, row.entity.id),
            cursor=EXPOSURE_CURSORS.at(position),
            entity=Entity.of(row.entity),
            listings=[Listing.of(li, refs) for li in row.listings],
            distance=row.distance,
            paths=[Path.of(p, refs) for p in row.paths],
            restricted_by=restricted_by or [],
            listed_before_link=row.listed_before_link,
        )


@strawberry.type(description="The listed parties within maxHops of an entity, nearest first.")
class ExposureReport:
    id: ID = strawberry.field(description=RESULT_ID)
    entity: Entity = strawberry.field(description="The entity the report starts from.")
    max_hops: int = strawberry.field(description="The most hops asked for.")
    searched_hops: int = strawberry.field(
        description="How many hops the search covered (at most maxHops). The search deepens "
        "one hop at a time from 3 and stops once it has found `first` exposures: those are "
        "then exactly the nearest `first` within maxHops, and searching further would only "
        "have grown totalCount. Less than maxHops only when `first` exposures were found "
        "closer."
    )
    as_of: PartialDate | None = strawberry.field(
        description="The date asked for, if any: only what was in force then counts."
    )
    total_count: int = strawberry.field(
        description="Exposures within searchedHops, before `first` applies (all those within "
        "maxHops when searchedHops = maxHops)."
    )
    exposures: list[Exposure] = strawberry.field(
        description="The listed parties in reach, nearest first, then by name."
    )

    @classmethod
    def of(
        cls,
        result: ExposureResult,
        arguments: tuple[object, ...],
        offset: int,
        restricted_by: Mapping[str, list[OwnershipFinding]] | None = None,
    ) -> ExposureReport:
        """``arguments``: every argument the report was computed from (its id's inputs)."""
        found = restricted_by or {}
        report = result_id("report", *arguments)
        return cls(
            id=report,
            entity=Entity.of(result.entity),
            max_hops=result.max_hops,
            searched_hops=result.searched_hops,
            as_of=result.as_of,
            total_count=result.total,
            exposures=[
                Exposure.of(e, result.references, report, offset + i, found.get(e.entity.id))
                for i, e in enumerate(result.exposures)
            ],
        )
