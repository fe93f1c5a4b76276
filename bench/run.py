"""The benchmark of issue 7, in one run on one machine: ``python -m bench.run --scale small``.

Steps: generate the synthetic findings; reset the benchmark's own Neo4j and load them,
timed: by default with ``entangle db import`` (the engine's bulk loader, end to end: the
``bulk_import`` figures), or with ``--load ingest`` by the transactional ingest (after a
``neo4j-admin database import`` into a throwaway store, the physical limit); warm the
caches; start `entangle serve`; measure exposure latency (driver and GraphQL), throughput
and the exposure plan; check 1,000 watched
entities after an ingest (``bench.watch_bench``); stop everything it started; write
``bench/results/<scale>.json`` and the table in ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import REPO_ROOT, report, screening
from bench.admin_import import admin_import
from bench.bulk_import_bench import bulk_import_runs
from bench.dataset import Dataset, generate
from bench.httpclient import GraphQLConnection
from bench.instance import BenchInstance, patient
from bench.latency import HopResult, measure, overhead
from bench.machine import describe
from bench.ownership import RULES, measure_ownership
from bench.plan import exposure_db_hits, exposure_plan
from bench.profiles import HOPS, PROFILES, Profile
from bench.rounds import median_tree
from bench.server import serve
from bench.throughput import EXPOSURE3_QUERY, SMALL_QUERY, run_load
from bench.watch_bench import measure_watch
from entanglements.cli.database import with_database
from entanglements.core.db.database import Database
from entanglements.core.errors import EntangleError
from entanglements.core.schema import migrate

WORK = REPO_ROOT / "bench" / "work"
_BEGAN = time.monotonic()


#: Starts whose whole reports are PROFILEd with both searches (issue 27's db-hit comparison).
DB_HIT_STARTS = 30


def say(message: str) -> None:
    print(f"[bench {time.monotonic() - _BEGAN:7.1f}s] {message}", file=sys.stderr, flush=True)


async def load_with_ingest(db: Database, inst: BenchInstance, data: Dataset) -> dict[str, Any]:
    """The project's own ingest, nodes then edges, each run timed on its own."""
    from entanglements.ingest.pipeline import ingest_paths  # the ingest of issue 3

    began = time.perf_counter()
    await ingest_paths(db, [data.nodes])
    node_s = time.perf_counter() - began
    say(f"ingest: {data.entities:,} entities in {node_s:.1f}s")
    began = time.perf_counter()
    await ingest_paths(db, [data.edges])
    edge_s = time.perf_counter() - began
    say(f"ingest: {data.relationships:,} relationships in {edge_s:.1f}s")
    return {
        "entities_per_s": round(data.entities / node_s, 1),
        "relationships_per_s": round(data.relationships / edge_s, 1),
        "nodes_seconds": round(node_s, 2),
        "edges_seconds": round(edge_s, 2),
        "seconds": round(node_s + edge_s, 2),
        "records": {
            "sources": data.sources,
            "entities": data.entities,
            "relationships": data.relationships,
            "listings": data.listings,
        },
    }


async def warm(db: Database) -> float:
    """Touch every node, relationship and the properties the exposure query reads, so the
    figures are warm-cache figures (issue 7) and not disk-read figures."""
    began = time.perf_counter()
    for query in (
        "MATCH (e:Entity) RETURN count(e.id) + count(e.name) + count(e.kind) AS n",
        "MATCH (e:Entity) RETURN sum(COUNT { (e)--() }) AS n",
        "MATCH ()-[r]->() RETURN count(r.id) + count(r.start_lo) + count(r.end_hi) AS n",
    ):
        try:
            await db.read(query)
        except EntangleError as exc:  # a colder cache is a worse figure, not a failed run
            say(f"warm-up query failed, continuing: {exc}")
    return time.perf_counter() - began


async def entity_ids(db: Database) -> list[str]:
    # Sorted here, not by Cypher: sorting a million ids on a just-imported store outlived
    # the bench's 30 s query budget (the starts only need a deterministic order).
    rows = await db.read("MATCH (e:Entity) RETURN e.id AS id")
    return sorted(r["id"] for r in rows)


async def measure_api(
    inst: BenchInstance, ids: list[str], seed: int, budget_s: float, runs: int
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Everything that needs the served API, ``runs`` times over the same starts (each run's
    figures whole), and the plan once."""
    profile = inst.profile
    rng = random.Random(seed)
    starts = rng.sample(ids, min(profile.starts, len(ids)))
    warmups = rng.sample(ids, min(20, len(ids)))
    small_ids = rng.sample(ids, min(10_000, len(ids)))
    conn = GraphQLConnection("127.0.0.1", profile.http_port)
    rounds: list[dict[str, Any]] = []
    async with Database.open(inst.settings, role="api") as db:
        try:
            say("warm-up: both paths, other starts at each maxHops (JIT, plan cache)")
            for hops in HOPS:
                await measure(db, conn, warmups, hops, budget_s, level_limit_s=20)
            for n in range(1, runs + 1):
                say(f"API run {n}/{runs}")
                rounds.append(
                    await _api_round(db, conn, starts, small_ids, seed, budget_s, profile)
                )
            # PROFILE executes the query; at maxHops 6 that can outlive any timeout (see
            # docs/performance.md), so the 6-hop plan is EXPLAINed: same plan, not executed.
            say("plan: PROFILE of the exposure query at maxHops 3, EXPLAIN at 6")
            plan = {
                str(hops): (await exposure_plan(db, starts[0], hops, mode)).as_json()
                for hops, mode in ((3, "PROFILE"), (6, "EXPLAIN"))
            }
            say("exposure db hits: PROFILE of whole reports, pruned and reference, 3 and 6 hops")
            db_hits = await exposure_db_hits(db, starts[:DB_HIT_STARTS])
        finally:
            await conn.close()
    return rounds, {
        "starts_seed": seed,
        "budget_s": budget_s,
        "plan": plan,
        "exposure_db_hits": db_hits,
    }


async def _api_round(
    db: Database,
    conn: GraphQLConnection,
    starts: list[str],
    small_ids: list[str],
    seed: int,
    budget_s: float,
    profile: Profile,
) -> dict[str, Any]:
    """One run of the API figures: exposure latency per maxHops on both paths, ownership,
    and throughput."""
    out: dict[str, Any] = {}
    results: list[HopResult] = []
    for hops in HOPS:
        say(f"latency: maxHops {hops}, {len(starts)} starts, driver and GraphQL")
        results.append(await measure(db, conn, starts, hops, budget_s, profile.level_limit_s, say))
        summary = results[-1].as_json()
        say(
            f"  cypher p50 {summary['cypher']['p50_ms']} ms p95 {summary['cypher']['p95_ms']}"
            f" ms; graphql p50 {summary['graphql']['p50_ms']} ms"
            f" p95 {summary['graphql']['p95_ms']} ms"
        )
    out["exposure"] = {str(r.hops): r.as_json() for r in results}
    out["graphql_overhead"] = overhead(results)
    out["timeouts_by_hops"] = {str(r.hops): r.cypher.timeouts + r.graphql.timeouts for r in results}
    out["timeouts"] = sum(out["timeouts_by_hops"].values())
    await conn.close()
    say("ownership: verdict latency and full derivation (ofac-50, uk-ownership)")
    out["ownership"] = await measure_ownership(db, seed)
    for rule in RULES:
        figures = out["ownership"][rule]
        say(
            f"  {rule}: verdict p95 {figures['verdict']['p95_ms']} ms; derivation "
            f"{figures['derive_seconds']} s ({figures['derived']} parties)"
        )
    say(f"throughput: small query, {profile.clients} clients, {profile.throughput_s:.0f}s")
    small = await run_load(
        "127.0.0.1", profile.http_port, SMALL_QUERY, small_ids, profile.clients,
        profile.throughput_s, seed,
    )  # fmt: skip
    say(f"throughput: exposure maxHops 3, {profile.clients} clients")
    exposure3 = await run_load(
        "127.0.0.1", profile.http_port, EXPOSURE3_QUERY, starts, profile.clients,
        profile.throughput_s, seed + 1,
    )  # fmt: skip
    out["throughput"] = {
        "small_rps": small.as_json()["rps"],
        "exposure3_rps": exposure3.as_json()["rps"],
        "clients": profile.clients,
        "seconds": profile.throughput_s,
        "small": small.as_json(),
        "exposure3": exposure3.as_json(),
    }
    say(f"  small {small.as_json()['rps']}/s, exposure3 {exposure3.as_json()['rps']}/s")
    return out


async def migrated_load(db: Database, inst: BenchInstance, data: Dataset) -> dict[str, Any]:
    """The schema, then the ingest (``load_with_ingest``)."""
    await migrate(db)
    return await load_with_ingest(db, inst, data)


async def warm_and_list(db: Database) -> tuple[float, list[str]]:
    """Warm the caches (seconds it took) and every entity id (a whole-graph read)."""
    seconds = round(await warm(db), 2)
    return seconds, await entity_ids(patient(db))


def load_runs(
    inst: BenchInstance, data: Dataset, runs: int, admin: list[float]
) -> list[dict[str, Any]]:
    """The ingest ``runs`` times, each into an emptied store on a freshly started server
    (the figure a user meets); the last run's graph stays loaded for the other figures."""
    results = []
    for n in range(runs):
        say(f"ingest run {n + 1}/{runs}: resetting and starting the bench Neo4j")
        inst.reset()
        inst.start()
        ingest = with_database(lambda db: migrated_load(db, inst, data), inst.settings)
        if admin:
            # Whole load against whole load: the same records, all node and edge kinds.
            ingest["admin_import_seconds"] = round(admin[n], 2)
            ingest["ingest_vs_admin_import"] = round(admin[n] / ingest["seconds"], 4)
        results.append(ingest)
    return results


def import_runs(inst: BenchInstance, data: Dataset, runs: int) -> dict[str, Any]:
    """``entangle db import`` of both files ``runs`` times, each into an emptied store on a
    freshly started server; the last run's graph stays loaded for the other figures."""

    def fresh_store() -> None:
        say("resetting and starting the bench Neo4j for `entangle db import`")
        inst.reset()
        inst.start()

    figures = bulk_import_runs(
        fresh_store, data.paths, data.entities, data.relationships, runs, inst.env()
    )
    say(
        f"db import: {figures['entities_per_s']:,} entities/s, "
        f"{figures['relationships_per_s']:,} relationships/s end to end"
    )
    return figures


def load(
    inst: BenchInstance, data: Dataset, how: str, ingest_runs: int, skip_admin: bool
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The graph, loaded ``how``: figures of the whole result, and each ingest run's."""
    if how == "keep":  # the graph a previous run loaded (its load figures are that run's)
        inst.start()
        return {"load": "kept"}, []
    if how == "import":
        return {"load": "import", "bulk_import": import_runs(inst, data, ingest_runs)}, []
    once: dict[str, Any] = {"load": "ingest"}
    admin: list[float] = []
    if not skip_admin:
        inst.stop()  # the import must not share the cores with an idle server
        say(f"neo4j-admin database import into a throwaway store, {ingest_runs} times")
        imported = admin_import(
            inst.jars(), data.paths, WORK / inst.profile.name / "admin-import",
            inst.profile.import_off_heap, runs=ingest_runs,
        )  # fmt: skip
        admin = [i.seconds for i in imported]
        once["admin_import"] = {
            "seconds_runs": [round(a, 2) for a in admin],
            "csv_conversion_seconds": round(imported[0].csv_seconds, 2),
            "relationships_per_s_runs": [round(i.relationships_per_s, 1) for i in imported],
            "nodes_per_s_runs": [round(i.nodes_per_s, 1) for i in imported],
        }
        say(f"admin import: {[round(a, 1) for a in admin]} s")
    return once, load_runs(inst, data, ingest_runs, admin)


def run(
    profile: Profile,
    seed: int,
    budget_s: float,
    skip_admin: bool,
    runs: int,
    ingest_runs: int,
    how: str = "import",
) -> dict[str, Any]:
    inst = BenchInstance.of(profile)
    work = WORK / profile.name
    result: dict[str, Any] = {
        "scale": profile.name,
        "entities": profile.entities,
        "relationships": profile.relationships,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": describe(profile.heap, profile.pagecache),
        "seed": seed,
        "runs_count": runs,
        "ingest_runs": ingest_runs,
    }
    say(f"scale {profile.name}: load average {result['machine']['load_avg_before']}")
    say("generating the synthetic findings (bench.synth)")
    data = generate(profile, work / "findings", seed)
    result["entities"], result["relationships"] = data.entities, data.relationships
    once, loads = load(inst, data, how, ingest_runs, skip_admin)
    result |= once
    # With fewer ingest runs than runs (``--ingest-runs 1`` at full scale, where one load
    # takes most of an hour), the ingest figures are the median of the loads done.
    per_run: list[dict[str, Any]] = [
        {"ingest": loads[n]} if n < len(loads) else {} for n in range(runs)
    ]
    try:
        say("warming the caches")
        result["warm_seconds"], ids = with_database(warm_and_list, inst.settings)
        say("starting entangle serve")
        log = work / "serve.log"
        with serve(inst.env() | _api_env(budget_s), profile.http_port, log):
            rounds, once = asyncio.run(measure_api(inst, ids, seed, budget_s, runs))
            result |= once
            fixed: float | None = None  # the CLI's start-up, measured by the first run
            for n in range(runs):
                per_run[n] |= rounds[n]
                say(f"screening run {n + 1}/{runs}: screen latency and entangle screen names/s")
                figures = screening.measure(
                    inst.settings, inst.env(), profile.http_port, work, seed, fixed
                )
                per_run[n]["screening"] = figures
                fixed = figures["cli"].get("fixed_seconds", fixed)
                say(f"  screening: {figures}")
        say(f"watch: 1,000 watched entities checked after an ingest, {runs} times")
        watch = with_database(lambda db: measure_watch(db, ids, seed, runs=runs), inst.settings)
        for n in range(runs):
            per_run[n]["watch"] = watch[n]
    finally:
        say("stopping the bench Neo4j")
        inst.stop()
    result |= median_tree(per_run)
    result["runs"] = per_run
    result["duration_s"] = round(time.monotonic() - _BEGAN, 1)
    return result


def _api_env(budget_s: float) -> dict[str, str]:
    """The served API gets the same query budget as the driver path."""
    return {
        "ENTANGLE_QUERY_TIMEOUT": str(budget_s),
        "ENTANGLE_REQUEST_TIMEOUT": str(budget_s + 2),
        "ENTANGLE_GRAPHIQL": "false",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(PROFILES), default="small")
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument(
        "--budget", type=float, default=10.0, help="seconds before a query is a timeout"
    )
    parser.add_argument(
        "--load",
        choices=("import", "ingest", "keep"),
        default="import",
        help="load the graph with `entangle db import` (default) or the transactional ingest; "
        "keep: measure the graph the previous run loaded (no load figures)",
    )
    parser.add_argument(
        "--skip-admin-import",
        action="store_true",
        help="with --load ingest: no neo4j-admin import into a throwaway store",
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="runs of every figure (each figure: their median)"
    )
    parser.add_argument(
        "--ingest-runs",
        type=int,
        default=1,
        help="loads of the graph, each into an empty store (the ingest's own median of "
        "three is `make bench-ingest`; three loads here would take `small` past 15 minutes)",
    )
    parser.add_argument("--out", type=Path, help="write the JSON here instead of bench/results")
    args = parser.parse_args()
    profile = PROFILES[args.scale]
    result = run(
        profile, args.seed, args.budget, args.skip_admin_import, args.runs,
        args.ingest_runs, args.load,
    )  # fmt: skip
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n")
    else:
        say(f"wrote {report.write_json(result)} and {report.write_doc(result)}")
    print(report.table(result))


if __name__ == "__main__":
    main()
