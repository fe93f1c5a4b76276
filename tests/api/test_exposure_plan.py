"""The exposure query keeps its plans: a breadth-first search from the start entity.

Up to 4 hops: one ``SHORTEST 3`` search expanding from the start
(``StatefulShortestPath(All)``). Left to its cardinality heuristic, Neo4j may plan it as a
point-to-point search per listed entity in the whole graph (CartesianProduct +
StatefulShortestPath(Into)), which does not scale; the query forces the expanding search.

From 5 hops: the reach by a pruning breadth-first ``VarLengthExpand`` (each entity once),
then point-to-point ``SHORTEST 3`` only for the reported parties
(``StatefulShortestPath(Into)`` under an ``Apply``, never over a CartesianProduct): the
single search's trail state explodes at 6 hops and that operator does not stop at the
transaction timeout (docs/performance.md). This test fails if a change loses either plan.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from entanglements.core.db.database import Database
from entanglements.core.reads.exposure import BFS_FROM_HOPS, exposure_query
from entanglements.core.reads.filters import Direction
from entanglements.core.settings import Settings
from entanglements.core.vocab import RelType


def _operators(plan: dict[str, Any]) -> Iterator[str]:
    yield plan["operatorType"]
    for child in plan.get("children", []):
        yield from _operators(child)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("hops", "direction"),
    [(3, Direction.BOTH), (4, Direction.BOTH), (6, Direction.OUTGOING), (2, Direction.INCOMING)],
)
@pytest.mark.parametrize("dated", [True, False])
async def test_one_search_expanding_from_the_start(
    settings: Settings, hops: int, direction: Direction, dated: bool
) -> None:
    """The plan of the search at each depth ``sanctions_exposure`` may run, with and
    without ``asOf`` (the in-force rule is left out of the query text without it)."""
    query = exposure_query((RelType.PARTNERSHIP,), hops, direction, dated=dated)
    async with Database.open(settings, role="api") as db:
        _, summary = await db.plan(query, _params())
    assert summary.plan is not None
    operators = [op.split("@")[0] for op in _operators(summary.plan)]
    assert "CartesianProduct" not in operators
    assert "NodeUniqueIndexSeek" in operators  # the start entity, by its id
    assert "VarLengthExpand(All)" not in operators
    if hops < BFS_FROM_HOPS:
        assert "StatefulShortestPath(All)" in operators
        assert "StatefulShortestPath(Into)" not in operators
    else:
        assert any(op.startswith("VarLengthExpand(Pruning") for op in operators), operators
        assert "StatefulShortestPath(All)" not in operators


@pytest.mark.asyncio
@pytest.mark.parametrize("hops", [3, 4, 6])
async def test_the_watch_digest_is_one_pruning_breadth_first_reach(
    settings: Settings, hops: int
) -> None:
    """A watch check's search (core/watch/): the reach, each entity once, and no path.
    (From 3 hops: below, the reach before the last hop is one hop, which nothing prunes.)"""
    query = exposure_query(tuple(RelType), hops, Direction.BOTH, digest=True)
    async with Database.open(settings, role="api") as db:
        _, summary = await db.plan(query, _params())
    assert summary.plan is not None
    operators = [op.split("@")[0] for op in _operators(summary.plan)]
    assert "NodeUniqueIndexSeek" in operators
    assert any(op.startswith("VarLengthExpand(Pruning") for op in operators), operators
    assert not any(op.startswith("StatefulShortestPath") for op in operators), operators
    assert "VarLengthExpand(All)" not in operators and "CartesianProduct" not in operators


def _params() -> dict[str, Any]:
    """The parameters ``sanctions_exposure`` sends (values do not change a plan)."""
    return {
        "id": "any", "lists": None, "first": 50, "maxDegree": 500, "asOfLo": None,
        "asOfHi": None,
    }  # fmt: skip
