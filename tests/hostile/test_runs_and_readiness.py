"""Runs that end (an interrupted ingest is marked failed with its reason) and readiness with
its own deadline (a frozen Neo4j gets 503 in seconds, not after the db's retries)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from entanglements.core.reads.health import READY_WITHIN_S
from entanglements.core.settings import Settings
from entanglements.ingest import statements
from entanglements.ingest.pipeline import ingest_records
from tests.api.conftest import ClientFactory
from tests.conftest import ROOT
from tests.db import SyncDb


def _run(db: SyncDb, run_id: str) -> dict[str, object]:
    records = db.rows(
        "MATCH (r:IngestRun {id: $id}) RETURN r.outcome AS outcome, r.failure AS failure",
        id=run_id,
    )
    return dict(records[0]) if records else {}


def _start_run(db: SyncDb, settings: Settings, run_id: str, process: str) -> None:
    db.write_rows(statements.RUN_START, id=run_id, process=process, inputs=["x"],
                  sha256=["0"], origin="cli", started_at="2026-01-01T00:00:00+00:00")  # fmt: skip


def test_a_run_whose_process_is_gone_is_marked_failed(db: SyncDb, settings: Settings) -> None:
    ended = subprocess.Popen(["true"])  # a process sure to be gone
    ended.wait()
    host = socket.gethostname()
    dead, alive = f"run-dead-{uuid.uuid4().hex[:8]}", f"run-alive-{uuid.uuid4().hex[:8]}"
    _start_run(db, settings, dead, f"{host}:{ended.pid}:1")
    mine = Path(f"/proc/{os.getpid()}/stat").read_text().rsplit(")", 1)[1].split()[19]
    _start_run(db, settings, alive, f"{host}:{os.getpid()}:{mine}")
    try:
        # The next ingest closes them (as the next `entangle serve` does).
        record = {"record": "source", "id": f"t{uuid.uuid4().hex[:8]}-s", "title": "t"}
        assert db.run(ingest_records, [record], origin="api").outcome == "ok"
        found = _run(db, dead)
        assert found["outcome"] == "failed"
        assert "interrupted: its process" in str(found["failure"])
        assert _run(db, alive)["outcome"] == "running"  # its process still runs
    finally:
        db.write_rows("MATCH (r:IngestRun) WHERE r.id IN $ids DETACH DELETE r", ids=[dead, alive])


def test_sigterm_marks_the_ingest_failed(tmp_path: Path, db: SyncDb) -> None:
    p = f"t{uuid.uuid4().hex[:10]}-"
    path = tmp_path / f"{p}big.jsonl"
    with path.open("w") as f:
        f.write(json.dumps({"record": "source", "id": p + "s", "title": "Big"}) + "\n")
        for i in range(100_000):  # minutes of writing: time to catch it mid-run
            entity = {"record": "entity", "id": f"{p}e{i}", "kind": "Company", "name": f"Co {i}"}
            f.write(json.dumps(entity) + "\n")
    env = {**os.environ, "ENTANGLE_BATCH_SIZE": "500", "ENTANGLE_INGEST_WRITERS": "1"}
    process = subprocess.Popen([str(ROOT / ".venv/bin/entangle"), "ingest", str(path)], env=env,
                               stderr=subprocess.PIPE, text=True)  # fmt: skip
    run_id = None
    deadline = time.monotonic() + 240
    while run_id is None and time.monotonic() < deadline and process.poll() is None:
        rows = db.rows(
            "MATCH (r:IngestRun {outcome: 'running'}) WHERE r.inputs[0] ENDS WITH $name "
            "RETURN r.id AS id",
            name=path.name,
        )
        run_id = rows[0]["id"] if rows else None
        time.sleep(0.2)
    assert run_id is not None, "the ingest never started writing"
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130 and "Traceback" not in stderr, (process.returncode, stderr)
    found = _run(db, run_id)
    assert found == {"outcome": "failed", "failure": "interrupted"}


@pytest.fixture
def frozen_port() -> Iterator[int]:
    """A port that accepts connections and never answers: a frozen Neo4j, as a client sees
    it (the process stopped, its sockets still open)."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


def test_readiness_has_its_own_deadline(make_client: ClientFactory, frozen_port: int) -> None:
    with make_client(neo4j_uri=f"bolt://127.0.0.1:{frozen_port}", connect_timeout_s=30.0) as client:
        started = time.perf_counter()
        response = client.get("/readyz")
        took = time.perf_counter() - started
    assert response.status_code == 503
    assert response.json()["reason"] == f"Neo4j did not answer within {READY_WITHIN_S:g} s"
    assert took < READY_WITHIN_S + 2, took
    print(f"\n/readyz on a frozen Neo4j: 503 in {took:.2f} s")
