"""``entangle db import``: validate and convert (ingest/bulk.py), replace the local server's
store with the imported one (cli/server/store_import.py), then complete the graph.

Only the local server that ``entangle db start`` runs can be loaded this way: the import
tool writes store files, which a remote or clustered server does not share with this
machine (docs/deployment.md describes a cluster's first load).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from entanglements.cli.database import with_database
from entanglements.cli.ingest import LABELS, exit_invalid, finish
from entanglements.cli.output import ProgressBar, err
from entanglements.cli.server import local
from entanglements.cli.server.store_import import replace_store
from entanglements.core.db.database import Database
from entanglements.core.errors import ServerError
from entanglements.core.settings import Settings, get_settings
from entanglements.ingest.bulk import complete, convert, ensure_empty
from entanglements.ingest.errors import InvalidInputError
from entanglements.ingest.pipeline import Progress
from entanglements.ingest.summary import IngestSummary


def _say(message: str) -> None:
    err.print(f"db import: {message}", markup=False, highlight=False)


def _local_only(settings: Settings) -> None:
    if not settings.is_loopback:
        raise ServerError(
            f"`entangle db import` loads the local server that `entangle db start` runs; "
            f"NEO4J_URI {settings.neo4j_uri} is remote (for a remote or clustered server, "
            "see docs/deployment.md: first load)"
        )
    if local.read_pid(local.Layout.of(settings)) is None and local.bolt_open(settings):
        raise ServerError(
            f"the Neo4j on {settings.neo4j_uri} was not started by `entangle db start` "
            "(ENTANGLE_HOME), so `entangle db import` cannot replace its store"
        )


def run(
    paths: list[str],
    *,
    fmt: str,
    skip_invalid: bool,
    batch_size: int | None,
    version_date: str | None,
    mapping: Path | None,
    as_json: bool,
) -> None:
    settings = get_settings()
    _local_only(settings)
    began = time.perf_counter()
    if local.start(settings)[0]:
        _say(f"started Neo4j on {settings.neo4j_uri}")
    layout = local.Layout.of(settings)
    bar = ProgressBar("records", shown=err.is_terminal and not as_json)

    def progress(event: Progress) -> None:
        bar.update(LABELS[event.phase], event.done, event.total)

    async def load(db: Database, folder: Path) -> IngestSummary:
        await ensure_empty(db)
        _say("validating and converting to the import tool's CSV files")
        with bar:
            converted = await convert(
                db,
                paths,
                folder,
                fmt=fmt,
                skip_invalid=skip_invalid,
                batch_size=batch_size,
                progress=progress,
                version_date=version_date,
                mapping=mapping,
            )
        await ensure_empty(db)  # nothing was written meanwhile
        await asyncio.to_thread(replace_store, settings, converted.files, _say)
        # The server restarted: the first driver's connections are gone with it.
        async with Database.open(settings, role="cli") as restarted:
            return await complete(restarted, converted, _say)

    with tempfile.TemporaryDirectory(prefix="import-csv-", dir=layout.root) as tmp:
        try:
            summary = with_database(lambda db: load(db, Path(tmp)), settings)
        except InvalidInputError as exc:
            raise exit_invalid(exc, as_json) from None
    summary.seconds = round(time.perf_counter() - began, 3)
    finish(summary, as_json)
