"""``entangle serve``: replaced by the API implementation (issue 5)."""

from __future__ import annotations

from core.errors import EntangleError


def serve() -> None:
    """Serve the GraphQL API."""
    raise EntangleError("serve is not built yet")
