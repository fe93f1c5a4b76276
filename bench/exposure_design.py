"""Exposure before and after issue 27, on one graph: the reference search against the pruned
one (distance labels and listed last hops, core/reads/pruned.py).

``python -m bench.exposure_design --scale small --port 7822`` loads the scale's synthetic
graph through the product's ingest (so the writers' upkeep of labels and last hops is in
the load's figures) into a Neo4j of its own on ``--port`` (never ``make bench``'s ports; a
loaded store is reused unless ``--reload``), warms the cache like ``bench.run``, picks the
same seeded-random starts, and for each ``maxHops`` measures ``sanctions_exposure`` through
the driver with both searches, interleaved start by start, ``--runs`` times: p50/p95 per
run, the median of the runs with the spread. Then the PROFILE db hits of whole reports
(``bench.plan.exposure_db_hits``). Writes ``bench/results/<scale>-exposure-design.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import time
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bench import REPO_ROOT
from bench.dataset import generate
from bench.instance import BenchInstance
from bench.machine import describe
from bench.plan import exposure_db_hits, search_db_hits
from bench.profiles import PROFILES
from bench.run import entity_ids, load_with_ingest, say, warm
from bench.stats import summary_ms
from entanglements.core import reach
from entanglements.core.db.database import Database
from entanglements.core.reads.exposure import sanctions_exposure
from entanglements.core.schema import migrate

FIRST = 50
#: The search alone is PROFILEd to this depth (bench.plan.search_db_hits).
SEARCH_HITS_MAX_HOPS = 4


async def _run(db: Database, starts: list[str], hops: int, budget: float) -> dict[str, Any]:
    """One run over the starts, both searches per start (alternating which goes first)."""
    times: dict[str, list[float]] = {"pruned": [], "reference": []}
    timeouts = {"pruned": 0, "reference": 0}
    for n, start in enumerate(starts):
        order = ("pruned", "reference") if n % 2 == 0 else ("reference", "pruned")
        for kind in order:
            began = time.perf_counter()
            try:
                await asyncio.wait_for(
                    sanctions_exposure(
                        db, start, max_hops=hops, first=FIRST, reference=kind == "reference"
                    ),
                    budget,
                )
            except TimeoutError:
                timeouts[kind] += 1
            times[kind].append(time.perf_counter() - began)
    return {k: {**summary_ms(v), "timeouts": timeouts[k]} for k, v in times.items()}


def _median(runs: list[dict[str, Any]], kind: str, q: str) -> dict[str, float]:
    values = [r[kind][q] for r in runs]
    return {"median": statistics.median(values), "lo": min(values), "hi": max(values)}


async def _measure(inst: BenchInstance, args: argparse.Namespace) -> dict[str, Any]:
    profile = inst.profile
    out: dict[str, Any] = {
        "scale": args.scale,
        "entities": profile.entities,
        "relationships": profile.relationships,
        "starts": args.starts,
        "first": FIRST,
    }
    async with Database.open(inst.settings, role="cli") as db:
        await migrate(db)
        loaded = await db.read("MATCH (e:Entity) RETURN count(e) AS n")
        if loaded[0]["n"] == 0:
            folder = REPO_ROOT / "bench" / "work" / f"design-{profile.entities}"
            out["ingest"] = await load_with_ingest(db, inst, generate(profile, folder, args.seed))
        if args.maintain:  # the exact recomputation's time (the load kept them already)
            began = time.perf_counter()
            out["labels"] = await reach.maintain(db, say)
            out["maintain_seconds"] = round(time.perf_counter() - began, 1)
        out["warm_seconds"] = round(await warm(db), 1)
        ids = await entity_ids(db)
        out["machine"] = describe(profile.heap, profile.pagecache, {inst.pid() or 0})
        out["load_avg_before"] = os.getloadavg()
        starts = random.Random(args.seed).sample(ids, min(args.starts, len(ids)))
        out["latency"] = {}
        for hops in args.hops if args.runs else ():  # --runs 0: db hits only
            runs = []
            for n in range(args.runs):
                say(f"maxHops {hops}: run {n + 1}/{args.runs}")
                runs.append(await _run(db, starts, hops, args.budget))
                say(f"  {runs[-1]}")
            out["latency"][str(hops)] = {
                "runs": runs,
                **{
                    f"{kind}_{q}": _median(runs, kind, q)
                    for kind in ("pruned", "reference")
                    for q in ("p50_ms", "p95_ms")
                },
            }
        say("PROFILE db hits of whole reports, 30 starts")
        out["db_hits"] = await exposure_db_hits(db, starts[:30], tuple(args.hops))
        say("PROFILE db hits of the search alone: reference, label only, label and last hop")
        # at one fixed depth without deepening; 6 hops reads most of the graph either way
        shallow = tuple(h for h in args.hops if h <= SEARCH_HITS_MAX_HOPS)
        out["search_db_hits"] = await search_db_hits(db, starts[:30], shallow)
        out["load_avg_after"] = os.getloadavg()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(PROFILES), default="small")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--entities", type=int, help="a custom scale: this many entities")
    parser.add_argument("--relationships", type=int, help="... and relationships")
    parser.add_argument("--heap", default="1g")
    parser.add_argument("--pagecache", default="1g")
    parser.add_argument("--hops", type=int, nargs="+", default=[3, 6])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--starts", type=int, default=100)
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--budget", type=float, default=10.0)
    parser.add_argument("--reload", action="store_true")
    parser.add_argument("--maintain", action="store_true", help="time entangle db maintain")
    args = parser.parse_args()
    profile = replace(
        PROFILES[args.scale],
        bolt_port=args.port,
        http_port=args.port + 1000,
        heap=args.heap,
        pagecache=args.pagecache,
        entities=args.entities or PROFILES[args.scale].entities,
        relationships=args.relationships or PROFILES[args.scale].relationships,
    )
    inst = BenchInstance.of(profile, REPO_ROOT / f".entangle-design-{args.port}")
    if args.reload:
        inst.reset()
    inst.start()
    try:
        out = asyncio.run(_measure(inst, args))
    finally:
        inst.stop()
    out["measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    name = f"{args.scale}-{profile.entities // 1000}k" if args.entities else args.scale
    path = REPO_ROOT / "bench" / "results" / f"{name}-exposure-design.json"
    path.write_text(json.dumps(out, indent=2, default=str) + "\n")
    print(json.dumps({k: v for k, v in out.items() if k != "latency"}, indent=2, default=str))


if __name__ == "__main__":
    main()
