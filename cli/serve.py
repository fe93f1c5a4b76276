"""``entangle serve``: the GraphQL API on uvicorn (applies the schema first if needed)."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from entanglements.api.hosts import LOOPBACK_NAMES, allowed_hosts, check_listening, is_loopback
from entanglements.cli.database import with_database
from entanglements.cli.output import err as out
from entanglements.cli.output import warning
from entanglements.core.db.database import Database
from entanglements.core.errors import BadInputError
from entanglements.core.schema import is_migrated, migrate
from entanglements.core.settings import get_settings
from entanglements.ingest.runs import close_abandoned


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(help="uvicorn worker processes.")] = 1,
    access_log: Annotated[
        bool, typer.Option(help="Log one line per request (costs throughput under load).")
    ] = True,
) -> None:
    """Serve the GraphQL API (GraphiQL at /graphql when ENTANGLE_GRAPHIQL is true)."""
    if workers < 1 or not 0 < port < 65536:
        raise BadInputError("--workers must be at least 1 and --port between 1 and 65535")
    settings = get_settings()
    check_listening(settings, host)
    with_database(_prepare, settings)
    role = settings.anonymous_role
    access = f"anonymous requests get the {role!r} role" if role else "an API key is required"
    out.print(f"serving http://{host}:{port}/graphql ({access})")
    names = allowed_hosts(settings)
    if names is LOOPBACK_NAMES and not is_loopback(host):
        warning(
            "answering only the loopback host names (localhost, 127.0.0.1, ::1): "
            "set ENTANGLE_ALLOWED_HOSTS to the names clients use"
        )
    # An import string + factory: every worker process builds its own app and driver.
    # uvloop and httptools instead of asyncio's loop and h11: 306 → 392 small requests/s
    # on the benchmark (docs/performance.md); the driver's Bolt I/O gains most.
    uvicorn.run(
        "entanglements.api.app:app_from_env",
        factory=True,
        loop="uvloop",
        http="httptools",
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        access_log=access_log,
        timeout_graceful_shutdown=10,
    )


async def _prepare(db: Database) -> None:
    """Before serving: the schema applied, runs of killed processes marked failed (this
    command's own event loop ends before uvicorn starts its own)."""
    if not await is_migrated(db):
        count = await migrate(db)
        out.print(f"schema applied: {count} statements from cypher/schema/")
    if abandoned := await close_abandoned(db):
        out.print(f"marked {abandoned} interrupted ingest run(s) failed")
