"""``node(id:)`` and ``nodes(ids:)``: any object with a global id (docs/api.md, "Global ids").

The ids are grouped by kind and each kind is looked up through the request's DataLoaders,
so ``nodes`` costs one query per kind asked for, however many ids.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import anyio.to_thread
from strawberry import ID

from entanglements.api.context import Info
from entanglements.api.types.alerts import Alert, Watch
from entanglements.api.types.corrections import Retraction
from entanglements.api.types.graph import Entity, Listing, Relationship, SanctionsList, Source
from entanglements.api.types.ingest import IngestRun
from entanglements.api.types.node import Node
from entanglements.api.types.ownership import OwnershipRule
from entanglements.api.types.saved import SavedQuery
from entanglements.api.types.screening import Judgement
from entanglements.core.errors import BadInputError
from entanglements.core.ownership import questions
from entanglements.core.ownership.rules import rule_book
from entanglements.core.saved_queries import load_library
from entanglements.core.vocab import NodeKind, parse_global_id

#: At most this many ids per ``nodes`` call (like ``first``: one request, bounded work).
MAX_IDS = 500

Fetch = Callable[[Info, list[str]], Awaitable[dict[str, Node]]]


async def _entities(info: Info, keys: list[str]) -> dict[str, Node]:
    rows = await info.context.loaders.entity.load_many(keys)
    return {k: Entity.of(r) for k, r in zip(keys, rows, strict=True) if r}


async def _sources(info: Info, keys: list[str]) -> dict[str, Node]:
    rows = await info.context.loaders.source.load_many(keys)
    return {k: Source.of(r) for k, r in zip(keys, rows, strict=True) if r}


async def _relationships(info: Info, keys: list[str]) -> dict[str, Node]:
    found = await info.context.loaders.relationship.load_many(keys)
    return {k: Relationship.of(*f) for k, f in zip(keys, found, strict=True) if f}


async def _listings(info: Info, keys: list[str]) -> dict[str, Node]:
    found = await info.context.loaders.listing.load_many(keys)
    return {k: Listing.of(*f) for k, f in zip(keys, found, strict=True) if f}


async def _lists(info: Info, keys: list[str]) -> dict[str, Node]:
    rows = await info.context.loaders.sanctions_list.load_many(keys)
    return {k: SanctionsList.of(r) for k, r in zip(keys, rows, strict=True) if r}


async def _alerts(info: Info, keys: list[str]) -> dict[str, Node]:
    rows = await info.context.loaders.alert.load_many(keys)
    return {k: Alert.of(r) for k, r in zip(keys, rows, strict=True) if r}


async def _judgements(info: Info, keys: list[str]) -> dict[str, Node]:
    rows = await info.context.loaders.judgement.load_many(keys)
    return {k: Judgement.of(r) for k, r in zip(keys, rows, strict=True) if r}


async def _retractions(info: Info, keys: list[str]) -> dict[str, Node]:
    rows = await info.context.loaders.retraction.load_many(keys)
    return {k: Retraction.of(r) for k, r in zip(keys, rows, strict=True) if r}


async def _runs(info: Info, keys: list[str]) -> dict[str, Node]:
    rows = await info.context.loaders.run.load_many(keys)
    return {k: IngestRun.of(r) for k, r in zip(keys, rows, strict=True) if r}


async def _watches(info: Info, keys: list[str]) -> dict[str, Node]:
    rows = await info.context.loaders.watch.load_many(keys)
    return {k: Watch.of(r) for k, r in zip(keys, rows, strict=True) if r}


async def _rules(info: Info, keys: list[str]) -> dict[str, Node]:
    rules = [r for r in rule_book().rules if r.id in keys]
    if not rules:
        return {}
    lists = await questions.rule_lists(info.context.db, rules)
    day = questions.today().hi
    return {r.id: OwnershipRule.of(r, day, lists) for r in rules}


async def _queries(info: Info, keys: list[str]) -> dict[str, Node]:
    library = await anyio.to_thread.run_sync(load_library, info.context.settings)
    return {q.name: SavedQuery.of(q) for q in library if q.name in keys}


FETCH: dict[NodeKind, Fetch] = {
    NodeKind.ENTITY: _entities,
    NodeKind.SOURCE: _sources,
    NodeKind.RELATIONSHIP: _relationships,
    NodeKind.LISTING: _listings,
    NodeKind.LIST: _lists,
    NodeKind.ALERT: _alerts,
    NodeKind.JUDGEMENT: _judgements,
    NodeKind.RETRACTION: _retractions,
    NodeKind.RUN: _runs,
    NodeKind.WATCH: _watches,
    NodeKind.RULE: _rules,
    NodeKind.QUERY: _queries,
}


async def nodes(info: Info, ids: list[ID]) -> list[Node | None]:
    if len(ids) > MAX_IDS:
        raise BadInputError(f"ids: at most {MAX_IDS} per request, got {len(ids)}")
    parsed = [parse_global_id(str(i)) for i in ids]
    by_kind: dict[NodeKind, list[str]] = {}
    for kind, key in parsed:
        by_kind.setdefault(kind, []).append(key)
    kinds = list(by_kind)
    found = await asyncio.gather(*(FETCH[k](info, by_kind[k]) for k in kinds))
    answers = dict(zip(kinds, found, strict=True))
    return [answers[kind].get(key) for kind, key in parsed]


async def node(info: Info, id: ID) -> Node | None:
    return (await nodes(info, [id]))[0]
