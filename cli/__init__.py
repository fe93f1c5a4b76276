"""The ``entangle`` command line: the composition root that wires core, ingest and api.

Every command reports failures as one clear line and an exit code (1: the database or
server failed, 2: the input was invalid), never a traceback.
"""

from __future__ import annotations

import logging
import signal
import sys
from types import FrameType

import typer
from pydantic import ValidationError

from entanglements.cli import (
    corrections,
    db,
    export,
    ingest,
    keys,
    ownership,
    query,
    resolve,
    screen,
    serve,
    watch,
)
from entanglements.cli.output import error, note
from entanglements.core.errors import EntangleError

app = typer.Typer(
    name="entangle",
    help="Entanglements: sourced links between institutions and sanctioned parties, in Neo4j.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(db.app, name="db")
app.command("ingest")(ingest.ingest)
app.command("export")(export.export)
app.command("serve")(serve.serve)
app.add_typer(keys.app, name="keys")
app.add_typer(query.app, name="query")
app.add_typer(ownership.app, name="ownership")
app.command("screen")(screen.screen)
app.command("compare")(screen.compare)
app.command("resolve")(resolve.resolve)
app.command("judge")(resolve.judge)
app.command("retract")(corrections.retract_command)
app.command("unretract")(corrections.unretract_command)
app.command("history")(corrections.history_command)
app.add_typer(watch.app, name="watch")
app.add_typer(watch.alerts_app, name="alerts")


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main() -> None:
    # The driver logs each transaction retry as a warning; with no logging configured Python
    # prints those to stderr, so a failure would read as a screenful instead of one line.
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
    # SIGTERM (a service manager, `kill`) ends a command as ^C does: an ingest then marks its
    # run failed, an --out file is not left half-written.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        app()
    except EntangleError as exc:
        error(str(exc))
        sys.exit(exc.exit_code)
    except ValidationError as exc:  # settings from the environment
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "settings"
        error(f"invalid setting {where}: {first['msg']}")
        sys.exit(2)
    except KeyboardInterrupt:
        note("interrupted")
        sys.exit(130)
