"""``entangle keys``: create, list and revoke API keys (only their hashes are stored)."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer

from entanglements.cli.database import with_bookmarks, with_database
from entanglements.cli.output import JsonOption, out, written
from entanglements.core.keys import ROLES, create_key, list_keys, revoke_key

app = typer.Typer(help="Manage API keys.", no_args_is_help=True)


@app.command()
def create(
    name: Annotated[str, typer.Option(help="Who or what the key is for.")],
    role: Annotated[str, typer.Option(help=f"One of: {', '.join(ROLES)}.")] = "reader",
    as_json: JsonOption = False,
) -> None:
    """Create a key and print it once (it cannot be shown again)."""
    (key, secret), bookmarks = with_bookmarks(lambda db: create_key(db, name=name, role=role))
    if as_json:
        written({**dataclasses.asdict(key), "key": secret}, bookmarks)
        return
    typer.echo(secret)
    typer.echo(f"created key {key.id} ({key.role}) for {key.name!r}; store it now", err=True)


@app.command("list")
def list_() -> None:
    """List keys: id, name, role, dates (never the keys themselves)."""
    keys = with_database(list_keys)
    # Plain tab-separated lines: never truncated, easy to grep (names last: they may hold spaces).
    typer.echo("id\trole\tcreated\trevoked\tname")
    for key in keys:
        created = key.created_at.isoformat(timespec="seconds") if key.created_at else "-"
        revoked = key.revoked_at.isoformat(timespec="seconds") if key.revoked_at else "-"
        typer.echo(f"{key.id}\t{key.role}\t{created}\t{revoked}\t{key.name}")


@app.command()
def revoke(
    key_id: Annotated[str, typer.Argument(help="The key's id (from `keys list`).")],
    as_json: JsonOption = False,
) -> None:
    """Revoke a key: every API instance refuses it within ENTANGLE_KEY_CACHE seconds."""
    key, bookmarks = with_bookmarks(lambda db: revoke_key(db, key_id))
    if as_json:
        written(key, bookmarks)
        return
    out.print(f"revoked key {key.id} ({key.role}, {key.name!r})")
