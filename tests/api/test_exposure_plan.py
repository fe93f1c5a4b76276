"""The exposure queries keep their plans.

The pruned search (core/reads/pruned.py, what reports and digests run): one ``Expand`` per
level from the start, the last hop an ``Expand`` over the ``LISTED_HOP`` mirrors, no
variable-length or shortest-path operator at all.

The reference search (``reference_query``: derived parties, tests, bench), a breadth-first
search from the start entity:

Up to 4 hops: one ``SHORTEST 3`` search expanding from the start
(``StatefulShortestPath(All)``). Left to its cardinality heuristic, Neo4j may plan it as a
point-to-point search per listed entity in the whole graph (CartesianProduct +
StatefulShortestPath(Into)), which does not scale; the query forces the expanding search.

From 5 hops: the reach by a pruning breadth-first ``VarLengthExpand`` (each entity once),
then point-to-point ``SHORTEST 3`` only for the reported parties
(``StatefulShortestPath(Into)`` under an ``Apply``, never over a CartesianProduct): the
single search's trail state explodes at 6 hops and that operator does not stop at the
transaction timeout (docs/performance.md). With judgement hops and a direction, a pruning
expand cannot orient each hop, so the reach is ``ANY SHORTEST`` instead
(``StatefulShortestPath(All)``, one path per entity), the paths still ``Into``. This test
fails if a change loses any of these plans.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from entanglements.core.db.database import Database
from entanglements.core.reads.exposure import (
    BFS_FROM_HOPS,
    exposure_params,
    exposure_query,
    reference_query,
)
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
@pytest.mark.parametrize("judgements", [True, False])
async def test_one_search_expanding_from_the_start(
    settings: Settings, hops: int, direction: Direction, dated: bool, judgements: bool
) -> None:
    """The plan of the search at each depth ``sanctions_exposure`` may run, with and
    without ``asOf`` (the in-force rule is left out of the query text without it), through
    judgement hops or not."""
    query = reference_query(
        (RelType.PARTNERSHIP,), hops, direction, dated=dated, judgements=judgements
    )
    operators = await _plan(settings, query)
    assert "CartesianProduct" not in operators
    assert "NodeUniqueIndexSeek" in operators  # the start entity, by its id
    assert "VarLengthExpand(All)" not in operators
    if hops < BFS_FROM_HOPS:
        assert "StatefulShortestPath(All)" in operators
        assert "StatefulShortestPath(Into)" not in operators
    elif judgements and direction is not Direction.BOTH:
        assert operators.count("StatefulShortestPath(All)") == 1, operators  # the reach
        assert "StatefulShortestPath(Into)" in operators  # the reported parties' paths
        assert not any(op.startswith("VarLengthExpand") for op in operators), operators
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
    operators = await _plan(
        settings, reference_query(tuple(RelType), hops, Direction.BOTH, digest=True)
    )
    assert "NodeUniqueIndexSeek" in operators
    assert any(op.startswith("VarLengthExpand(Pruning") for op in operators), operators
    assert not any(op.startswith("StatefulShortestPath") for op in operators), operators
    assert "VarLengthExpand(All)" not in operators and "CartesianProduct" not in operators


async def _plan(settings: Settings, query: str) -> list[str]:
    """The operators of ``query``'s plan (EXPLAIN: nothing runs), outermost first."""
    async with Database.open(settings, role="api") as db:
        _, summary = await db.plan(query, _params())
    assert summary.plan is not None
    return [op.split("@")[0] for op in _operators(summary.plan)]


@pytest.mark.asyncio
@pytest.mark.parametrize("hops", [1, 3, 6])
@pytest.mark.parametrize("digest", [True, False])
@pytest.mark.parametrize("direction", list(Direction))
@pytest.mark.parametrize("judgements", [True, False])
async def test_the_pruned_search_expands_level_by_level(
    settings: Settings, hops: int, digest: bool, direction: Direction, judgements: bool
) -> None:
    """Reports and digests: an ``Expand`` per level, the last one over the mirrors; nothing
    that enumerates or searches paths inside Neo4j."""
    query = exposure_query(tuple(RelType), hops, direction, digest=digest, judgements=judgements)
    async with Database.open(settings, role="api") as db:
        _, summary = await db.plan(query, _params())
    assert summary.plan is not None
    operators = [op.split("@")[0] for op in _operators(summary.plan)]
    details = [str(n.get("args", {}).get("Details", "")) for n in _nodes(summary.plan)]
    assert "NodeUniqueIndexSeek" in operators
    assert operators.count("Expand(All)") >= hops, operators
    assert any(":LISTED_HOP]->" in d for d in details), details
    assert not any(op.startswith(("VarLengthExpand", "StatefulShortestPath")) for op in operators)
    assert "CartesianProduct" not in operators


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("children", []):
        yield from _nodes(child)


def _params() -> dict[str, Any]:
    """The parameters ``sanctions_exposure`` sends (values do not change a plan)."""
    return exposure_params("any", 500) | {"asOfLo": None, "asOfHi": None}
