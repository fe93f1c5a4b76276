"""Who is asking: what a client (the web app first) needs to offer only what the caller may do."""

from __future__ import annotations

import strawberry


@strawberry.type(description="The caller, as the API sees this request.")
class Viewer:
    role: str | None = strawberry.field(
        description="reader, editor or admin (the key's role, or ENTANGLE_ANONYMOUS_ROLE)."
    )
