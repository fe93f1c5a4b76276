"""``bulk_import`` of ``make bench-ingest``: ``entangle db import`` of the benchmark's files,
end to end, as a person runs it.

Each run empties the benchmark's store and starts its server afresh (as the transactional
runs do), then runs ``entangle db import ENTITIES RELATIONSHIPS`` as a subprocess and times
it from start to exit: validation and conversion, stopping the server, the import tool,
starting the server, the list properties, the schema (every index built), repeated ids,
the derived structures and the run record. The command's progress lines on stderr split
the time into phases (each phase runs from its line to the next one).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import REPO_ROOT

ENTANGLE = str(Path(sys.executable).with_name("entangle"))

#: Phase names by the start of the command's progress line (cli/bulk_import.py and
#: ingest/bulk.py say them in this order).
PHASES = {
    "validating and converting": "convert",
    "stopping Neo4j": "stop",
    "neo4j-admin database import": "import_tool",
    "starting Neo4j": "start",
    "setting the list properties": "list_properties",
    "applying the schema": "schema",
    "writing the later statements": "repeated_ids",
    "recomputing": "derived",
}


def _phase(line: str) -> str | None:
    text = line.removeprefix("db import: ")
    return next((name for start, name in PHASES.items() if text.startswith(start)), None)


def one_import(
    paths: list[Path], env: dict[str, str] | None = None
) -> tuple[float, dict[str, float]]:
    """The wall time of one ``entangle db import`` and its seconds per phase (``env``: the
    environment that points the command at the benchmark's server; default: this one's)."""
    command = [ENTANGLE, "db", "import", *(str(p) for p in paths), "--json"]
    began = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
        env=dict(os.environ) if env is None else env,
    )
    assert process.stderr is not None and process.stdout is not None
    marks: list[tuple[str, float]] = []
    for line in process.stderr:
        name = _phase(line.strip())
        if name is not None:
            marks.append((name, time.perf_counter()))
    summary = process.stdout.read()
    if process.wait() != 0:
        raise RuntimeError(f"entangle db import failed: {summary[-2000:]}")
    seconds = time.perf_counter() - began
    json.loads(summary)  # the command ended with its summary
    phases: dict[str, float] = {}
    ends = [t for _, t in marks[1:]] + [began + seconds]
    for (name, start), end in zip(marks, ends, strict=True):
        phases[name] = phases.get(name, 0.0) + end - start
    return seconds, phases


def bulk_import_runs(
    fresh_store: Callable[[], None],
    paths: list[Path],
    entities: int,
    relationships: int,
    repeats: int,
    env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """``repeats`` imports, each after ``fresh_store`` (an emptied store on a started
    server); the medians and every run. The last run's graph stays loaded."""
    walls: list[float] = []
    all_phases: list[dict[str, float]] = []
    for n in range(1, repeats + 1):
        fresh_store()
        seconds, phases = one_import(paths, env)
        walls.append(seconds)
        all_phases.append(phases)
        print(f"bulk import {n}: {seconds:.1f}s {_rounded(phases)}", flush=True)
    wall = statistics.median(walls)
    return {
        "entities_per_s": round(entities / wall),
        "relationships_per_s": round(relationships / wall),
        "entities_per_s_runs": [round(entities / w) for w in walls],
        "relationships_per_s_runs": [round(relationships / w) for w in walls],
        "seconds": round(wall, 2),
        "seconds_runs": [round(w, 2) for w in walls],
        "phases_seconds": {
            name: round(statistics.median(p.get(name, 0.0) for p in all_phases), 2)
            for name in dict.fromkeys(n for p in all_phases for n in p)
        },
        "method": (
            "`entangle db import ENTITIES RELATIONSHIPS --json` of the same two files as the "
            "transactional figures, one command loading both, timed from start to exit into "
            "a freshly emptied store on a started server: validation and conversion to CSV, "
            "stopping the server, neo4j-admin database import full, starting the server, the "
            "list properties the CSV cannot carry, the schema (every constraint and index "
            "built over the whole graph), derived structures and the run record. Both rates "
            "divide by that one wall time (median of the runs; *_runs: every run). "
            "phases_seconds: medians of the time from each progress line to the next."
        ),
    }


def _rounded(phases: dict[str, float]) -> dict[str, float]:
    return {name: round(s, 1) for name, s in phases.items()}
