"""``retract`` / ``unretract`` (editor role): the same rules as ``entangle retract``.

The write is the one the CLI uses (core/corrections/retractions.py), through the app's
``Database``; the decision is kept under the API key's name.
"""

from __future__ import annotations

from strawberry import ID

from entanglements.api.context import Info
from entanglements.api.types.corrections import Retraction, RetractionTarget
from entanglements.core.corrections import retractions
from entanglements.core.vocab import NodeKind, key_of


async def retract(info: Info, target: RetractionTarget, id: ID, reason: str) -> Retraction:
    context = info.context
    context.require("editor", "retract")

    done = await retractions.retract(
        context.db,
        retractions.Target(str(target.value)),
        key_of(NodeKind(str(target.value)), str(id)),
        reason=reason,
        by=context.caller,
    )
    return Retraction.of(done)


async def unretract(
    info: Info, target: RetractionTarget, id: ID, reason: str | None = None
) -> Retraction:
    context = info.context
    context.require("editor", "unretract")

    done = await retractions.unretract(
        context.db,
        retractions.Target(str(target.value)),
        key_of(NodeKind(str(target.value)), str(id)),
        by=context.caller,
        reason=reason,
    )
    return Retraction.of(done)
