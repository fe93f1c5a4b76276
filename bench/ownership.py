"""Ownership verdicts on the bench graph (docs/ownership.md): the latency of one verdict
(what ``ownershipStatus`` runs: the upward reads and the engine) and the time to derive
every party a rule restricts (what ``restrictedByOwnership`` and ``entangle ownership
derive`` run). The synthetic lists stand in for the rules' lists (``lists`` override)."""

from __future__ import annotations

import random
import time
from typing import Any

from bench.stats import summary_ms
from bench.synth import LISTS
from entanglements.core.db.database import Database
from entanglements.core.ownership import questions
from entanglements.core.ownership.reads import derive
from entanglements.core.ownership.rules import rule_book
from entanglements.core.ownership.verdicts import Verdict

SYN_LISTS = [list_id for list_id, *_ in LISTS]
#: OFAC aggregates; the UK rule runs one fixpoint per listed party: both shapes of the engine.
RULES = ("ofac-50", "uk-ownership")
SAMPLES = 200

#: Entities with owners: those owned by listed parties first (the verdicts that matter),
#: then any owned entity.
_OWNED = (
    "MATCH (:Listed)-[:OWNERSHIP|CONTROL]->(a:Entity) "
    "WITH DISTINCT a LIMIT 5000 RETURN collect(a.id) AS near_listed"
)
_ANY_OWNED = (
    "MATCH ()-[:OWNERSHIP|CONTROL]->(a:Entity) "
    "WITH DISTINCT a LIMIT 20000 RETURN collect(a.id) AS ids"
)


async def _starts(db: Database, seed: int) -> list[str]:
    rng = random.Random(seed)
    [near] = await db.read(_OWNED)
    [owned] = await db.read(_ANY_OWNED)
    half = SAMPLES // 2
    picked = rng.sample(near["near_listed"], min(half, len(near["near_listed"])))
    rest = [i for i in owned["ids"] if i not in set(picked)]
    return picked + rng.sample(rest, min(SAMPLES - len(picked), len(rest)))


async def measure_ownership(db: Database, seed: int) -> dict[str, Any]:
    starts = await _starts(db, seed)
    out: dict[str, Any] = {"lists": SYN_LISTS, "starts": len(starts)}
    for rule in RULES:
        for entity in starts[:10]:  # warm the plans and caches
            await questions.ownership_status(db, entity, rule, lists=SYN_LISTS)
        seconds, verdicts = [], {v.value: 0 for v in Verdict}
        for entity in starts:
            began = time.perf_counter()
            report = await questions.ownership_status(db, entity, rule, lists=SYN_LISTS)
            seconds.append(time.perf_counter() - began)
            verdicts[report.verdict.verdict.value] += 1
        began = time.perf_counter()
        assessment, graph = await derive(db, rule_book().get(rule), questions.today(), SYN_LISTS)
        derive_s = time.perf_counter() - began
        derived = assessment.derived()
        found = {v.value: 0 for v in Verdict}
        for entity in derived:
            found[assessment.verdict(entity).verdict.value] += 1
        out[rule] = {
            "verdict": summary_ms(seconds),
            "verdicts": verdicts,
            "derive_seconds": round(derive_s, 2),
            "derived": len(derived),
            "derived_verdicts": found,
            "stakes_read": len(graph.stakes),
            "listings_read": len(graph.listings),
        }
    return out
