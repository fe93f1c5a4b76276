"""The ``IngestRun`` node: one per run, with its inputs (and their sha256), counts and outcome.
Entities, sources, lists, relationships and listings point back to runs by id
(``first_run``, ``last_run``).

A run that ends badly while the database answers is marked ``failed`` with its reason as
it ends. One whose process was killed (``kill -9``, a power cut) or cut off from the
database cannot mark itself, so each run records its process (``host:pid:start``) and
:func:`close_abandoned` marks ``failed`` every ``running`` run of this host whose process is
gone: the next ingest and the next ``entangle serve`` call it.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from entanglements.core.db.database import Database
from entanglements.ingest import statements
from entanglements.ingest.summary import IngestSummary


def new_run_id(now: datetime) -> str:
    return f"run-{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


@dataclass
class Run:
    origin: str
    inputs: list[str]
    sha256: list[str]
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    id: str = ""
    #: Official list versions the run read (source ids), recorded when it finishes.
    versions: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.id = self.id or new_run_id(self.started_at)

    def _params(self) -> dict[str, object]:
        return {
            "id": self.id,
            "started_at": self.started_at.isoformat(),
            "inputs": self.inputs,
            "sha256": self.sha256,
            "origin": self.origin,
        }

    async def start(self, db: Database) -> None:
        await db.write_query(statements.RUN_START, {"process": _process(), **self._params()})

    async def finish(
        self,
        db: Database,
        summary: IngestSummary,
        failure: str | None = None,
    ) -> None:
        counts = json.dumps({k: v.model_dump() for k, v in summary.counts.items()})
        params = {
            "counts": counts,
            "outcome": summary.outcome,
            "versions": self.versions,
            "failure": failure,
            **self._params(),
        }
        await db.write_query(statements.RUN_FINISH, params)


def _started(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot, from /proc), so that a pid the
    system reused is not taken for the run's process; None when it is not running."""
    if not Path("/proc/self/stat").exists():  # no /proc (macOS): only whether the pid lives
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return "?"
    try:
        return Path(f"/proc/{pid}/stat").read_text(errors="replace").rsplit(")", 1)[1].split()[19]
    except OSError:
        return None


def _process(pid: int | None = None) -> str:
    pid = os.getpid() if pid is None else pid
    return f"{socket.gethostname()}:{pid}:{_started(pid) or '?'}"


async def close_abandoned(db: Database) -> int:
    """Mark ``failed`` the ``running`` runs whose process on this host is gone; how many."""
    host = socket.gethostname() + ":"
    rows = await db.read(statements.RUNS_RUNNING, {"host": host})
    gone = []
    for row in rows:
        _, pid, started = str(row["process"]).rsplit(":", 2)
        if not pid.isascii() or not pid.isdigit():
            continue
        now = _started(int(pid))
        if now is None or (now != started and "?" not in (now, started)):
            failure = f"interrupted: its process ({row['process']}) ended before it finished"
            gone.append({"id": row["id"], "failure": failure})
    if gone:
        await db.write_query(statements.RUNS_ABANDONED, {"runs": gone})
    return len(gone)
