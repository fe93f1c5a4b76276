"""``make bench-ingest``: ingest speed on an empty database, and the no-op re-ingest.

Steps: generate the synthetic findings (``bench.synth``, deterministic; BENCH_ENTITIES /
BENCH_RELATIONSHIPS override the 200,000 / 600,000 default); then ``BENCH_REPEATS`` times
(default 3): empty the benchmark's own Neo4j and start it afresh (the make target points
NEO4J_URI / ENTANGLE_HOME at it), ingest the entities file (timed: entities/s), then the
relationships file (timed: relationships/s, endpoints resolved against the graph); after
the last run both again (nothing changes: the re-ingest time). The figures are the medians
of the runs, every run's figure beside them. Writes ``bench/results/ingest.json``.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

from bench import REPO_ROOT
from entanglements.cli.server import local
from entanglements.core.db.driver import open_driver
from entanglements.core.schema import migrate
from entanglements.core.settings import Settings, get_settings
from entanglements.ingest.pipeline import ingest_paths
from entanglements.ingest.summary import IngestSummary

RESULTS = REPO_ROOT / "bench" / "results" / "ingest.json"
WORK = REPO_ROOT / "bench" / "work"


def _generate(entities: int, relationships: int) -> tuple[Path, Path]:
    """In a child process, so generation never counts towards the ingest's peak RSS."""
    code = (
        "import json, sys; from pathlib import Path; from bench import synth; "
        "f = synth.generate(Path(sys.argv[1]), entities=int(sys.argv[2]), "
        "relationships=int(sys.argv[3])); "
        "print(json.dumps([str(f.entities_path), str(f.relationships_path)]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(WORK), str(entities), str(relationships)],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
    ).stdout
    ent, rel = json.loads(out)
    return Path(ent), Path(rel)


def _timed(settings: Settings, driver: Any, paths: list[Path]) -> tuple[float, IngestSummary]:
    began = time.perf_counter()
    summary = ingest_paths(driver, settings, paths)
    return time.perf_counter() - began, summary


def _changes(summary: IngestSummary) -> int:
    return summary.total("created") + summary.total("updated")


def _machine(settings: Settings) -> dict[str, Any]:
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "neo4j": settings.neo4j_version,
        "neo4j_heap": settings.neo4j_heap,
        "neo4j_pagecache": settings.neo4j_pagecache,
        "batch_size": settings.batch_size,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def _fresh_store(settings: Settings) -> None:
    """Every run loads into a store that never held data. Deleting the previous run's
    1.4 million elements with Cypher instead left Neo4j cleaning up during the next load:
    three runs in a row measured 14,755, 9,546 and 6,944 entities/s."""
    print("restarting the benchmark's Neo4j on an empty store", flush=True)
    local.stop(settings)
    shutil.rmtree(local.Layout.of(settings).root, ignore_errors=True)
    local.start(settings)


def main() -> None:
    entities = int(os.environ.get("BENCH_ENTITIES", "200000"))
    relationships = int(os.environ.get("BENCH_RELATIONSHIPS", "600000"))
    settings = get_settings()
    if settings.port in (7687, 7688):
        sys.exit("refusing to benchmark against the run/test database; use `make bench-ingest`")
    repeats = int(os.environ.get("BENCH_REPEATS", "3"))
    print(f"generating {entities:,} entities / {relationships:,} relationships", flush=True)
    ent_file, rel_file = _generate(entities, relationships)
    runs: list[tuple[float, float]] = []
    for n in range(1, repeats + 1):
        _fresh_store(settings)  # every run as a user meets it: a freshly started server
        with open_driver(settings) as driver:
            migrate(driver, settings)
            machine = _machine(settings)
            ent_s, ent_summary = _timed(settings, driver, [ent_file])
            print(f"run {n}: entities {entities / ent_s:,.0f}/s", flush=True)
            rel_s, rel_summary = _timed(settings, driver, [rel_file])
            print(f"run {n}: relationships {relationships / rel_s:,.0f}/s", flush=True)
            runs.append((ent_s, rel_s))
            if n == repeats:  # the no-op re-ingest once, on the last run's graph
                again_s, again = _timed(settings, driver, [ent_file, rel_file])
                print(f"re-ingest (no-op): {again_s:.1f}s, changes: {_changes(again)}")
    ent_s = statistics.median(r[0] for r in runs)
    rel_s = statistics.median(r[1] for r in runs)
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    result = {
        "entities": entities,
        "relationships": relationships,
        "listings": rel_summary.counts["listing"].created,
        "citations_per_relationship": "1-3 (uniform), from a pool of sources",
        "repeats": repeats,
        "entities_per_s": round(entities / ent_s),
        "relationships_per_s": round(relationships / rel_s),
        "entities_per_s_runs": [round(entities / r[0]) for r in runs],
        "relationships_per_s_runs": [round(relationships / r[1]) for r in runs],
        "entities_seconds": round(ent_s, 2),
        "relationships_seconds": round(rel_s, 2),
        "reingest_seconds": round(again_s, 2),
        "reingest_speedup": round((runs[-1][0] + runs[-1][1]) / again_s, 2),
        "reingest_changes": _changes(again),
        "created": {k: v.created for k, v in ent_summary.counts.items() if v.created}
        | {k: v.created for k, v in rel_summary.counts.items() if v.created},
        "peak_rss_mb": round(peak_rss_mb, 1),
        "method": (
            "each figure is the median of `repeats` runs, each on a freshly started, empty "
            "server (*_runs: every run, the spread); "
            "entities/s = entity file (sources, lists, entities) / its wall time; "
            "relationships/s = relationship file (relationships + 1% listings, endpoints in "
            "the graph) / its wall time; both include validation, spooling and writing. "
            "reingest_speedup = the last run's load time / no-op re-ingest time of both files. "
            "peak_rss_mb = ru_maxrss of the ingesting process."
        ),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
