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

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any, LiteralString

import pytest
from neo4j import AsyncDriver

from core.db import async_driver
from core.errors import NotFoundError
from core.queries.database import Database, Row
from core.queries.exposure import BFS_FROM_HOPS, sanctions_exposure
from core.queries.filters import Direction
from core.settings import Settings
from core.vocab import RelType


class Explaining(Database):
    """Runs queries with EXPLAIN in front and keeps the operators of their plans."""

    def __init__(self, driver: AsyncDriver, settings: Settings) -> None:
        super().__init__(driver, settings)
        self.operators: list[list[str]] = []

    async def read(
        self, query: LiteralString, params: Mapping[str, Any] | None = None
    ) -> list[Row]:
        async with self.driver.session(database=self.settings.neo4j_database) as session:
            result = await session.run("EXPLAIN " + query, dict(params or {}))
            summary = await result.consume()
        assert summary.plan is not None
        self.operators.append([op.split("@")[0] for op in _operators(summary.plan)])
        return []


def _operators(plan: dict[str, Any]) -> Iterator[str]:
    yield plan["operatorType"]
    for child in plan.get("children", []):
        yield from _operators(child)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("hops", "direction"), [(3, Direction.BOTH), (6, Direction.OUTGOING), (2, Direction.INCOMING)]
)
async def test_one_search_expanding_from_the_start(
    settings: Settings, hops: int, direction: Direction
) -> None:
    driver = async_driver(settings)
    try:
        db = Explaining(driver, settings)
        with contextlib.suppress(NotFoundError):  # EXPLAIN returns no rows
            await sanctions_exposure(
                db, "any", max_hops=hops, types=(RelType.PARTNERSHIP,), direction=direction
            )
    finally:
        await driver.close()
    [operators] = db.operators
    assert "CartesianProduct" not in operators
    assert "NodeUniqueIndexSeek" in operators  # the start entity, by its id
    assert "VarLengthExpand(All)" not in operators
    if hops < BFS_FROM_HOPS:
        assert "StatefulShortestPath(All)" in operators
        assert "StatefulShortestPath(Into)" not in operators
    else:
        assert any(op.startswith("VarLengthExpand(Pruning") for op in operators), operators
        assert "StatefulShortestPath(All)" not in operators
