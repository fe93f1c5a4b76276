"""``ingestFindings``: the same records and rules as ``entangle ingest`` (editor role).

The pipeline writes through the app's ``Database``; its CPU-bound validation runs in a
worker thread (ingest/pipeline.py), so the event loop keeps serving other requests.
Invalid records are an answer, not a failure: the report comes back with outcome
``invalid``, every problem in ``errors`` and nothing written (unless ``skipInvalid``,
which writes the valid ones).
"""

from __future__ import annotations

from typing import Any

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

    try:
        summary = await ingest_records(
            context.db, rows, origin="api", skip_invalid=bool(skip_invalid)
        )
    except InvalidInputError as exc:
        return IngestReport.of(exc.summary)
    return IngestReport.of(summary)
