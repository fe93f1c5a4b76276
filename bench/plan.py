"""The exposure query's plan: which operators Neo4j runs it with, and what they cost.

The plan is captured from the API's own function (``core.queries.exposure``), not from a
copy of its Cypher: a ``Database`` that prefixes ``PROFILE`` (or ``EXPLAIN``) records the
exact text and parameters the function sends, so the plan can never drift from the query.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, LiteralString

from entanglements.core.db.database import Database, Row
from entanglements.core.reads import pruned
from entanglements.core.reads.exposure import (
    FOUND_LISTINGS,
    START,
    exposure_params,
    exposure_query,
    reference_query,
    sanctions_exposure,
)
from entanglements.core.reads.filters import Direction
from entanglements.core.reads.rules import as_of_params
from entanglements.core.vocab import RelType

#: Operators that search breadth-first / prune instead of enumerating every path. Neo4j
#: spells the variants in its plans, e.g. ``VarLengthExpand(Pruning,BFS,All)``.
PRUNING_PREFIXES = (
    "StatefulShortestPath(",
    "ShortestPath",
    "VarLengthExpand(Pruning",
    "BFSPruningVarExpand",
)
#: The operators that enumerate every path up to the length bound.
ENUMERATING_OPERATORS = frozenset({"VarLengthExpand(All)", "VarLengthExpand(Into)"})


def is_pruning(operator: str) -> bool:
    return operator.startswith(PRUNING_PREFIXES)


@dataclass
class PlanReport:
    mode: str
    query: str = ""
    operators: list[str] = field(default_factory=list)
    db_hits: int = 0
    rows: int = 0
    tree: dict[str, Any] = field(default_factory=dict)
    details: list[str] = field(default_factory=list)

    @property
    def reads_last_hops(self) -> bool:
        """The pruned search (core/reads/pruned.py): levels expanded under the distance
        label, the last hop read from the ``LISTED_HOP`` mirrors."""
        return any(":LISTED_HOP]->" in d for d in self.details)

    @property
    def search_operators(self) -> list[str]:
        found = {op for op in self.operators if is_pruning(op)}
        return sorted(found | ({"Expand(All) over LISTED_HOP"} if self.reads_last_hops else set()))

    @property
    def prunes(self) -> bool:
        return bool(self.search_operators)

    @property
    def enumerates(self) -> bool:
        return bool(ENUMERATING_OPERATORS & set(self.operators))

    def as_json(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "operators": self.operators,
            "search_operators": self.search_operators,
            "uses_pruning_or_shortest_path": self.prunes,
            "enumerates_paths": self.enumerates,
            "db_hits": self.db_hits,
            "rows": self.rows,
            "tree": self.tree,
        }


def operator_name(raw: str) -> str:
    """``StatefulShortestPath(All)@neo4j`` -> ``StatefulShortestPath(All)``."""
    return raw.split("@", 1)[0]


def walk(plan: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield plan
    for child in plan.get("children") or ():
        yield from walk(child)


def _tree(plan: Mapping[str, Any]) -> dict[str, Any]:
    """A compact copy of the plan: operator, estimated/actual rows, db hits, details."""
    args = plan.get("args") or {}
    node: dict[str, Any] = {"operator": operator_name(plan["operatorType"])}
    for key in ("rows", "dbHits"):
        if key in plan:
            node[key] = plan[key]
    if "EstimatedRows" in args:
        node["estimatedRows"] = round(float(args["EstimatedRows"]), 1)
    if "Details" in args:
        node["details"] = str(args["Details"])[:300]
    if plan.get("children"):
        node["children"] = [_tree(c) for c in plan["children"]]
    return node


class _PlanningDatabase(Database):
    """Runs every query with ``PROFILE``/``EXPLAIN`` in front and keeps the plans."""

    def __init__(self, db: Database, mode: str) -> None:
        super().__init__(db.driver, db.settings, role=db.role)
        self.mode = mode
        self.reports: list[PlanReport] = []

    async def read(
        self, query: LiteralString, params: Mapping[str, Any] | None = None
    ) -> list[Row]:
        report = PlanReport(self.mode, query)
        # Auto-commit: PROFILE is a query like any other, and its summary carries the plan.
        rows, summary = await self.plan(query, params, profile=self.mode == "PROFILE")
        plan = summary.profile if self.mode == "PROFILE" else summary.plan
        if plan:
            nodes = list(walk(plan))
            report.operators = [operator_name(n["operatorType"]) for n in nodes]
            report.db_hits = sum(int(n.get("dbHits", 0)) for n in nodes)
            report.rows = int(plan.get("rows", len(rows)))
            report.tree = _tree(plan)
            report.details = [str((n.get("args") or {}).get("Details", "")) for n in nodes]
        self.reports.append(report)
        return rows


async def exposure_plan(
    database: Database,
    entity_id: str,
    max_hops: int,
    mode: str = "PROFILE",
    *,
    reference: bool = False,
) -> PlanReport:
    """The plan of the deepest search ``sanctions_exposure(entity_id, max_hops)`` runs:
    PROFILEd as the API runs it (it may stop before ``max_hops``, see
    ``core.queries.exposure``), or EXPLAINed at ``max_hops`` itself, which never executes.
    ``reference``: the reference (unpruned) search's."""
    if mode not in {"PROFILE", "EXPLAIN"}:
        raise ValueError(f"mode must be PROFILE or EXPLAIN, not {mode!r}")
    settings = database.settings
    db = _PlanningDatabase(database, mode)
    if mode == "EXPLAIN":
        build = reference_query if reference else exposure_query
        query = build(tuple(RelType), max_hops, Direction.BOTH, dated=False)
        params = exposure_params(entity_id, settings.hub_degree)
        await db.read(query, params | as_of_params(None))
    else:
        await sanctions_exposure(db, entity_id, max_hops=max_hops, reference=reference)
    return [r for r in db.reports if r.query != pruned.PROJECTION][-1]


async def exposure_db_hits(
    database: Database, starts: list[str], hops: tuple[int, ...] = (3, 6)
) -> dict[str, Any]:
    """PROFILE db hits of whole reports (every query ``sanctions_exposure`` runs, the
    deepening and the pruned search's projection included), pruned and reference search,
    on the same starts: the median per start and the ratio (issue 27)."""
    figures: dict[str, Any] = {"starts": len(starts)}
    for max_hops in hops:
        per: dict[str, list[int]] = {"pruned": [], "reference": []}
        for entity_id in starts:
            for kind in per:
                db = _PlanningDatabase(database, "PROFILE")
                await sanctions_exposure(
                    db, entity_id, max_hops=max_hops, reference=kind == "reference"
                )
                per[kind].append(sum(r.db_hits for r in db.reports))
        row: dict[str, Any] = {k: _spread(v) for k, v in per.items()}
        row["ratio_of_totals"] = round(sum(per["reference"]) / max(1, sum(per["pruned"])), 2)
        figures[str(max_hops)] = row
    return figures


async def search_db_hits(
    database: Database, starts: list[str], hops: tuple[int, ...] = (3, 6)
) -> dict[str, Any]:
    """PROFILE db hits of the search query alone (no deepening, no projection) at each depth,
    three ways on the same starts: the reference search, the pruned search with the label
    only (its last hop walks the relationships), and with the listed last hops too (what
    reports run): what each part of the design saves."""
    figures: dict[str, Any] = {"starts": len(starts)}
    for depth in hops:
        variants: dict[str, LiteralString] = {
            "reference": reference_query(tuple(RelType), depth, Direction.BOTH, dated=False),
            "label_only": pruned.pruned_query(
                tuple(RelType), depth, Direction.BOTH, digest=False, dated=False,
                start=START, listings=FOUND_LISTINGS, mirrors=False,
            ),
            "label_and_last_hop": exposure_query(
                tuple(RelType), depth, Direction.BOTH, dated=False
            ),
        }  # fmt: skip
        per: dict[str, list[int]] = {k: [] for k in variants}
        for entity_id in starts:
            params = exposure_params(entity_id, database.settings.hub_degree)
            for kind, query in variants.items():
                db = _PlanningDatabase(database, "PROFILE")
                await db.read(query, params | as_of_params(None))
                per[kind].append(db.reports[-1].db_hits)
        figures[str(depth)] = {k: _spread(v) for k, v in per.items()}
    return figures


def _spread(values: list[int]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return {"median": statistics.median(values), "p95": p95, "total": sum(values)}
