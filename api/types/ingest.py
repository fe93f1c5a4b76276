"""The answer of ``ingestFindings``: the same summary ``entangle ingest`` prints."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import strawberry

from entanglements.api.types.enums import IngestOutcome
from entanglements.api.types.node import Node, node_id
from entanglements.core.reads.runs import IngestRunRow
from entanglements.core.vocab import NodeKind

if TYPE_CHECKING:
    from entanglements.ingest.summary import IngestSummary


@strawberry.type(description="Counts of one record type in one ingest.")
class RecordCounts:
    record_type: str = strawberry.field(
        description="The record type: entity, relationship, listing, source or list."
    )
    created: int = strawberry.field(description="Records new to the graph.")
    updated: int = strawberry.field(description="Records that changed something.")
    unchanged: int = strawberry.field(description="Records stated again without change.")
    rejected: int = strawberry.field(description="Records refused (see errors).")
    retracted_kept: int = strawberry.field(
        description="Records of retracted claims: written, and still retracted."
    )


@strawberry.type(description="A record that was refused: where (records[3]) and why.")
class IngestProblem:
    location: str = strawberry.field(description="Where: records[3], or a file and line.")
    message: str = strawberry.field(description="What was wrong, in one line.")


@strawberry.type(description="What an ingest did; nothing is written when outcome is invalid.")
class IngestReport:
    run_id: str = strawberry.field(
        description="The ingest run's id (its key; `run:<key>` is its global id)."
    )
    outcome: IngestOutcome = strawberry.field(description="How it ended.")
    counts: list[RecordCounts] = strawberry.field(description="What happened to each record type.")
    errors: list[IngestProblem] = strawberry.field(description="Every refused record.")
    alerts: int = strawberry.field(
        description="Alerts the watch check at the end of the ingest raised (docs/corrections.md)."
    )

    @classmethod
    def of(cls, summary: IngestSummary) -> IngestReport:
        return cls(
            run_id=summary.run_id,
            outcome=IngestOutcome(summary.outcome),
            counts=[
                RecordCounts(
                    record_type=kind,
                    created=c.created,
                    updated=c.updated,
                    unchanged=c.unchanged,
                    rejected=c.rejected,
                    retracted_kept=c.retracted_kept,
                )
                for kind, c in summary.counts.items()
            ],
            errors=[IngestProblem(location=e.location, message=e.message) for e in summary.errors],
            alerts=summary.alerts,
        )


def timestamp(text: str | None) -> datetime | None:
    """An ISO 8601 text from Cypher's ``toString(datetime)`` as a datetime."""
    return datetime.fromisoformat(text) if text else None


@strawberry.type(description="One ingest the graph holds (the `IngestRun` node).")
class IngestRun(Node):
    started_at: datetime | None = strawberry.field(description="When it began.")
    finished_at: datetime | None = strawberry.field(description="When it ended; null: running.")
    inputs: list[str] = strawberry.field(description="The files or inputs it read, in order.")
    sha256: list[str] = strawberry.field(description="One digest per input, in order.")
    outcome: IngestOutcome | None = strawberry.field(description="How it ended; null: running.")
    origin: str | None = strawberry.field(description="Where it ran: cli or api.")

    @classmethod
    def of(cls, row: IngestRunRow) -> IngestRun:
        return cls(
            id=node_id(NodeKind.RUN, row.id),
            started_at=timestamp(row.started_at),
            finished_at=timestamp(row.finished_at),
            inputs=list(row.inputs),
            sha256=list(row.sha256),
            outcome=IngestOutcome(row.outcome) if row.outcome else None,
            origin=row.origin,
        )
