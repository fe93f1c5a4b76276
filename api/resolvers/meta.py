"""``viewer`` and ``relationshipTypes``: what a client needs to build its forms."""

from __future__ import annotations

from entanglements.api.context import Info
from entanglements.api.types.enums import Role
from entanglements.api.types.viewer import Viewer
from entanglements.core.vocab import RelType


async def viewer(info: Info) -> Viewer:
    role = info.context.role
    return Viewer(role=Role(role) if role else None)


async def relationship_types() -> list[str]:
    return [t.value for t in RelType]
