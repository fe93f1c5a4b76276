"""``ingestFindings``: the same records and rules as ``entangle ingest`` (editor role).

The ingest pipeline is synchronous (it batches writes through the sync driver), so it runs
in a worker thread and the event loop keeps serving other requests meanwhile.
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from strawberry.scalars import JSON

from api.context import Info
from api.types.ingest import IngestReport
from core.errors import BadInputError


async def ingest_findings(info: Info, records: list[JSON]) -> IngestReport:
    context = info.context
    context.require("editor", "ingestFindings")
    if not all(isinstance(r, dict) for r in records):
        raise BadInputError("records: every record must be a JSON object")
    from ingest.pipeline import ingest_records  # the ingest package is optional at import

    rows: list[dict[str, Any]] = [dict(r) for r in records]  # type: ignore[call-overload]
    summary = await anyio.to_thread.run_sync(
        lambda: ingest_records(
            context.state.sync_driver(), context.settings, rows, origin="api", skip_invalid=False
        )
    )
    return IngestReport.of(summary)
