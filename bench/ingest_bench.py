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
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

from bench import REPO_ROOT
from bench.admin_import import admin_import
from bench.bulk_import_bench import bulk_import_runs
from entanglements.cli.database import with_database
from entanglements.cli.server import local
from entanglements.cli.server.install import lib_dir
from entanglements.core.db.database import Database
from entanglements.core.schema import migrate
from entanglements.core.settings import Settings, get_settings
from entanglements.ingest.pipeline import Progress, ingest_paths
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


@dataclass
class _Timing:
    """One ingest's wall time, split where pass 2 (the writes) begins."""

    seconds: float = 0.0
    validate_seconds: float = 0.0


async def _timed(db: Database, paths: list[Path]) -> tuple[_Timing, IngestSummary]:
    timing = _Timing()
    began = time.perf_counter()

    def progress(event: Progress) -> None:
        if event.phase == "write" and not timing.validate_seconds:
            timing.validate_seconds = time.perf_counter() - began

    summary = await ingest_paths(db, paths, progress=progress)
    timing.seconds = time.perf_counter() - began
    return timing, summary


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


#: Fields of a findings record that hold an id or refer to one (prefixed for the warm copy).
_ID_FIELDS = ("id", "from", "to", "entity", "list")


def _prefixed_copy(path: Path, prefix: str) -> Path:
    """The same records under other ids (``w-e1``…), so a second load on the same server
    creates as much as the first: the warm figure."""
    target = path.with_name(f"{prefix}{path.name}")
    if target.exists():
        return target
    partial = target.with_suffix(".partial")
    with path.open(encoding="utf-8") as src, partial.open("w", encoding="utf-8") as out:
        for line in src:
            record = json.loads(line)
            for key in _ID_FIELDS:
                if key in record:
                    record[key] = prefix + record[key]
            for citation in record.get("citations", ()):
                citation["source"] = prefix + citation["source"]
            out.write(json.dumps(record, separators=(",", ":")) + "\n")
    partial.rename(target)
    return target


@dataclass
class _Run:
    """One run: a freshly started server on an empty store loads the files (what a user
    meets), then, on the same now-warm server, a copy of them under other ids."""

    entities: _Timing
    relationships: _Timing
    warm_entities: _Timing
    warm_relationships: _Timing


def _one_run(
    settings: Settings, files: tuple[Path, Path], warm_files: tuple[Path, Path], n: int
) -> tuple[_Run, IngestSummary, IngestSummary]:
    _fresh_store(settings)

    async def timed(db: Database) -> tuple[_Run, IngestSummary, IngestSummary]:
        await migrate(db)
        ent, ent_summary = await _timed(db, [files[0]])
        rel, rel_summary = await _timed(db, [files[1]])
        warm_ent, _ = await _timed(db, [warm_files[0]])
        warm_rel, _ = await _timed(db, [warm_files[1]])
        return _Run(ent, rel, warm_ent, warm_rel), ent_summary, rel_summary

    run, ent_summary, rel_summary = with_database(timed, settings)
    ent, rel, warm_ent, warm_rel = (
        run.entities,
        run.relationships,
        run.warm_entities,
        run.warm_relationships,
    )
    print(
        f"run {n}: fresh server {ent.seconds:.1f}s + {rel.seconds:.1f}s; "
        f"warm {warm_ent.seconds:.1f}s + {warm_rel.seconds:.1f}s",
        flush=True,
    )
    return run, ent_summary, rel_summary


def _admin_import_seconds(settings: Settings, files: tuple[Path, Path], runs: int) -> list[float]:
    """The physical limit: ``neo4j-admin database import`` of the same records into a
    throwaway store, with the same jars (bench/admin_import.py; no index is built)."""
    lib = lib_dir(settings.home, settings.neo4j_version)
    imported = admin_import(lib, list(files), WORK / "admin-import", "2g", runs=runs)
    return [i.seconds for i in imported]


def _figures(count: int, timings: list[_Timing]) -> dict[str, Any]:
    """Median rate of the runs with every run's rate (the spread) and the pass split."""
    rates = [count / t.seconds for t in timings]
    validate = [t.validate_seconds for t in timings]
    write = [t.seconds - t.validate_seconds for t in timings]
    return {
        "per_s": round(statistics.median(rates)),
        "per_s_runs": [round(r) for r in rates],
        "seconds": round(statistics.median(t.seconds for t in timings), 2),
        "validate_seconds": round(statistics.median(validate), 2),
        "write_seconds": round(statistics.median(write), 2),
    }


def main() -> None:
    entities = int(os.environ.get("BENCH_ENTITIES", "200000"))
    relationships = int(os.environ.get("BENCH_RELATIONSHIPS", "600000"))
    settings = get_settings()
    if settings.port in (7687, 7688):
        sys.exit("refusing to benchmark against the run/test database; use `make bench-ingest`")
    repeats = int(os.environ.get("BENCH_REPEATS", "3"))
    print(f"generating {entities:,} entities / {relationships:,} relationships", flush=True)
    files = _generate(entities, relationships)
    warm_files = (_prefixed_copy(files[0], "w-"), _prefixed_copy(files[1], "w-"))
    machine = _machine(settings)
    runs: list[_Run] = []
    for n in range(1, repeats + 1):
        run, ent_summary, rel_summary = _one_run(settings, files, warm_files, n)
        runs.append(run)
    # the no-op re-ingest, on the last run's graph
    again, again_summary = with_database(lambda db: _timed(db, list(files)), settings)
    print(f"re-ingest (no-op): {again.seconds:.1f}s, changes: {_changes(again_summary)}")
    bulk = bulk_import_runs(
        lambda: _fresh_store(settings), list(files), entities, relationships, repeats
    )
    local.stop(settings)  # the admin import must not share the cores with an idle server
    admin = _admin_import_seconds(settings, files, repeats)
    print(f"admin import: {[round(a, 1) for a in admin]} s", flush=True)
    fresh_ent = _figures(entities, [r.entities for r in runs])
    fresh_rel = _figures(relationships, [r.relationships for r in runs])
    warm_ent = _figures(entities, [r.warm_entities for r in runs])
    warm_rel = _figures(relationships, [r.warm_relationships for r in runs])
    load_s = [r.entities.seconds + r.relationships.seconds for r in runs]
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    result = {
        "entities": entities,
        "relationships": relationships,
        "listings": rel_summary.counts["listing"].created,
        "citations_per_relationship": "1-3 (uniform), from a pool of sources",
        "repeats": repeats,
        "entities_per_s": fresh_ent["per_s"],
        "relationships_per_s": fresh_rel["per_s"],
        "entities_per_s_runs": fresh_ent["per_s_runs"],
        "relationships_per_s_runs": fresh_rel["per_s_runs"],
        "warm_entities_per_s": warm_ent["per_s"],
        "warm_relationships_per_s": warm_rel["per_s"],
        "warm_entities_per_s_runs": warm_ent["per_s_runs"],
        "warm_relationships_per_s_runs": warm_rel["per_s_runs"],
        "passes": {
            "entities": fresh_ent,
            "relationships": fresh_rel,
            "warm_entities": warm_ent,
            "warm_relationships": warm_rel,
        },
        "admin_import_seconds": round(statistics.median(admin), 2),
        "admin_import_seconds_runs": [round(a, 2) for a in admin],
        "ingest_vs_admin_import": round(statistics.median(admin) / statistics.median(load_s), 4),
        "bulk_import": bulk,
        "reingest_seconds": round(again.seconds, 2),
        "reingest_speedup": round(load_s[-1] / again.seconds, 2),
        "reingest_changes": _changes(again_summary),
        "created": {k: v.created for k, v in ent_summary.counts.items() if v.created}
        | {k: v.created for k, v in rel_summary.counts.items() if v.created},
        "peak_rss_mb": round(peak_rss_mb, 1),
        "method": (
            "each figure is the median of `repeats` runs (*_runs: every run, the spread). "
            "A run empties the store and starts the server afresh, then loads the entity "
            "file (entities/s: sources, lists, entities / its wall time) and the relationship "
            "file (relationships/s: relationships + 1% listings, endpoints in the graph): the "
            "figures a user meets. warm_*: the same server then loads a copy of both files "
            "under other ids (JIT warm, the graph already holding the first copy). Wall times "
            "include validation (pass 1), spooling and writing (pass 2); `passes` splits them "
            "where the first write begins. ingest_vs_admin_import = neo4j-admin database "
            "import of the same two files (median seconds; no index built) / the fresh load's "
            "median seconds. reingest_speedup = the last run's load time / the no-op re-ingest "
            "of both files. peak_rss_mb = ru_maxrss of the ingesting process."
        ),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
