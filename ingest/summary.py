"""What an ingest reports: per record type counts and the errors, as one pydantic model.

The CLI prints it as a table (or JSON with ``--json``), the GraphQL mutation returns it, and
the ``IngestRun`` node stores its counts.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

#: Record types in the order they are written (references point backwards in this order).
RECORD_TYPES: tuple[str, ...] = ("source", "list", "entity", "relationship", "listing")

Outcome = Literal["ok", "invalid", "failed", "dry-run"]


class Problem(BaseModel):
    """One invalid record or input: where (``file:line`` or ``records[3]``) and why."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class TypeCounts(BaseModel):
    """Counts of one record type. ``read`` counts valid records (all a dry run reports)."""

    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    #: Records of retracted claims (or citing a withdrawn citation): written, still retracted.
    retracted_kept: int = 0


def _empty_counts() -> dict[str, TypeCounts]:
    return {kind: TypeCounts() for kind in RECORD_TYPES}


class IngestSummary(BaseModel):
    run_id: str
    outcome: Outcome
    inputs: list[str] = Field(default_factory=list)
    counts: dict[str, TypeCounts] = Field(default_factory=_empty_counts)
    errors: list[Problem] = Field(default_factory=list)
    #: Input records that have no place in the graph (e.g. FtM ``Identification``), by kind.
    skipped: dict[str, int] = Field(default_factory=dict)
    rejects_files: list[str] = Field(default_factory=list)
    #: The official list versions read (their source ids, e.g. ``un-sc-2024-10-17``).
    versions: list[str] = Field(default_factory=list)
    #: ``--snapshot``: listing periods closed because the version leaves them out.
    delisted: int = 0
    #: Alerts the watch check after the ingest raised (docs/corrections.md), and why the
    #: check failed if it did (the ingest itself is written all the same).
    alerts: int = 0
    watch_error: str | None = None
    seconds: float = 0.0

    def total(self, field: str) -> int:
        return sum(getattr(c, field) for c in self.counts.values())
