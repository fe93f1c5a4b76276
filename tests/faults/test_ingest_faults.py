"""Scenarios 1 and 2: the ingest process is killed, or loses Neo4j, in the middle of a large
file; running it again gives exactly the graph of one clean run.

The reference is one clean `entangle ingest` of the same file into an empty database. Graphs
are compared by counts per label and type and by a SHA-256 over every data node and
relationship (labels or type, endpoint ids, all properties) except ``first_run``/``last_run``,
which name the run that wrote them and differ between any two runs; the tests check those
separately (every record's ``last_run`` is the completing run).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from entanglements.core.vocab import ENTITY_REL_TYPES
from tests.faults.conftest import Figures
from tests.faults.harness import (
    GraphState,
    Instance,
    Synthetic,
    assert_no_traceback,
    count,
    graph_state,
    ingest_runs,
    run_entangle,
    spawn_entangle,
    write_findings,
)

pytestmark = pytest.mark.faults

ENTITIES = 12_000
RELATIONSHIPS = 24_000
BATCH = "1000"  # many small transactions, so a kill lands between and inside commits


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Synthetic:
    path = tmp_path_factory.mktemp("ingest-faults") / "big.jsonl"
    return write_findings(path, entities=ENTITIES, relationships=RELATIONSHIPS, prefix="big-")


def _env(db: Instance) -> dict[str, str]:
    return {**db.env, "ENTANGLE_BATCH_SIZE": BATCH}


def _written(db: Instance) -> int:
    db, settings = db.db(), db.settings
    return count(db, settings, "MATCH (n:Entity) RETURN count(n)") + count(
        db, settings, "MATCH ()-[r]->() RETURN count(r)"
    )


@pytest.fixture(scope="module")
def reference(
    fault_db: Instance, big_file: Synthetic
) -> Iterator[tuple[GraphState, dict[str, Any]]]:
    """One clean run of the big file into an empty database."""
    fault_db.ensure_running()
    fault_db.wipe()
    began = time.monotonic()
    result = run_entangle("ingest", str(big_file.path), "--json", env=_env(fault_db))
    seconds = time.monotonic() - began
    assert result.returncode == 0, result.stderr
    state = graph_state(fault_db.db(), fault_db.settings)
    assert state.nodes.get("Entity", 0) + state.nodes.get("Entity:Listed", 0) == ENTITIES
    # the file's relationships, not listings nor the listed-hop mirrors derived from them
    assert sum(v for k, v in state.relationships.items() if k in ENTITY_REL_TYPES) == RELATIONSHIPS
    assert state.distinct_ids
    yield state, {"clean_run_s": seconds}
    fault_db.ensure_running()
    fault_db.wipe()


def _interrupt_midway(db: Instance, path: Path, total: int) -> tuple[subprocess.Popen[str], int]:
    """Start an ingest and wait until part (not all) of the file is in the graph: a third, so
    that stopping Neo4j (up to ~15 s on a busy machine) still lands before the ingest ends."""
    process = spawn_entangle("ingest", str(path), env=_env(db))
    deadline = time.monotonic() + 180
    written = 0
    while time.monotonic() < deadline and process.poll() is None:
        written = _written(db)
        if written >= total * 0.3:
            return process, written
        time.sleep(0.05)
    _out, err = process.communicate(timeout=60)
    raise AssertionError(
        f"the ingest finished (or stalled) before it could be interrupted: rc={process.returncode}"
        f" written={written}/{total}; make the file larger.\n{err[-2000:]}"
    )


def _last_runs(db: Instance) -> set[str]:
    rows = db.db().rows(
        "MATCH (n) WHERE n:Entity OR n:Source OR n:SanctionsList "
        "RETURN collect(DISTINCT n.last_run) AS runs"
    )[0]
    rel_rows = db.db().rows("MATCH ()-[r]->() RETURN collect(DISTINCT r.last_run) AS runs")[0]
    return set(rows["runs"]) | set(rel_rows["runs"])


def _first_runs(db: Instance) -> set[str]:
    rows = db.db().rows(
        "MATCH (n) WHERE n:Entity OR n:Source OR n:SanctionsList "
        "RETURN collect(DISTINCT n.first_run) AS runs"
    )[0]
    rel_rows = db.db().rows("MATCH ()-[r]->() RETURN collect(DISTINCT r.first_run) AS runs")[0]
    return set(rows["runs"]) | set(rel_rows["runs"])


def _rerun_and_compare(
    db: Instance, big_file: Synthetic, expected: GraphState, figures: Figures
) -> dict[str, Any]:
    began = time.monotonic()
    result = run_entangle("ingest", str(big_file.path), "--json", env=_env(db))
    figures["rerun_s"] = time.monotonic() - began
    assert result.returncode == 0, result.stderr
    summary: dict[str, Any] = json.loads(result.stdout)
    state = graph_state(db.db(), db.settings)
    assert state.nodes == expected.nodes
    assert state.relationships == expected.relationships
    assert state.distinct_ids, "duplicate ids after the re-run"
    assert state.checksum == expected.checksum
    figures["checksum"] = state.checksum[:16]
    figures["nodes"] = sum(state.nodes.values())
    figures["relationships"] = sum(state.relationships.values())
    return summary


def test_kill_9_mid_file_then_rerun_equals_clean_run(
    fault_db: Instance,
    big_file: Synthetic,
    reference: tuple[GraphState, dict[str, Any]],
    figures: Figures,
) -> None:
    expected, info = reference
    figures["records"] = big_file.records
    figures["clean_run_s"] = info["clean_run_s"]
    fault_db.ensure_running()
    fault_db.wipe()
    total = ENTITIES + RELATIONSHIPS + big_file.listings
    began = time.monotonic()
    process, _ = _interrupt_midway(fault_db, big_file.path, total)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    figures["killed_after_s"] = time.monotonic() - began
    assert process.returncode == -signal.SIGKILL
    partial = _written(fault_db)
    figures["written_at_kill"] = partial
    assert 0 < partial < total, "the kill did not land in the middle of the file"
    killed_runs = {r["id"] for r in ingest_runs(fault_db.db(), fault_db.settings)}
    figures["killed_run_outcome"] = [
        r.get("outcome") for r in ingest_runs(fault_db.db(), fault_db.settings)
    ]

    _rerun_and_compare(fault_db, big_file, expected, figures)

    runs = ingest_runs(fault_db.db(), fault_db.settings)
    completing = [r for r in runs if r["id"] not in killed_runs]
    assert len(completing) == 1 and completing[0].get("outcome") == "ok", runs
    # Every record was asserted by the completing run; the ones the killed run wrote keep it
    # as their first run, and no other run appears.
    assert _last_runs(fault_db) == {completing[0]["id"]}
    assert _first_runs(fault_db) <= killed_runs | {completing[0]["id"]}


def test_neo4j_stopped_mid_file_exits_1_then_rerun_completes(
    fault_db: Instance,
    big_file: Synthetic,
    reference: tuple[GraphState, dict[str, Any]],
    figures: Figures,
) -> None:
    expected, _ = reference
    fault_db.ensure_running()
    fault_db.wipe()
    total = ENTITIES + RELATIONSHIPS + big_file.listings
    process, written = _interrupt_midway(fault_db, big_file.path, total)
    figures["written_before_stop"] = written
    stop_began = time.monotonic()
    try:
        fault_db.stop()
        figures["db_stop_s"] = time.monotonic() - stop_began
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate(timeout=30)
    figures["ingest_exit_after_stop_s"] = time.monotonic() - stop_began
    figures["stderr"] = err.strip()
    assert process.returncode == 1, (out, err)
    assert_no_traceback(out + err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, f"expected one clear line, got:\n{err}"
    assert lines[0].startswith("error:") and "Neo4j" in lines[0], lines[0]

    figures["db_restart_s"] = fault_db.start()
    before = ingest_runs(fault_db.db(), fault_db.settings)
    interrupted = {r["id"]: r.get("outcome") for r in before}
    figures["interrupted_run_outcome"] = sorted(interrupted.values())
    summary = _rerun_and_compare(fault_db, big_file, expected, figures)
    figures["rerun_counts"] = {k: v["created"] for k, v in summary["counts"].items()}
    assert summary["outcome"] == "ok"
    runs = ingest_runs(fault_db.db(), fault_db.settings)
    completing = [r for r in runs if r["id"] not in interrupted]
    assert [r["id"] for r in completing] == [summary["run_id"]]
    assert _last_runs(fault_db) == {summary["run_id"]}
