"""Watch checks on the benchmark graph (issue 17): 1,000 watched entities checked after an
ingest, target ≤ 60 s on the full graph.

``measure_watch`` is one step of ``bench.run`` (after the API figures). On its own,
``python -m bench.watch_bench --scale small`` loads the scale's graph with the ingest into
an empty store (like ``bench.run``, without the API steps), measures, and writes
``bench/results/<scale>-watch.json``. ``--port`` and ``--home`` move the instance off the
scale's own, so it can run beside another benchmark.

Steps: 1,000 seeded-random entities are watched with no baseline; a first check computes
every one's exposure (each party is then a new alert); an ingest lists parties near some of
them (its own check switched off); the check that follows is the measured figure; a last
check with nothing changed gives the steady cost. The ingest and the check after it are
repeated ``runs`` times (each listing other parties on a list of its own): the figure is
their median.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, LiteralString

from pydantic import SecretStr

from bench import REPO_ROOT
from bench.dataset import generate
from bench.instance import BenchInstance
from bench.machine import describe
from bench.profiles import PROFILES
from bench.rounds import median_tree
from entanglements.cli.database import with_database
from entanglements.core.db.database import Database
from entanglements.core.watch.check import check_watches
from entanglements.ingest.pipeline import ingest_records

WATCHES = 1_000
#: Parties the ingest lists: enough that some land within 3 hops of some watches.
NEWLY_LISTED = 200

_WATCH: LiteralString = (
    "UNWIND $ids AS id MERGE (w:Watch {id: id}) "
    "SET w.hops = 3, w.lists = null, w.rule = null, w.created_by = 'bench', "
    "w.created_at = datetime(), w.version = 0, w.snapshot = null"
)
_UNLISTED: LiteralString = (
    "MATCH (e:Entity) WHERE NOT e:Listed AND COUNT { (e)--() } > 0 "
    "RETURN e.id AS id ORDER BY id LIMIT $limit"
)
_CLEAN: LiteralString = (
    "MATCH (n) WHERE n:Watch OR n:Alert CALL (n) { DETACH DELETE n } IN TRANSACTIONS"
)


async def measure_watch(
    db: Database,
    ids: list[str],
    seed: int,
    count: int = WATCHES,
    runs: int = 1,
) -> list[dict[str, Any]]:
    """One figure set per run: each run's ingest lists other parties on a list of its own,
    and the check after it is that run's figure. The first check (the baselines) and the
    check with nothing changed are measured once and reported with every run."""
    rng = random.Random(seed)
    watched = rng.sample(ids, min(count, len(ids)))
    settings = db.settings
    await db.write_query(_WATCH, {"ids": watched})
    first = await check_watches(db)
    quiet = db.with_settings(settings.model_copy(update={"watch_after_ingest": False}))
    candidates = [r["id"] for r in await db.read(_UNLISTED, {"limit": 50_000})]
    results = []
    for n in range(runs):
        listed = rng.sample(candidates, min(NEWLY_LISTED, len(candidates)))
        began = time.perf_counter()
        records = _listing_records(listed, seed + n)
        summary = await ingest_records(quiet, records, origin="api")
        ingest_s = time.perf_counter() - began
        after = await check_watches(db, run_id=summary.run_id)
        results.append(
            {
                "ingest_listings": len(listed),
                "ingest_s": round(ingest_s, 2),
                "check_after_ingest_s": after.seconds,
                "check_after_ingest_alerts": len(after.alerts),
                "alert_kinds": _kinds(after.alerts),
            }
        )
    steady = await check_watches(db)
    await db.write_in_transactions(_CLEAN)
    once = {
        "watches": len(watched),
        "hops": 3,
        "workers": settings.watch_workers,
        "first_check_s": first.seconds,
        "first_check_alerts": len(first.alerts),
        "check_unchanged_s": steady.seconds,
        "check_unchanged_alerts": len(steady.alerts),
    }
    return [once | r for r in results]


def _listing_records(entity_ids: list[str], seed: int) -> list[dict[str, Any]]:
    source, list_id = f"bench-watch-source-{seed}", f"bench-watch-list-{seed}"
    cite = [{"source": source, "quote": "listed in the benchmark's list version"}]
    return [
        {"record": "source", "id": source, "title": "Benchmark list version", "kind": "dataset"},
        {"record": "list", "id": list_id, "name": "Benchmark list", "authority": "Bench"},
        *(
            {
                "record": "listing",
                # By entity: a run on a kept graph (``--load keep``) lists other entities
                # than the last run (those are Listed now), under ids of their own.
                "id": f"bench-watch-{seed}-{entity_id}",
                "entity": entity_id,
                "list": list_id,
                "listed": "2026-01",
                "citations": cite,
            }
            for entity_id in entity_ids
        ),
    ]


def _kinds(alerts: list[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for alert in alerts:
        found[alert.kind] = found.get(alert.kind, 0) + 1
    return dict(sorted(found.items()))


def main() -> None:
    from bench.run import migrated_load, say, warm_and_list

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(PROFILES), default="small")
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--watches", type=int, default=WATCHES)
    parser.add_argument("--runs", type=int, default=3, help="ingest-then-check runs")
    parser.add_argument("--port", type=int, help="Bolt port instead of the scale's")
    parser.add_argument("--home", type=Path, help="instance folder instead of the scale's")
    args = parser.parse_args()
    profile = PROFILES[args.scale]
    inst = BenchInstance.of(profile)
    if args.port or args.home:
        settings = inst.settings.model_copy(
            update={
                "neo4j_uri": f"bolt://127.0.0.1:{args.port or profile.bolt_port}",
                "entangle_home": args.home or inst.home,
                "neo4j_password": SecretStr("entangle-bench-only"),
            }
        )
        inst = BenchInstance(profile, args.home or inst.home, settings)
    data = generate(profile, REPO_ROOT / "bench" / "work" / profile.name / "findings", args.seed)
    result: dict[str, Any] = {
        "scale": profile.name,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": describe(profile.heap, profile.pagecache),
    }
    inst.reset()
    try:
        inst.start()

        async def work(db: Database) -> list[dict[str, Any]]:
            result["ingest"] = await migrated_load(db, inst, data)
            _, ids = await warm_and_list(db)
            say(f"watch: {args.watches:,} watched entities")
            return await measure_watch(db, ids, args.seed, args.watches, args.runs)

        runs = with_database(work, inst.settings)
        result["watch"] = median_tree(runs)
        result["watch_runs"] = runs
    finally:
        inst.stop()
    path = REPO_ROOT / "bench" / "results" / f"{profile.name}-watch.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    say(f"wrote {path}: {json.dumps(result['watch'])}")


if __name__ == "__main__":
    main()
