"""``entangle watch`` and ``entangle alerts``: be told when a watched entity's exposure
changes (docs/corrections.md)."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import Annotated

import typer

from entanglements.cli.corrections import cli_user
from entanglements.cli.database import with_bookmarks, with_database
from entanglements.cli.output import JsonOption, out, written
from entanglements.core.dates import PartialDate
from entanglements.core.db.database import Database
from entanglements.core.errors import BadInputError
from entanglements.core.watch import alerts as core_alerts
from entanglements.core.watch import watches
from entanglements.core.watch.check import check_watches, current, with_verdicts
from entanglements.core.watch.verdicts import check_rule

app = typer.Typer(help="Watch entities: alerts when their exposure changes.", no_args_is_help=True)
alerts_app = typer.Typer(
    help="Alerts raised by watch checks (oldest first); `alerts ack ID...` acknowledges.",
    invoke_without_command=True,
)


@app.command()
def add(
    entity_id: Annotated[str, typer.Argument(help="The entity to watch (its id).")],
    hops: Annotated[
        int, typer.Option("--hops", help="How far to look for listed parties.")
    ] = watches.DEFAULT_HOPS,
    lists: Annotated[
        list[str] | None,
        typer.Option("--lists", help="Only these lists count (repeat the option); all if none."),
    ] = None,
    rule: Annotated[
        str | None,
        typer.Option(
            "--rule", help="An ownership rule whose verdict to follow: ofac-50, uk-ownership, ..."
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Watch an entity (or change its watch); its exposure now is what later checks compare
    with, so adding raises no alert."""
    rule = check_rule(rule) if rule is not None else None
    by = cli_user()

    async def work(db: Database) -> tuple[str, watches.Reach]:
        name = await watches.validate(db, entity_id, hops, lists)
        probe = watches.Watch(entity_id, name, hops, tuple(lists) if lists else None, rule, "")
        today = datetime.now(UTC).date()
        baseline = await current(db, probe, today)
        [baseline] = await with_verdicts(db, [probe], [baseline], today)
        await watches.save(
            db,
            entity_id,
            hops=hops,
            lists=lists or None,
            rule=rule,
            by=by,
            baseline=baseline,
            run=None,
        )
        return name, baseline

    (name, baseline), bookmarks = with_bookmarks(work)
    if as_json:
        written({"entity": entity_id, "name": name, "hops": hops, "in_reach": len(baseline.parties),
                 "verdict": baseline.verdict}, bookmarks)  # fmt: skip
        return
    verdict = f"; {rule}: {baseline.verdict}" if rule else ""
    out.print(
        f"watching {name} ({entity_id}) within {hops} hop(s): "
        f"{len(baseline.parties):,} listed part(y/ies) in reach now{verdict}"
    )


@app.command("list")
def list_() -> None:
    """The watches: entity, hops, lists, rule, parties in reach at the last check."""
    found = with_database(watches.all_watches)
    typer.echo("entity\thops\tlists\trule\tin_reach\tchecked\tname")
    for w in found:
        checked = w.checked_at.isoformat(timespec="seconds") if w.checked_at else "-"
        lists = ",".join(w.lists) if w.lists else "all"
        typer.echo(
            f"{w.entity_id}\t{w.hops}\t{lists}\t{w.rule or '-'}\t{len(w.snapshot.parties)}"
            f"\t{checked}\t{w.entity_name}"
        )


@app.command()
def remove(
    entity_id: Annotated[str, typer.Argument(help="The watched entity's id.")],
    as_json: JsonOption = False,
) -> None:
    """Stop watching an entity (its alerts are kept)."""
    gone, bookmarks = with_bookmarks(lambda db: watches.remove(db, entity_id))
    if as_json:
        written({"entity": gone.entity_id, "removed": True}, bookmarks)
        return
    out.print(f"no longer watching {gone.entity_id}")


@app.command()
def check() -> None:
    """Check every watch now (ingests do it at their end), and print the new alerts."""
    result = with_database(check_watches)
    for alert in result.alerts:
        out.print(alert.summary())
    out.print(
        f"checked {result.watches:,} watch(es) in {result.seconds:.1f}s: "
        f"{len(result.alerts):,} new alert(s)"
    )


def _since(value: str | None) -> PartialDate | None:
    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except ValueError as exc:
        raise BadInputError(f"--since: {exc}") from None


@alerts_app.callback()
def alerts(
    ctx: typer.Context,
    since: Annotated[
        str | None, typer.Option("--since", help="Raised on or after this date (2026-11).")
    ] = None,
    unacknowledged: Annotated[
        bool, typer.Option("--unacknowledged", help="Only those not acknowledged yet.")
    ] = False,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="One JSON object per line (for mail or chat tools)."),
    ] = False,
) -> None:
    """List alerts, oldest first."""
    if ctx.invoked_subcommand is not None:
        return
    after = _since(since)
    found = with_database(
        lambda db: core_alerts.all_alerts(db, since=after, unacknowledged=unacknowledged)
    )
    for alert in found:
        if as_json:
            sys.stdout.write(json.dumps(alert.plain(), ensure_ascii=False) + "\n")
        else:
            acked = f" [acknowledged by {alert.acknowledged_by}]" if alert.acknowledged_at else ""
            at = alert.at.isoformat(timespec="seconds")
            typer.echo(f"{at}\t{alert.id}\t{alert.summary()}{acked}")


@alerts_app.command()
def ack(
    alert_ids: Annotated[list[str], typer.Argument(help="The alerts to acknowledge.")],
    as_json: JsonOption = False,
) -> None:
    """Acknowledge alerts (they are kept; the first acknowledgement stays)."""
    by = cli_user()
    done, bookmarks = with_bookmarks(lambda db: core_alerts.acknowledge(db, alert_ids, by=by))
    if as_json:
        written({"acknowledged": [alert.plain() for alert in done]}, bookmarks)
        return
    out.print(f"acknowledged {len(done):,} alert(s)")
