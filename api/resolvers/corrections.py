"""``retract`` / ``unretract`` (editor role): the same rules as ``entangle retract``.

The write is the sync one the CLI uses (core/corrections/retractions.py), run in a worker
thread like ``ingestFindings``; the decision is kept under the API key's name.
"""

from __future__ import annotations

import anyio.to_thread
from strawberry import ID

from entanglements.api.context import Info
from entanglements.api.types.corrections import Retraction, RetractionTarget
from entanglements.core.corrections import retractions
from entanglements.core.vocab import NodeKind, key_of


async def retract(info: Info, target: RetractionTarget, id: ID, reason: str) -> Retraction:
    context = info.context
    context.require("editor", "retract")

    def run() -> retractions.Retraction:
        return retractions.retract(
            context.state.sync_driver(),
            context.settings,
            retractions.Target(str(target.value)),
            key_of(NodeKind(str(target.value)), str(id)),
            reason=reason,
            by=context.caller,
        )

    return Retraction.of(await anyio.to_thread.run_sync(run))


async def unretract(
    info: Info, target: RetractionTarget, id: ID, reason: str | None = None
) -> Retraction:
    context = info.context
    context.require("editor", "unretract")

    def run() -> retractions.Retraction:
        return retractions.unretract(
            context.state.sync_driver(),
            context.settings,
            retractions.Target(str(target.value)),
            key_of(NodeKind(str(target.value)), str(id)),
            by=context.caller,
            reason=reason,
        )

    return Retraction.of(await anyio.to_thread.run_sync(run))
