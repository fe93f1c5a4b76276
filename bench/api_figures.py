"""The API's own figures on a graph already loaded: graphql_overhead, small requests/s,
``screen`` latency and ``entangle screen`` names/s, ``RUNS`` times (median with the spread).

``make bench`` measures these inside its whole run; this re-measures only them against a
bench instance on any port, so a change to the GraphQL layer or the matcher can be
measured before and after on the same graph in minutes, on a machine that cannot spare the
whole run::

    python -m bench.api_figures --scale small --bolt-port 7824 --http-port 8824 --load
    python -m bench.api_figures --scale small --bolt-port 7824 --http-port 8824 --out F

``--load`` resets the instance and loads the scale's synthetic graph with the ingest first.
The same code measures as in ``bench.run`` (``bench.latency``, ``bench.throughput``,
``bench.screening``); only the starts (``--starts``) and the load window (``--seconds``)
are smaller by default.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from bench import REPO_ROOT, screening
from bench.dataset import generate
from bench.httpclient import GraphQLConnection
from bench.instance import PASSWORD, BenchInstance
from bench.latency import HopResult, measure, overhead
from bench.machine import describe
from bench.profiles import PROFILES
from bench.rounds import median_tree
from bench.server import serve
from bench.throughput import SMALL_QUERY, run_load
from entanglements.cli.database import with_database
from entanglements.core.db.database import Database

#: The levels graphql_overhead is measured over here (6 hops adds seconds, not information
#: about the GraphQL layer: its reports are the same size as at 3).
OVERHEAD_HOPS = (2, 3)


def instance(args: argparse.Namespace) -> BenchInstance:
    profile = replace(
        PROFILES[args.scale],
        bolt_port=args.bolt_port,
        http_port=args.http_port,
        heap=args.heap,
        pagecache=args.pagecache,
    )
    inst = BenchInstance.of(profile)
    home = args.home or inst.home
    settings = inst.settings.model_copy(
        update={
            "neo4j_uri": f"bolt://127.0.0.1:{args.bolt_port}",
            "entangle_home": home,
            "neo4j_password": SecretStr(PASSWORD),
            "neo4j_heap": args.heap,
            "neo4j_pagecache": args.pagecache,
        }
    )
    return BenchInstance(profile, home, settings)


def load(inst: BenchInstance, seed: int) -> dict[str, Any]:
    from bench.run import migrated_load, say

    data = generate(
        inst.profile, REPO_ROOT / "bench" / "work" / inst.profile.name / "findings", seed
    )
    inst.reset()
    inst.start()
    figures = with_database(lambda db: migrated_load(db, inst, data), inst.settings)
    say(f"loaded: {figures}")
    return figures


async def api_round(
    inst: BenchInstance, starts: list[str], small_ids: list[str], seed: int, seconds: float
) -> dict[str, Any]:
    from bench.run import say

    conn = GraphQLConnection("127.0.0.1", inst.profile.http_port)
    results: list[HopResult] = []
    try:
        async with Database.open(inst.settings, role="api") as db:
            for hops in OVERHEAD_HOPS:
                results.append(await measure(db, conn, starts, hops, 10.0))
    finally:
        await conn.close()
    small = await run_load(
        "127.0.0.1", inst.profile.http_port, SMALL_QUERY, small_ids, inst.profile.clients,
        seconds, seed,
    )  # fmt: skip
    out = {
        "graphql_overhead": overhead(results),
        "exposure": {str(r.hops): r.as_json() for r in results},
        "small_rps": small.as_json()["rps"],
        "small": small.as_json(),
    }
    say(f"  overhead {out['graphql_overhead']}, small {out['small_rps']}/s")
    return out


def measure_all(args: argparse.Namespace, inst: BenchInstance) -> dict[str, Any]:
    from bench.run import say, warm_and_list

    say("warming the caches")
    _, ids = with_database(warm_and_list, inst.settings)
    rng = random.Random(args.seed)
    starts = rng.sample(ids, min(args.starts, len(ids)))
    small_ids = rng.sample(ids, min(10_000, len(ids)))
    work = REPO_ROOT / "bench" / "work" / f"{inst.profile.name}-api"
    env = inst.env() | {"ENTANGLE_GRAPHIQL": "false", "ENTANGLE_REQUEST_TIMEOUT": "12"}
    runs: list[dict[str, Any]] = []
    with serve(env, inst.profile.http_port, work / "serve.log"):
        warmups = asyncio.run(api_round(inst, starts[:20], small_ids, args.seed, 3.0))
        say(f"warm-up round: {warmups['graphql_overhead']}")
        fixed: float | None = None
        for n in range(args.runs):
            say(f"run {n + 1}/{args.runs}")
            figures = asyncio.run(api_round(inst, starts, small_ids, args.seed, args.seconds))
            if not args.no_screening:
                figures["screening"] = screening.measure(
                    inst.settings, inst.env(), inst.profile.http_port, work, args.seed, fixed
                )
                fixed = figures["screening"]["cli"].get("fixed_seconds", fixed)
                say(f"  screening {figures['screening']}")
            runs.append(figures)
    return {"median": median_tree(runs), "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(PROFILES), default="small")
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--bolt-port", type=int, required=True)
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--home", type=Path, help="instance folder instead of the scale's")
    parser.add_argument("--heap", default="1g")
    parser.add_argument("--pagecache", default="1g")
    parser.add_argument("--load", action="store_true", help="reset and load the graph first")
    parser.add_argument("--load-only", action="store_true", help="load, measure nothing")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--starts", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=10.0, help="throughput window")
    parser.add_argument("--no-screening", action="store_true")
    parser.add_argument("--label", default="", help="what this measurement is (before, after)")
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    args = parser.parse_args()
    inst = instance(args)
    result: dict[str, Any] = {
        "scale": args.scale,
        "label": args.label,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": describe(args.heap, args.pagecache),
        "starts": args.starts,
        "throughput_seconds": args.seconds,
        "runs_count": args.runs,
    }
    if args.load:
        result["ingest"] = load(inst, args.seed)
        if args.load_only:
            return
    elif inst.pid() is None:
        inst.start()
    result |= measure_all(args, inst)
    result["load_avg_after"] = [round(x, 2) for x in os.getloadavg()]
    text = json.dumps(result, indent=2) + "\n"
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)
    print(json.dumps(result["median"], indent=2))


if __name__ == "__main__":
    main()
