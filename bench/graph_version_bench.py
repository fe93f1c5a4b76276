"""What the graph version's bump costs the transactional ingest (core/db/version.py).

Every write transaction ends by bumping one ``GraphVersion`` node, so concurrent ingest
batches (``ENTANGLE_INGEST_WRITERS``) queue on its lock for a commit's time. This loads the
same synthetic graph into an emptied database with the bump and without it (the bump
replaced by nothing, for the measurement only), alternating, and prints each run's time
and the medians:

    NEO4J_URI=bolt://127.0.0.1:PORT ... python -m bench.graph_version_bench --runs 3

Use a Neo4j of its own: the database is emptied before every run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path
from typing import Any

from bench import synth
from entanglements.core.db import database as database_module
from entanglements.core.db.database import Database, delete_all
from entanglements.core.schema import migrate
from entanglements.core.settings import get_settings
from entanglements.ingest.pipeline import ingest_paths


async def _one(paths: list[Path], bump: bool) -> float:
    original = database_module._bumping
    if not bump:
        database_module._bumping = lambda work: work  # type: ignore[assignment]
    try:
        async with Database.open(get_settings(), role="cli") as db:
            await delete_all(db)
            await migrate(db)
            started = time.monotonic()
            summary = await ingest_paths(db, paths)
            seconds = time.monotonic() - started
            assert summary.outcome == "ok", summary.errors[:3]
            return seconds
    finally:
        database_module._bumping = original


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--relationships", type=int, default=60_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("bench/work"))
    args = parser.parse_args()
    files = synth.generate(args.out, entities=args.entities, relationships=args.relationships)
    paths = [files.entities_path, files.relationships_path]
    times: dict[str, list[float]] = {"bump": [], "none": []}
    for _ in range(args.runs):
        for variant in ("bump", "none"):
            times[variant].append(asyncio.run(_one(paths, variant == "bump")))
            print(variant, f"{times[variant][-1]:.1f} s", flush=True)
    records = args.entities + args.relationships
    result: dict[str, Any] = {
        "entities": args.entities,
        "relationships": args.relationships,
        "runs": times,
    }
    for variant, runs in times.items():
        median = statistics.median(runs)
        result[f"{variant}_median_s"] = round(median, 1)
        result[f"{variant}_records_per_s"] = round(records / median)
        result[f"{variant}_spread_s"] = [round(min(runs), 1), round(max(runs), 1)]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
