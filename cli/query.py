"""``entangle query``: list, show and run the saved Cypher queries (docs/queries.md).

Tables are for people; ``--format json`` and ``--format csv`` are for pipes (stdout holds
only the data, warnings go to stderr). Bad input is checked before connecting, so a typo
in a parameter fails fast even when the database is down.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from entanglements.cli.database import with_database
from entanglements.cli.output import out, warning, write_csv
from entanglements.core.errors import BadInputError
from entanglements.core.saved_queries import JSONValue, Library, SavedQuery, load_library
from entanglements.core.saved_queries.library import display_path
from entanglements.core.saved_queries.runner import prepare, run_query
from entanglements.core.settings import get_settings

app = typer.Typer(help="List, show and run the saved Cypher queries.", no_args_is_help=True)


class ListFormat(StrEnum):
    table = "table"
    json = "json"


class RunFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _warn_refused(library: Library) -> None:
    for refused in library.refused:
        warning(refused.message)


def _param_summary(query: SavedQuery) -> str:
    parts = []
    for p in query.parameters:
        parts.append(p.name if p.required else f"[{p.name}]")
    return " ".join(parts)


def _describe(query: SavedQuery) -> dict[str, Any]:
    return {
        "name": query.name,
        "description": query.description,
        "path": display_path(query.path),
        "parameters": [
            {
                "name": p.name,
                "type": p.type,
                "required": p.required,
                "default": p.default,
                "description": p.description,
            }
            for p in query.parameters
        ],
    }


@app.command("list")
def list_queries(
    format_: Annotated[ListFormat, typer.Option("--format", "-f", help="table or json")] = (
        ListFormat.table
    ),
) -> None:
    """List the saved queries (refused files are reported on stderr)."""
    library = load_library(get_settings())
    _warn_refused(library)
    if format_ is ListFormat.json:
        sys.stdout.write(json.dumps([_describe(q) for q in library], ensure_ascii=False) + "\n")
        return
    table = Table(show_lines=False)
    table.add_column("name", style="bold", no_wrap=True)
    table.add_column(Text("parameters ([optional])"))
    table.add_column("description")
    for query in library:
        table.add_row(Text(query.name), Text(_param_summary(query)), Text(query.description))
    out.print(table)


@app.command()
def show(name: Annotated[str, typer.Argument(help="The query's name.")]) -> None:
    """Show one query: what it does, its parameters and its Cypher."""
    query = load_library(get_settings()).get(name)
    out.print(Text.assemble((query.name, "bold"), ": ", query.description))
    out.print(f"file: {display_path(query.path)}")
    if query.parameters:
        table = Table(title="parameters", title_justify="left")
        for column in ("name", "type", "default", "description"):
            table.add_column(column)
        for p in query.parameters:
            default = "(required)" if p.required else json.dumps(p.default, ensure_ascii=False)
            table.add_row(Text(p.name), Text(p.type), Text(default), Text(p.description))
        out.print(table)
    out.print()
    out.print(query.text.rstrip(), markup=False, highlight=False)


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise BadInputError(f"-p {pair[:60]!r}: expected -p NAME=VALUE")
        if key in params:
            raise BadInputError(f"parameter {key!r} given twice (a list is -p {key}=a,b,c)")
        params[key] = value
    return params


def cell_text(value: JSONValue) -> str:
    """A JSON value as one table cell a person can read (nodes by name, paths as routes)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    if isinstance(value, dict):
        if {"nodes", "relationships"} <= value.keys() and isinstance(value["nodes"], list):
            return " → ".join(cell_text(n) for n in value["nodes"])
        props = value.get("properties")
        if isinstance(props, dict) and "labels" in value:
            return str(props.get("name") or props.get("id") or value.get("id"))
        if isinstance(props, dict) and "type" in value:
            return f":{value['type']} {props.get('id') or ''}".strip()
        return json.dumps(value, ensure_ascii=False)
    if all(v is None or isinstance(v, str | int | float | bool) for v in value):
        return ", ".join(cell_text(v) for v in value)
    return json.dumps(value, ensure_ascii=False)


def _csv_cell(value: JSONValue) -> object:
    """Scalars as they are (``write_csv`` makes them safe), lists and maps as JSON."""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


@app.command()
def run(
    name: Annotated[str, typer.Argument(help="The query's name.")],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="NAME=VALUE; lists as a,b,c; repeat for more."),
    ] = None,
    format_: Annotated[
        RunFormat, typer.Option("--format", "-f", help="table (people), json or csv (pipes)")
    ] = RunFormat.table,
) -> None:
    """Run a saved query, read-only, with a time limit and a row cap."""
    settings = get_settings()
    library = load_library(settings)
    query, params = prepare(
        settings, name, _parse_params(param or []), from_strings=True, library=library
    )
    result = with_database(lambda db: run_query(db, query, params), settings)
    if result.truncated:
        warning(
            f"only the first {len(result.rows)} rows (ENTANGLE_MAX_ROWS); the query returned more"
        )
    if format_ is RunFormat.json:
        document = {"columns": result.columns, "rows": result.rows, "truncated": result.truncated}
        sys.stdout.write(json.dumps(document, ensure_ascii=False) + "\n")
    elif format_ is RunFormat.csv:
        write_csv(sys.stdout, result.columns, ([_csv_cell(v) for v in row] for row in result.rows))
    else:
        table = Table(caption=f"{len(result.rows)} rows")
        for column in result.columns:
            table.add_column(Text(column))
        for row in result.rows:
            # Text, not str: data such as "[integrated circuits]" is not rich markup.
            table.add_row(*(Text(cell_text(v)) for v in row))
        out.print(table)
