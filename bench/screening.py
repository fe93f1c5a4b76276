"""Screening figures: ``screen`` latency through the served API, and ``entangle screen``
names per second over a partner list, both against the benchmark graph.

Queries are names of entities in the graph, half of them disturbed the way partner lists
disturb names (two letters swapped in the longest word, or the words in reverse order), so
retrieval and scoring do real work; ``top1`` counts how often the entity a query was made
from came back first.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import random
import subprocess
import time
from pathlib import Path
from typing import Any

from bench import REPO_ROOT
from bench.httpclient import GraphQLConnection, HttpError
from bench.instance import BenchInstance, patient
from bench.profiles import PROFILES
from bench.server import serve
from bench.stats import summary_ms
from entanglements.cli.database import with_database
from entanglements.core.db.database import Database
from entanglements.core.settings import Settings

SCREEN = (
    "query($q: ScreeningQuery!) { screen(query: $q, first: 5) "
    "{ candidates { entity { id } score match explanation } } }"
)
QUERIES = 300
CLI_NAMES = 2_000


def disturb(name: str, rng: random.Random) -> str:
    words = name.split()
    if rng.random() < 0.5 or len(words) < 2:
        i = max(range(len(words)), key=lambda k: len(words[k]))
        w = words[i]
        if len(w) > 3:
            j = rng.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
        return " ".join(words)
    return " ".join(reversed(words))


async def sample(db: Database, n: int, seed: int) -> list[dict[str, str]]:
    everything = "MATCH (e:Entity) RETURN e.id AS id, e.kind AS kind, e.name AS name"
    rows = await patient(db).read(everything)  # a whole-graph read
    rng = random.Random(seed)
    picked = rng.sample(rows, min(n, len(rows)))
    return [
        {"id": r["id"], "kind": r["kind"], "name": disturb(r["name"], rng) if k % 2 else r["name"]}
        for k, r in enumerate(picked)
    ]


async def measure_api(port: int, queries: list[dict[str, str]]) -> dict[str, Any]:
    conn = GraphQLConnection("127.0.0.1", port)
    latencies: list[float] = []
    top1 = errors = 0
    try:
        for q in queries[:20]:  # warm-up: plan cache, JIT, matcher caches of other names
            await conn.post(SCREEN, {"q": {"kind": q["kind"], "name": q["name"]}})
        for q in queries:
            began = time.perf_counter()
            try:
                _, body = await conn.post(SCREEN, {"q": {"kind": q["kind"], "name": q["name"]}})
            except (HttpError, OSError):
                errors += 1
                await conn.close()
                continue
            latencies.append(time.perf_counter() - began)
            payload = json.loads(body)
            if payload.get("errors"):
                errors += 1
                continue
            found = payload["data"]["screen"]["candidates"]
            top1 += bool(found) and found[0]["entity"]["id"] == q["id"]
    finally:
        await conn.close()
    return {"queries": len(queries), "errors": errors, "top1": top1, **summary_ms(latencies)}


def _run_cli(env: dict[str, str], queries: list[dict[str, str]], work: Path) -> float:
    work.mkdir(parents=True, exist_ok=True)
    partners, out = work / f"partners-{len(queries)}.csv", work / "screened.jsonl"
    with partners.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["name", "kind"])
        writer.writeheader()
        writer.writerows({"name": q["name"], "kind": q["kind"]} for q in queries)
    entangle = str(REPO_ROOT / ".venv" / "bin" / "entangle")
    began = time.perf_counter()
    done = subprocess.run(
        [entangle, "screen", str(partners), "--out", str(out)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=3600,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip()[-300:])
    return time.perf_counter() - began


def measure_cli(
    env: dict[str, str], queries: list[dict[str, str]], work: Path, fixed: float | None = None
) -> dict[str, Any]:
    """``entangle screen`` over a partner list, as a person runs it. ``names_per_s`` counts the
    whole run; ``steady_names_per_s`` leaves out the fixed cost of one run (process start,
    rigour's name taggers, the connection), measured on a one-row file unless given."""
    try:
        fixed = _run_cli(env, queries[:1], work) if fixed is None else fixed
        seconds = _run_cli(env, queries, work)
    except RuntimeError as exc:
        return {"error": str(exc)}
    return {
        "names": len(queries),
        "seconds": round(seconds, 2),
        "names_per_s": round(len(queries) / seconds, 1),
        "fixed_seconds": round(fixed, 2),
        "steady_names_per_s": round((len(queries) - 1) / max(seconds - fixed, 1e-3), 1),
    }


def measure(
    settings: Settings,
    env: dict[str, str],
    port: int,
    work: Path,
    seed: int,
    fixed: float | None = None,
) -> dict[str, Any]:
    """Both figures; ``fixed``: the CLI's fixed cost measured by an earlier run."""
    queries = with_database(lambda db: sample(db, max(QUERIES, CLI_NAMES), seed), settings)
    api = asyncio.run(measure_api(port, queries[:QUERIES]))
    cli = measure_cli(env, queries[:CLI_NAMES], work / "screening", fixed)
    return {"screen": api, "cli": cli}


def main() -> None:
    """Re-measure screening alone against a bench instance that `make bench` left loaded:
    ``python -m bench.screening --scale tiny`` (starts that Neo4j and `entangle serve`)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--scale", choices=sorted(PROFILES), default="small")
    parser.add_argument("--seed", type=int, default=20250101)
    args = parser.parse_args()
    profile = PROFILES[args.scale]
    inst = BenchInstance.of(profile)
    work = REPO_ROOT / "bench" / "work" / profile.name
    inst.start()
    try:
        with serve(inst.env(), profile.http_port, work / "serve.log"):
            result = measure(inst.settings, inst.env(), profile.http_port, work, args.seed)
    finally:
        inst.stop()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
