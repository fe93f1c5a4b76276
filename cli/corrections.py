"""``entangle retract`` / ``unretract`` / ``history``: correct the record, and read how it
came to be (docs/corrections.md).

The CLI acts as ``cli:<OS user>``: that is the "who" a retraction keeps.
"""

from __future__ import annotations

import getpass
import json
import sys
from typing import Annotated

import typer

from entanglements.cli.database import with_bookmarks, with_database
from entanglements.cli.output import JsonOption, out, written
from entanglements.core.corrections.history import HISTORY, HistoryEvent, events
from entanglements.core.corrections.retractions import Retraction, Target, retract, unretract
from entanglements.core.errors import BadInputError, NotFoundError

KINDS = ", ".join(t.value for t in Target if t is not Target.SOURCE)

KindArg = Annotated[
    str | None, typer.Argument(help=f"What to retract: {KINDS}.", show_default=False)
]
IdArg = Annotated[str | None, typer.Argument(help="Its id.", show_default=False)]
SourceOpt = Annotated[
    str | None,
    typer.Option(
        "--source",
        help="A source id: its sole-source claims are retracted, the others lose its citations.",
    ),
]


def cli_user() -> str:
    """Who the CLI acts as: ``cli:`` and the OS user (``cli`` when it cannot be told)."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no passwd entry, no USER/LOGNAME (a bare container)
        return "cli"


def _target(kind: str | None, element_id: str | None, source: str | None) -> tuple[Target, str]:
    """``KIND ID`` or ``--source ID``, never both; BAD_USER_INPUT naming the argument."""
    if source is not None:
        if kind is not None or element_id is not None:
            raise BadInputError("give either KIND ID or --source SOURCE_ID, not both")
        return Target.SOURCE, source
    if kind is None or element_id is None:
        raise BadInputError(f"give KIND ID (KIND: {KINDS}) or --source SOURCE_ID")
    try:
        target = Target(kind.strip().lower())
    except ValueError:
        raise BadInputError(f"KIND: unknown {kind[:40]!r}; expected one of {KINDS}") from None
    if target is Target.SOURCE:
        raise BadInputError("retract a source with --source SOURCE_ID")
    return target, element_id


def retract_command(
    kind: KindArg = None,
    element_id: IdArg = None,
    source: SourceOpt = None,
    reason: Annotated[str, typer.Option("--reason", help="Why: kept with the retraction.")] = "",
    as_json: JsonOption = False,
) -> None:
    """Retract a claim (entity, relationship, listing) or a discredited source. Nothing is
    deleted; every read ignores it until it is unretracted."""
    target, target_id = _target(kind, element_id, source)
    by = cli_user()
    done, bookmarks = with_bookmarks(
        lambda db: retract(db, target, target_id, reason=reason, by=by)
    )
    if as_json:
        written(done, bookmarks)
        return
    out.print(f"retracted {target} {target_id} ({done.id})")
    if target is Target.SOURCE:
        out.print(
            f"{len(done.claims):,} claim(s) resting only on it retracted; "
            f"{done.withdrawn:,} citation(s) withdrawn from {len(done.cited):,} other element(s)"
        )
    _watch_outcome(done)


def unretract_command(
    kind: KindArg = None,
    element_id: IdArg = None,
    source: SourceOpt = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why it is undone (optional).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Undo a retraction: the claim (or everything a source retraction withdrew) is back as
    it was; the retraction stays on record, marked undone."""
    target, target_id = _target(kind, element_id, source)
    by = cli_user()
    done, bookmarks = with_bookmarks(
        lambda db: unretract(db, target, target_id, by=by, reason=reason)
    )
    if as_json:
        written(done, bookmarks)
        return
    out.print(f"unretracted {target} {target_id} (retraction {done.id} undone)")
    _watch_outcome(done)


def _watch_outcome(done: Retraction) -> None:
    """The watch check that followed the correction (core/corrections/retractions.py)."""
    if done.watch_error:
        out.print(
            f"warning: the watch check failed ({done.watch_error}); run `entangle watch check`"
        )
    elif done.alerts:
        out.print(f"{done.alerts:,} watch alert(s) raised (`entangle alerts`)")


def history_command(
    element_id: Annotated[str, typer.Argument(help="An entity, relationship, listing, source.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """Which ingest runs and analyst decisions touched an element, oldest first."""
    rows = with_database(lambda db: db.read(HISTORY, {"ids": [element_id]}))
    if not rows:
        raise NotFoundError(f"nothing has the id {element_id!r}")
    found = events(rows[0])
    if as_json:
        for event in found:
            sys.stdout.write(json.dumps(_plain(event), ensure_ascii=False) + "\n")
        return
    # Plain tab-separated lines, like `keys list`: never truncated, easy to grep.
    typer.echo("when\taction\telement\tby\trun/retraction\treason\tdetail")
    for e in found:
        typer.echo(
            "\t".join(
                (
                    e.at.isoformat(timespec="seconds"),
                    e.action,
                    e.element,
                    e.by or "-",
                    e.run or e.retraction or "-",
                    e.reason or "-",
                    e.detail or "-",
                )
            )
        )


def _plain(event: HistoryEvent) -> dict[str, object]:
    return {
        "at": event.at.isoformat(),
        "action": event.action,
        "element": event.element,
        "by": event.by,
        "run": event.run,
        "retraction": event.retraction,
        "reason": event.reason,
        "detail": event.detail,
    }
