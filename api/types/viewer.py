"""Who is asking: what a client (the web app first) needs to offer only what the caller may do."""

from __future__ import annotations

import strawberry

from entanglements.api.types.enums import Role


@strawberry.type(description="The caller, as the API sees this request.")
class Viewer:
    role: Role | None = strawberry.field(
        description="The key's role, or ENTANGLE_ANONYMOUS_ROLE without a key; null for no role."
    )
