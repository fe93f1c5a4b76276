"""Re-measure exposure latency on an already loaded benchmark graph, after a query change.

``python -m bench.exposure_recheck --scale full --hops 4 6`` starts the scale's benchmark
Neo4j as ``make bench`` left it (no reload: loading the full graph takes half an hour),
warms the cache like ``bench.run``, picks the same seeded-random 200 starts, and measures
the API's own ``sanctions_exposure`` through the driver for each ``maxHops``, under the same
per-level wall-clock cap and timeout budget. Writes ``bench/results/<scale>-exposure-recheck.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import UTC, datetime
from typing import Any

from bench import REPO_ROOT
from bench.instance import BenchInstance
from bench.latency import Cell, cypher_sample
from bench.profiles import PROFILES
from bench.run import entity_ids, warm
from entanglements.cli.database import with_database
from entanglements.core.db.database import Database


async def _measure(
    db: Database, inst: BenchInstance, starts: list[str], hops: int, budget: float
) -> Cell:
    cell = Cell()
    deadline = time.monotonic() + inst.profile.level_limit_s
    for start in starts:
        if time.monotonic() > deadline:
            cell.over_time += 1
            continue
        cell.samples.append(await cypher_sample(db, start, hops, budget))
    return cell


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(PROFILES), default="full")
    parser.add_argument("--hops", type=int, nargs="+", default=[4, 6])
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--budget", type=float, default=10.0)
    args = parser.parse_args()
    inst = BenchInstance.of(PROFILES[args.scale])
    inst.start()
    try:

        async def work(db: Database) -> tuple[float, dict[str, Cell]]:
            warm_s = await warm(db)
            ids = await entity_ids(db)
            starts = random.Random(args.seed).sample(ids, min(inst.profile.starts, len(ids)))
            cells = {str(h): await _measure(db, inst, starts, h, args.budget) for h in args.hops}
            return warm_s, cells

        warm_s, cells = with_database(work, inst.settings)
    finally:
        inst.stop()
    out: dict[str, Any] = {
        "scale": args.scale,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "query": "entanglements.core.reads.exposure.sanctions_exposure (BFS plan from maxHops 5)",
        "warm_seconds": round(warm_s, 1),
        "starts_seed": args.seed,
        "budget_s": args.budget,
        "exposure_cypher": {h: cell.summary() for h, cell in cells.items()},
    }
    path = REPO_ROOT / "bench" / "results" / f"{args.scale}-exposure-recheck.json"
    path.write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
