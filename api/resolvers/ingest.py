"""``ingestFindings``: the same records and rules as ``entangle ingest`` (editor role).

The ingest pipeline is synchronous (it batches writes through a sync driver), so it runs
in a worker thread while the event loop keeps serving other requests. Invalid records are
an answer, not a failure: the report comes back with outcome ``invalid``, every problem in
``errors`` and nothing written (unless ``skipInvalid``, which writes the valid ones).
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from strawberry.scalars import JSON

from entanglements.api.context import Info
from entanglements.api.types.ingest import IngestReport
from entanglements.core.errors import BadInputError
from entanglements.ingest.errors import InvalidInputError
from entanglements.ingest.pipeline import ingest_records


async def ingest_findings(
    info: Info, records: list[JSON], skip_invalid: bool | None = False
) -> IngestReport:
    context = info.context
    context.require("editor", "ingestFindings")
    if not records:
        raise BadInputError("records: give at least one record")
    rows: list[dict[str, Any]] = []
    for i, record in enumerate(records):
        if not isinstance(record, dict):
            raise BadInputError(f"records[{i}]: expected a JSON object")
        rows.append(record)

    def run() -> IngestReport:
        driver = context.state.sync_driver()
        try:
            summary = ingest_records(
                driver, context.settings, rows, origin="api", skip_invalid=bool(skip_invalid)
            )
        except InvalidInputError as exc:
            return IngestReport.of(exc.summary)
        return IngestReport.of(summary)

    return await anyio.to_thread.run_sync(run)
