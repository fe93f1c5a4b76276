"""The matcher's cost where a person feels it, on a small graph of one's own (the seed and
the lists ingested into the database ``NEO4J_URI`` points at): ``screen`` latency through
the served API and ``entangle screen`` names per second, each run ``--runs`` times (median
and spread), so a matcher change can be measured before and after on the same graph.

``python -m bench.matching.speed --port 8715 [--runs 3] [--names 500] [--profile FILE]``
(``--profile``: also one ``entangle screen`` run under cProfile, its stats written to FILE).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench import REPO_ROOT
from bench.screening import _run_cli, measure_api, sample
from bench.server import serve
from entanglements.cli.database import with_database
from entanglements.core.settings import Settings


def _spread(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 2),
        "min": round(min(values), 2),
        "max": round(max(values), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True, help="HTTP port for entangle serve")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--names", type=int, default=500)
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--profile", type=Path, default=None)
    args = parser.parse_args()
    settings = Settings()
    work = REPO_ROOT / "bench" / "work" / "matching-speed"
    queries = with_database(lambda db: sample(db, max(300, args.names), args.seed), settings)
    env = {**os.environ, "ENTANGLE_ANONYMOUS_ROLE": "reader"}
    p50: list[float] = []
    p95: list[float] = []
    top1: list[int] = []
    rates: list[float] = []
    with serve(env, args.port, work / "serve.log"):
        for _ in range(args.runs):
            api = asyncio.run(measure_api(args.port, queries[:300]))
            if api["errors"]:
                raise SystemExit(f"{api['errors']} screen requests failed: see {work}/serve.log")
            top1.append(api["top1"])
            p50.append(api["p50_ms"])
            p95.append(api["p95_ms"])
    for _ in range(args.runs):
        seconds = _run_cli(env, queries[: args.names], work)
        rates.append(args.names / seconds)
    result: dict[str, Any] = {
        "queries": 300,
        "screen_p50_ms": _spread(p50),
        "screen_p95_ms": _spread(p95),
        "screen_top1": top1,
        "cli_names": args.names,
        "cli_names_per_s": _spread(rates),
    }
    if args.profile is not None:
        _profile(env, queries[: args.names], work, args.profile)
    print(json.dumps(result, indent=2))


def _profile(env: dict[str, str], queries: list[dict[str, str]], work: Path, out: Path) -> None:
    partners = work / f"partners-{len(queries)}.csv"  # written by _run_cli
    entangle = str(REPO_ROOT / ".venv" / "bin" / "entangle")
    cmd = [sys.executable, "-m", "cProfile", "-o", str(out), entangle, "screen", str(partners)]
    subprocess.run([*cmd, "--out", str(work / "profiled.jsonl")], env=env, check=True)


if __name__ == "__main__":
    main()
