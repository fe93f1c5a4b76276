"""``entangle db``: the local Neo4j server and the schema."""

from __future__ import annotations

from typing import Annotated

import typer

from entanglements.cli.database import with_database
from entanglements.cli.ingest import (
    FormatOpt,
    JsonOpt,
    MappingOpt,
    PathsArg,
    SkipInvalidOpt,
    VersionDateOpt,
)
from entanglements.cli.output import out
from entanglements.cli.server import local
from entanglements.core import invariants, reach
from entanglements.core.db.database import Database, delete_all
from entanglements.core.schema import migrate as apply_schema
from entanglements.core.settings import get_settings

app = typer.Typer(help="Start, stop and inspect Neo4j; apply the schema.", no_args_is_help=True)


def _uses_remote() -> bool:
    """A NEO4J_URI that is not on this machine names a server we must not manage."""
    return not get_settings().is_loopback


@app.command()
def start() -> None:
    """Start the local Neo4j (no-op when running; skipped for a remote NEO4J_URI)."""
    settings = get_settings()
    if _uses_remote():

        async def reachable(db: Database) -> None:
            return None  # opening the database verified it

        with_database(reachable, settings)
        out.print(f"using the Neo4j at {settings.neo4j_uri} (not managed here)")
        return
    out.print(f"starting Neo4j {settings.neo4j_version} on {settings.neo4j_uri} ...")
    started, layout = local.start(settings)
    state = "started" if started else "already running"
    out.print(f"Neo4j {state} on {settings.neo4j_uri} (files in {layout.root})")


@app.command()
def stop() -> None:
    """Stop the local Neo4j; leaves no process behind."""
    settings = get_settings()
    if local.stop(settings):
        out.print(f"Neo4j on {settings.neo4j_uri} stopped")
    else:
        out.print(f"Neo4j on {settings.neo4j_uri} is not running")


@app.command()
def status() -> None:
    """Print the server's version, URI and state."""
    settings = get_settings()
    layout = local.Layout.of(settings)
    pid = local.read_pid(layout)
    rows = with_database(
        lambda db: db.read(
            "CALL dbms.components() YIELD name, versions, edition "
            "RETURN name, versions[0] AS version, edition"
        ),
        settings,
    )
    info = rows[0]
    managed = f"local, pid {pid}" if pid else "not managed here"
    out.print(f"{info['name']} {info['version']} {info['edition']} at {settings.neo4j_uri}")
    out.print(f"state: running ({managed}); database: {settings.neo4j_database}")


@app.command()
def migrate() -> None:
    """Apply cypher/schema/*.cypher (idempotent)."""
    count = with_database(apply_schema)
    out.print(f"schema applied: {count} statements from cypher/schema/")


@app.command()
def reset(
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Delete ALL data in the database (asks first unless --yes)."""
    settings = get_settings()
    if not yes and not typer.confirm(
        f"Delete every node and relationship in {settings.neo4j_uri}/{settings.neo4j_database}?"
    ):
        raise typer.Exit(1)
    with_database(delete_all, settings)
    out.print("all data deleted (API keys kept)")


@app.command()
def maintain() -> None:
    """Recompute the exposure search's distance labels and last hops exactly (batched,
    progress on stderr); the writers keep them right as they go (core/reach.py)."""
    counts = with_database(reach.maintain)
    out.print(f"listed hops recomputed for {sum(counts.values()):,} entities")


@app.command("check")
def check_command() -> None:
    """Verify the graph's invariants (clusters, retractions, citations; docs/data-model.md):
    print each violation with its ids; exit 1 when there is any."""
    found = with_database(lambda db: db.read_tx(invariants.check))
    for violation in found:
        out.print(str(violation), markup=False)
    if found:
        out.print(f"{len(found):,} violation(s)", markup=False)
        raise typer.Exit(1)
    out.print("every invariant holds")


@app.command("import")
def import_command(
    paths: PathsArg = None,
    fmt: FormatOpt = "auto",
    skip_invalid: SkipInvalidOpt = False,
    batch_size: Annotated[
        int | None,
        typer.Option(
            "--batch-size",
            min=1,
            max=100_000,
            help="The ingest's batch size: decides how repeated ids are counted.",
        ),
    ] = None,
    version_date: VersionDateOpt = None,
    mapping: MappingOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """First load of an EMPTY database with neo4j-admin's bulk importer: the same graph as
    `entangle ingest` of the same files, several times faster (docs/ingest.md)."""
    from entanglements.cli import bulk_import  # the command's work, kept out of this module

    bulk_import.run(
        paths or [],
        fmt=fmt,
        skip_invalid=skip_invalid,
        batch_size=batch_size,
        version_date=version_date,
        mapping=mapping,
        as_json=as_json,
    )
