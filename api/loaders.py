"""Per-request DataLoaders: every lookup by id made while resolving one request is batched
into one query per kind and tick, so the cost of a response does not grow with its size."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from functools import cached_property
from typing import TypeVar

from strawberry.dataloader import DataLoader

from entanglements.core.corrections.history import HistoryEvent, histories
from entanglements.core.corrections.retractions import Retraction
from entanglements.core.db.database import Database
from entanglements.core.reads import fetch, nodes, relationships
from entanglements.core.reads.records import (
    EntityListings,
    EntityRow,
    ListingRow,
    ListRow,
    Page,
    References,
    RelationshipRow,
    SourceRow,
)
from entanglements.core.reads.relationships import PageRequest
from entanglements.core.reads.runs import IngestRunRow
from entanglements.core.resolution import members
from entanglements.core.resolution.judgements import JudgementRow
from entanglements.core.watch.alerts import Alert
from entanglements.core.watch.watches import Watch

PageKey = tuple[str, PageRequest]
ListedEntity = tuple[EntityRow, EntityListings]
WithRefs = tuple[RelationshipRow, References]
ListingWithRefs = tuple[ListingRow, References]
V = TypeVar("V")
FetchMany = Callable[[Database, Sequence[str]], Awaitable[dict[str, V]]]


def _loader(db: Database, fetch_many: FetchMany[V]) -> DataLoader[str, V | None]:
    """A loader of one kind by id from a batched lookup that omits unknown ids."""

    async def load(ids: list[str]) -> list[V | None]:
        found = await fetch_many(db, ids)
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load)


async def _relationships(db: Database, ids: Sequence[str]) -> dict[str, WithRefs]:
    found = await nodes.relationships(db, ids)
    return {k: (r, found.references) for k, r in found.items.items()}


async def _listings(db: Database, ids: Sequence[str]) -> dict[str, ListingWithRefs]:
    found = await nodes.listings(db, ids)
    return {k: (r, found.references) for k, r in found.items.items()}


class Loaders:
    """Each loader is built on first use: a request uses one or two of them, and building
    the fifteen (generic DataLoaders, each with its own cache) cost more than resolving a
    small query's fields (docs/performance.md, round 4)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @cached_property
    def entity(self) -> DataLoader[str, EntityRow | None]:
        return DataLoader(load_fn=self._entities)

    @cached_property
    def listings(self) -> DataLoader[str, EntityListings]:
        return DataLoader(load_fn=self._listings)

    @cached_property
    def listed_entity(self) -> DataLoader[str, ListedEntity | None]:
        return DataLoader(load_fn=self._listed_entities)

    @cached_property
    def source(self) -> DataLoader[str, SourceRow | None]:
        return DataLoader(load_fn=self._sources)

    @cached_property
    def relationships(self) -> DataLoader[PageKey, Page]:
        return DataLoader(load_fn=self._pages)

    @cached_property
    def history(self) -> DataLoader[str, list[HistoryEvent]]:
        return DataLoader(load_fn=self._histories)

    @cached_property
    def same_as(self) -> DataLoader[str, list[EntityRow]]:
        return DataLoader(load_fn=self._same_as)

    # node(id:) and the links between objects (Alert.run, Judgement.a, ...)
    @cached_property
    def relationship(self) -> DataLoader[str, WithRefs | None]:
        return _loader(self.db, _relationships)

    @cached_property
    def listing(self) -> DataLoader[str, ListingWithRefs | None]:
        return _loader(self.db, _listings)

    @cached_property
    def alert(self) -> DataLoader[str, Alert | None]:
        return _loader(self.db, nodes.alerts)

    @cached_property
    def judgement(self) -> DataLoader[str, JudgementRow | None]:
        return _loader(self.db, nodes.judgements)

    @cached_property
    def retraction(self) -> DataLoader[str, Retraction | None]:
        return _loader(self.db, nodes.retractions)

    @cached_property
    def run(self) -> DataLoader[str, IngestRunRow | None]:
        return _loader(self.db, nodes.runs)

    @cached_property
    def watch(self) -> DataLoader[str, Watch | None]:
        return _loader(self.db, nodes.watches)

    @cached_property
    def sanctions_list(self) -> DataLoader[str, ListRow | None]:
        return _loader(self.db, fetch.lists)

    async def _entities(self, ids: list[str]) -> list[EntityRow | None]:
        found = await fetch.entities(self.db, ids)
        return [found.get(i) for i in ids]

    async def _listings(self, ids: list[str]) -> list[EntityListings]:
        found = await fetch.listed_entities(self.db, ids)
        return [found[i][1] if i in found else EntityListings() for i in ids]

    async def _listed_entities(self, ids: list[str]) -> list[ListedEntity | None]:
        """Entities with their listings in one round trip; primes the listings loader, so
        the ``listings`` field of these entities costs nothing more."""
        found = await fetch.listed_entities(self.db, ids)
        self.listings.prime_many({i: listings for i, (_, listings) in found.items()})
        return [found.get(i) for i in ids]

    async def _same_as(self, ids: list[str]) -> list[list[EntityRow]]:
        found = await members.cluster_members(self.db, ids)
        return [found.get(i, []) for i in ids]

    async def _sources(self, ids: list[str]) -> list[SourceRow | None]:
        found = await fetch.sources(self.db, ids)
        return [found.get(i) for i in ids]

    async def _pages(self, keys: list[PageKey]) -> list[Page]:
        """One query per distinct filter; entities sharing a filter share the query."""
        by_request: dict[PageRequest, list[str]] = defaultdict(list)
        for entity_id, request in keys:
            by_request[request].append(entity_id)
        answers: dict[PageKey, Page] = {}
        for request, ids in by_request.items():
            pages = await relationships.pages(self.db, ids, request)
            for entity_id in ids:
                answers[entity_id, request] = pages.get(entity_id, Page(0, (), False))
        return [answers[key] for key in keys]

    async def _histories(self, ids: list[str]) -> list[list[HistoryEvent]]:
        found = await histories(self.db, ids)
        return [found.get(i, []) for i in ids]
