"""The exposure query searches breadth-first with pruning, never enumerating every path.

The plan comes from the API's own function (``bench.plan`` runs it with ``PROFILE`` in
front), so this fails as soon as a change to ``core/queries/exposure.py`` lets the planner
fall back to expanding all paths up to ``maxHops``, which is exponential on hubs.
"""

from __future__ import annotations

import asyncio

import pytest
from neo4j import AsyncManagedTransaction

from bench.plan import ENUMERATING_OPERATORS, PlanReport, exposure_plan
from entanglements.core import reach
from entanglements.core.db.database import Database
from entanglements.core.settings import Settings
from tests.db import SyncDb

# A chain a -> b -> c -> d plus a shortcut a -> x -> d; d is listed. Written in one query
# under the test's own prefix, with the properties the ingest writes (and a source for
# every citation, so that `entangle db check` after the suite finds the graph sound).
GRAPH = """
CREATE (:Source {id: $p + 'src', title: 'Exposure plan test', kind: 'article'})
WITH 1 AS one
UNWIND $names AS name
CREATE (:Entity {id: $p + name, name: name, kind: 'Organization'})
WITH count(*) AS done
MATCH (d:Entity {id: $p + 'd'}) SET d:Listed
CREATE (d)-[:LISTED_ON {id: $p + 'l1', listed: '2020', listed_lo: date('2020-01-01'),
  listed_hi: date('2020-12-31'), cite_source: [$p + 'src'], cite_quote: [''], cite_locator: ['']}]
  ->(:SanctionsList {id: $p + 'list', name: 'List', authority: 'Authority'})
WITH done
UNWIND $links AS link
MATCH (a:Entity {id: $p + link[0]}), (b:Entity {id: $p + link[1]})
CREATE (a)-[:OWNERSHIP {id: $p + link[0] + link[1], cite_source: [$p + 'src'], cite_quote: [''],
  cite_locator: ['']}]->(b)
"""
LINKS = [["a", "b"], ["b", "c"], ["c", "d"], ["a", "x"], ["x", "d"]]


@pytest.fixture
def chain(db: SyncDb, settings: Settings, prefix: str) -> str:
    names = ["a", "b", "c", "d", "x"]
    db.write_rows(GRAPH, p=prefix, names=names, links=LINKS)
    # what the writers keep in their transactions (core/reach.py): labels and last hops

    async def upkeep(tx: AsyncManagedTransaction) -> None:
        await reach.entities(tx, [prefix + n for n in names])
        await reach.relationships(tx, "OWNERSHIP", [prefix + a + b for a, b in LINKS])

    db.write(upkeep)
    return prefix


def _plan(
    settings: Settings, entity_id: str, max_hops: int, mode: str, *, reference: bool = False
) -> PlanReport:
    async def go() -> PlanReport:
        async with Database.open(settings, role="cli") as db:
            return await exposure_plan(db, entity_id, max_hops, mode, reference=reference)

    return asyncio.run(go())


@pytest.mark.parametrize("max_hops", [2, 3, 6])
def test_exposure_plan_prunes_instead_of_enumerating_paths(
    chain: str, settings: Settings, max_hops: int
) -> None:
    report = _plan(settings, chain + "a", max_hops, "PROFILE")

    assert report.operators, "PROFILE returned no plan"
    assert report.search_operators, report.operators  # the pruned search's last-hop Expand
    assert report.reads_last_hops
    reference = _plan(settings, chain + "a", max_hops, "PROFILE", reference=True)
    assert reference.prunes and not reference.reads_last_hops, reference.operators
    assert not set(reference.operators) & ENUMERATING_OPERATORS
    assert not set(report.operators) & ENUMERATING_OPERATORS, report.operators


def test_explain_reports_the_same_search_operator(chain: str, settings: Settings) -> None:
    profiled = _plan(settings, chain + "a", 3, "PROFILE")
    explained = _plan(settings, chain + "a", 3, "EXPLAIN")

    search = set(profiled.search_operators)
    assert search and search == set(explained.search_operators)
    assert profiled.rows == 1  # one report row: the start entity and its exposures
