"""``node(id:)`` and ``nodes(ids:)``: any object with a global id (docs/api.md, "Global ids").

The ids are grouped by kind and each kind is looked up through the request's DataLoaders,
so ``nodes`` costs one query per kind asked for, however many ids.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import anyio.to_thread
from strawberry import ID
from strawberry.dataloader import DataLoader

from entanglements.api.context import Info
from entanglements.api.loaders import Loaders
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


def _loaded(
    loader: Callable[[Loaders], DataLoader[str, Any]], build: Callable[[Any], Node]
) -> Fetch:
    """A kind looked up through one of the request's loaders, each row built into its type."""

    async def fetch(info: Info, keys: list[str]) -> dict[str, Node]:
        rows = await loader(info.context.loaders).load_many(keys)
        return {k: build(r) for k, r in zip(keys, rows, strict=True) if r}

    return fetch


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
    NodeKind.ENTITY: _loaded(lambda ls: ls.entity, Entity.of),
    NodeKind.SOURCE: _loaded(lambda ls: ls.source, Source.of),
    NodeKind.RELATIONSHIP: _loaded(lambda ls: ls.relationship, lambda f: Relationship.of(*f)),
    NodeKind.LISTING: _loaded(lambda ls: ls.listing, lambda f: Listing.of(*f)),
    NodeKind.LIST: _loaded(lambda ls: ls.sanctions_list, SanctionsList.of),
    NodeKind.ALERT: _loaded(lambda ls: ls.alert, Alert.of),
    NodeKind.JUDGEMENT: _loaded(lambda ls: ls.judgement, Judgement.of),
    NodeKind.RETRACTION: _loaded(lambda ls: ls.retraction, Retraction.of),
    NodeKind.RUN: _loaded(lambda ls: ls.run, IngestRun.of),
    NodeKind.WATCH: _loaded(lambda ls: ls.watch, Watch.of),
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
