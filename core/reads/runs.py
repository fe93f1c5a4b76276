"""The ingest runs the graph holds, newest first: what a dossier's reproducibility stamp names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, LiteralString

from entanglements.core.db.database import Database

#: What every read projects of an ingest run ``r``.
RUN_MAP: LiteralString = (
    ".id, .inputs, .sha256, .outcome, .origin, "
    "started_at: toString(r.started_at), finished_at: toString(r.finished_at)"
)
_RUNS: LiteralString = (
    "MATCH (r:IngestRun) "
    "WITH r ORDER BY r.started_at DESC, r.id "
    "WITH collect(r {" + RUN_MAP + "}) AS runs "
    "RETURN size(runs) AS total, runs[0..$limit] AS runs"
)


@dataclass(frozen=True, slots=True)
class IngestRunRow:
    id: str
    started_at: str | None
    finished_at: str | None
    inputs: tuple[str, ...]
    sha256: tuple[str, ...]
    outcome: str | None
    origin: str | None

    @classmethod
    def of(cls, row: dict[str, Any]) -> IngestRunRow:
        return cls(
            id=row["id"],
            started_at=row.get("started_at"),
            finished_at=row.get("finished_at"),
            inputs=tuple(row.get("inputs") or ()),
            sha256=tuple(row.get("sha256") or ()),
            outcome=row.get("outcome"),
            origin=row.get("origin"),
        )


@dataclass(frozen=True, slots=True)
class IngestRuns:
    runs: tuple[IngestRunRow, ...]
    total: int  # every run in the graph; ``runs`` holds the newest ``limit``


async def ingest_runs(db: Database, limit: int) -> IngestRuns:
    rows = await db.read(_RUNS, {"limit": limit})
    row = rows[0]
    return IngestRuns(runs=tuple(IngestRunRow.of(r) for r in row["runs"]), total=row["total"])
