"""The graph's object types: Entity, Relationship, Listing, Citation, Source, SanctionsList.

They reference each other, so they live in one module. Each is built whole from rows of
``core.reads.records``: a relationship with its endpoints, a citation with its source, a
listing with its list, all looked up in the ``References`` that came with the rows (the query
that found them fetched them in the same round trip).
Per-field reference resolvers cost an awaitable each, which made strawberry's share of an
exposure report several times the query's (docs/performance.md). Only the fields that reach
further into the graph on demand (``Entity.listings``, ``Entity.relationships``) resolve
through the request's DataLoaders, never through a query per object.
"""

from __future__ import annotations

from enum import Enum
from functools import lru_cache

import strawberry
from strawberry import ID

from entanglements.api.context import Info
from entanglements.api.types.connection import Connection, connection
from entanglements.api.types.corrections import HistoryEvent, history_of
from entanglements.api.types.fields import resolver
from entanglements.api.types.node import Node, node_id
from entanglements.core.dates import PartialDate
from entanglements.core.reads import filters
from entanglements.core.reads.records import (
    CitationRow,
    EntityRow,
    ListingRow,
    ListRow,
    Page,
    References,
    RelationshipRow,
    SourceRow,
)
from entanglements.core.reads.relationships import PageRequest, decode_cursor, encode_cursor
from entanglements.core.vocab import NodeKind, key_of


@strawberry.enum(description="Which relationships of an entity: from it, to it, or both.")
class Direction(Enum):
    OUTGOING = strawberry.enum_value("OUTGOING", description="From the entity (along the arrow).")
    INCOMING = strawberry.enum_value("INCOMING", description="To the entity (against the arrow).")
    BOTH = strawberry.enum_value("BOTH", description="Either way.")


RETRACTED = (
    "True when it was retracted (docs/corrections.md): only shown when a query asks to "
    "include retracted claims; `history` says who retracted it, when and why."
)
HISTORY = (
    "The ingest runs and analyst decisions (retractions, their undoing) that touched it, "
    "oldest first."
)


def core_direction(direction: Direction | None) -> filters.Direction:
    return filters.Direction((direction or Direction.BOTH).value)


@strawberry.type(description="A document that supports claims: an article, a list, a register.")
class Source(Node):
    title: str = strawberry.field(description="Its title.")
    url: str | None = strawberry.field(description="Where to read it.")
    publisher: str | None = strawberry.field(description="Who published it.")
    published_date: PartialDate | None = strawberry.field(description="When it was published.")
    kind: str | None = strawberry.field(
        description="The kind of document: article, report, dataset, ... (docs/data-model.md)."
    )
    authors: list[str] = strawberry.field(description="Its authors.")
    retracted: bool = strawberry.field(description=RETRACTED)

    @classmethod
    def of(cls, row: SourceRow) -> Source:
        return _source(row)

    @classmethod
    def build(cls, row: SourceRow) -> Source:
        return cls(
            id=node_id(NodeKind.SOURCE, row.id),
            title=row.title,
            url=row.url,
            publisher=row.publisher,
            published_date=row.published,
            kind=row.kind,
            authors=list(row.authors),
            retracted=row.retracted is not None,
        )


@strawberry.type(description="Evidence for a claim: a source, and the quote and where in it.")
class Citation:
    source: Source = strawberry.field(description="The cited document.")
    quote: str | None = strawberry.field(
        description="The supporting words, copied from the source."
    )
    locator: str | None = strawberry.field(
        description="Where in the source: a page, a paragraph, a timestamp."
    )

    @classmethod
    def of(cls, row: CitationRow, refs: References) -> Citation:
        return cls(
            source=Source.of(refs.source(row.source_id)), quote=row.quote, locator=row.locator
        )


@strawberry.type(description="A sanctions or restriction list (US Entity List, UK sanctions, ...).")
class SanctionsList(Node):
    name: str = strawberry.field(description="Its name.")
    authority: str = strawberry.field(description="Who publishes it.")
    country: str | None = strawberry.field(
        description="The ISO 3166 code of its jurisdiction, if one country's."
    )
    url: str | None = strawberry.field(description="Where it is published.")

    @classmethod
    def of(cls, row: ListRow) -> SanctionsList:
        return cls(
            id=node_id(NodeKind.LIST, row.id),
            name=row.name,
            authority=row.authority,
            country=row.country,
            url=row.url,
        )


@strawberry.type(description="An entity's entry on a list, with its dates and evidence.")
class Listing(Node):
    sanctions_list: SanctionsList = strawberry.field(
        name="list", description="The list this entry is on."
    )
    program: str | None = strawberry.field(
        description="The sanctions programme, as the list names it."
    )
    publication: str | None = strawberry.field(
        description="The official publication this listing came from (un-sc, ofac-sdn, "
        "ofac-cons, eu-fsf, uk-ofsi, bis-dpl); null for findings. A snapshot of that "
        "publication delists it when a later version leaves it out."
    )
    reason: str | None = strawberry.field(description="Why the party was listed, as the list says.")
    listed_date: PartialDate | None = strawberry.field(description="When the listing began.")
    delisted_date: PartialDate | None = strawberry.field(
        description="When it ended; null while in force."
    )
    citations: list[Citation] = strawberry.field(description="The evidence for the listing.")
    retracted: bool = strawberry.field(description=RETRACTED)
    via_id: strawberry.Private[str | None]

    @classmethod
    def of(cls, row: ListingRow, refs: References) -> Listing:
        return cls(
            id=node_id(NodeKind.LISTING, row.id),
            via_id=row.via,
            sanctions_list=SanctionsList.of(refs.list(row.list_id)),
            program=row.program,
            reason=row.reason,
            listed_date=row.listed,
            delisted_date=row.delisted,
            publication=row.publication,
            citations=[Citation.of(c, refs) for c in row.citations],
            retracted=row.retracted is not None,
        )

    @resolver(
        "For a listing carried from an entity judged the same (resolution): the entity the "
        "list names; null for the entity's own listing."
    )
    async def via(self, info: Info) -> Entity | None:
        return await entity_by_id(info, self.via_id) if self.via_id else None


async def entity_by_id(info: Info, entity_id: str) -> Entity | None:
    """Through the request's loader: every entity a response links to is one query."""
    row = await info.context.loaders.entity.load(entity_id)
    return Entity.of(row) if row else None


@strawberry.interface(
    description="One hop of a path: a sourced `Relationship`, or a `JudgementHop` through an "
    "analyst's judgement that its two entities are the same party (docs/api.md, paths)."
)
class Hop:
    id: ID = strawberry.field(
        description="Its id: a relationship's global id, a judgement hop's computed one."
    )
    type: str = strawberry.field(
        description="The relationship's type in lower case (ownership, partnership, ...); "
        "`same_as` for a judgement hop."
    )
    from_: Entity = strawberry.field(name="from", description="Where the hop's link starts.")
    to: Entity = strawberry.field(description="Where the hop's link ends.")


@strawberry.type(description="One hop: a sourced relationship between two entities.")
class Relationship(Node, Hop):
    type: str = strawberry.field(
        description="Its type in lower case (ownership, partnership, ...; `relationshipTypes`)."
    )
    from_: Entity = strawberry.field(
        name="from", description="Where the relationship starts (owner, employee, initiator, ...)."
    )
    to: Entity = strawberry.field(
        description="Where the relationship ends (asset, employer, partner, ...)."
    )
    role: str | None = strawberry.field(
        description="The role the relationship gives (head of delegation, ...)."
    )
    description: str | None = strawberry.field(
        description="What the relationship is, in the investigation's words."
    )
    share: float | None = strawberry.field(description="Exact share in percent (ownership).")
    share_min: float | None = strawberry.field(
        description="Lowest share the evidence allows, in percent (a range: 25-50 %, over 50 %)."
    )
    share_max: float | None = strawberry.field(description="Highest share the evidence allows.")
    arrangement: str | None = strawberry.field(
        description="Stakes in one entity with the same arrangement id are held under a joint "
        "arrangement (UK ownership rule; docs/ownership.md)."
    )
    start_date: PartialDate | None = strawberry.field(description="When it began.")
    end_date: PartialDate | None = strawberry.field(
        description="When it ended; null while it lasts."
    )
    citations: list[Citation] = strawberry.field(description="The evidence for it.")
    retracted: bool = strawberry.field(description=RETRACTED)

    @classmethod
    def of(cls, row: RelationshipRow, refs: References) -> Relationship:
        return cls(
            id=node_id(NodeKind.RELATIONSHIP, row.id),
            type=row.type,
            from_=Entity.of(refs.entity(row.from_id)),
            to=Entity.of(refs.entity(row.to_id)),
            role=row.role,
            description=row.description,
            share=row.share,
            share_min=row.share_min,
            share_max=row.share_max,
            arrangement=row.arrangement,
            start_date=row.start,
            end_date=row.end,
            citations=[Citation.of(c, refs) for c in row.citations],
            retracted=row.retracted is not None,
        )

    @resolver(HISTORY)
    async def history(self, info: Info) -> list[HistoryEvent]:
        return await history_of(info, key_of(NodeKind.RELATIONSHIP, str(self.id)))


def relationship_page(page: Page, *, after: str | None) -> Connection[Relationship]:
    nodes = ((Relationship.of(r, page.references), encode_cursor(r.id)) for r in page.items)
    return connection(nodes, has_next=page.has_next, after=after, total=page.total)


@strawberry.type(description="A person, organisation, company, public body, ...")
class Entity(Node):
    kind: str = strawberry.field(description="Its FollowTheMoney schema: Person, Company, ...")
    name: str = strawberry.field(description="Its main name.")
    aliases: list[str] = strawberry.field(description="Other names it is known by.")
    weak_aliases: list[str] = strawberry.field(
        description="Names the publisher calls weak or low quality (screening weighs them less)."
    )
    countries: list[str] = strawberry.field(
        description="ISO 3166 codes: nationality, citizenship, residence, jurisdiction."
    )
    birth_dates: list[PartialDate] = strawberry.field(description="Every stated date of birth.")
    birth_places: list[str] = strawberry.field(description="Every stated place of birth.")
    gender: str | None = strawberry.field(description="When stated: male, female or other.")
    identifiers: list[str] = strawberry.field(
        description="`scheme:value`: passport:…, imo:…, and the publisher's own reference."
    )
    addresses: list[str] = strawberry.field(description="Stated addresses, as written.")
    tags: list[str] = strawberry.field(
        description="Free labels given by the investigation (topics, roles)."
    )
    description: str | None = strawberry.field(
        description="What it is, in the investigation's words."
    )
    retracted: bool = strawberry.field(description=RETRACTED)

    @classmethod
    def of(cls, row: EntityRow) -> Entity:
        return _entity(row)

    @classmethod
    def build(cls, row: EntityRow) -> Entity:
        return cls(
            id=ID(row.id),
            kind=row.kind,
            name=row.name,
            aliases=list(row.aliases),
            weak_aliases=list(row.weak_aliases),
            countries=list(row.countries),
            birth_dates=list(row.birth_dates),
            birth_places=list(row.birth_places),
            gender=row.gender,
            identifiers=list(row.identifiers),
            addresses=list(row.addresses),
            tags=list(row.tags),
            description=row.description,
            retracted=row.retracted is not None,
        )

    @resolver(
        "The entities judged the same party as this one (its resolution cluster), by id; "
        "their listings are also this entity's (`Listing.via` names the member listed)."
    )
    async def same_as(self, info: Info) -> list[Entity]:
        members = await info.context.loaders.same_as.load(str(self.id))
        return [Entity.of(m) for m in members]

    @resolver(
        "Every listing of the entity, past ones included, earliest first (retracted ones "
        "only with `includeRetracted`, marked)."
    )
    async def listings(self, info: Info, include_retracted: bool | None = False) -> list[Listing]:
        found = await info.context.loaders.listings.load(str(self.id))
        return [
            Listing.of(r, found.references)
            for r in found.items
            if include_retracted or r.retracted is None
        ]

    @resolver(HISTORY)
    async def history(self, info: Info) -> list[HistoryEvent]:
        return await history_of(info, str(self.id))

    @resolver(
        "The entity's relationships in force as of `asOf`, of the given `types` (all when "
        "omitted), ordered by relationship id; `after` takes an `endCursor`. Retracted ones "
        "(or to a retracted entity) only with `includeRetracted`, marked."
    )
    async def relationships(
        self,
        info: Info,
        types: list[str] | None = None,
        direction: Direction | None = Direction.BOTH,
        as_of: PartialDate | None = None,
        first: int | None = 50,
        after: str | None = None,
        include_retracted: bool | None = False,
    ) -> Connection[Relationship]:
        request = PageRequest(
            types=filters.rel_types(types, "types"),
            direction=core_direction(direction),
            as_of=as_of,
            first=filters.bounded("first", first, 0, info.context.settings.max_first, default=50),
            after=decode_cursor(after) if after is not None else None,
            include_retracted=bool(include_retracted),
        )
        page = await info.context.loaders.relationships.load((str(self.id), request))
        return relationship_page(page, after=after)


#: An entity or a source stands many times in one answer (on every path through it, as the
#: end of every relationship, behind every citation): each row value is built once. The
#: key is the whole row, so an edited entity is a new row and never meets a stale object;
#: the objects are never mutated, so requests may share them.
ROWS_BUILT = 8192


@lru_cache(maxsize=ROWS_BUILT)
def _entity(row: EntityRow) -> Entity:
    return Entity.build(row)


@lru_cache(maxsize=ROWS_BUILT)
def _source(row: SourceRow) -> Source:
    return Source.build(row)
