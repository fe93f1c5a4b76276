"""The answer of ``ingestFindings``: the same summary ``entangle ingest`` prints."""

from __future__ import annotations

from typing import TYPE_CHECKING

import strawberry

if TYPE_CHECKING:
    from entanglements.ingest.summary import IngestSummary


@strawberry.type(description="Counts of one record type in one ingest.")
class RecordCounts:
    record_type: str
    created: int
    updated: int
    unchanged: int
    rejected: int
    retracted_kept: int = strawberry.field(
        description="Records of retracted claims: written, and still retracted."
    )


@strawberry.type(description="A record that was refused: where (records[3]) and why.")
class IngestProblem:
    location: str
    message: str


@strawberry.type(description="What an ingest did; nothing is written when outcome is invalid.")
class IngestReport:
    run_id: str
    outcome: str = strawberry.field(description="ok, invalid or failed")
    counts: list[RecordCounts]
    errors: list[IngestProblem]
    alerts: int = strawberry.field(
        description="Alerts the watch check at the end of the ingest raised (docs/corrections.md)."
    )

    @classmethod
    def of(cls, summary: IngestSummary) -> IngestReport:
        return cls(
            run_id=summary.run_id,
            outcome=summary.outcome,
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
