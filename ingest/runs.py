"""The ``IngestRun`` node: one per run, with its inputs (and their sha256), counts and outcome.
Entities, sources, lists, relationships and listings point back to runs by id
(``first_run``, ``last_run``)."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime

import neo4j

from entanglements.core.db.driver import run_write
from entanglements.core.settings import Settings
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

    def start(self, driver: neo4j.Driver, settings: Settings) -> None:
        run_write(driver, settings, statements.RUN_START, **self._params())

    def finish(self, driver: neo4j.Driver, settings: Settings, summary: IngestSummary) -> None:
        counts = json.dumps({k: v.model_dump() for k, v in summary.counts.items()})
        run_write(
            driver,
            settings,
            statements.RUN_FINISH,
            counts=counts,
            outcome=summary.outcome,
            versions=self.versions,
            **self._params(),
        )
