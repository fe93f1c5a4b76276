"""``entangle ingest``: replaced by the ingest implementation (issue 3)."""

from __future__ import annotations

from core.errors import EntangleError


def ingest() -> None:
    """Load findings, FollowTheMoney or CSL files into the graph."""
    raise EntangleError("ingest is not built yet")
