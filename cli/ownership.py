"""``entangle ownership ENTITY --rule R [--as-of D]`` (a verdict and its witnesses as a tree)
and ``entangle ownership derive --rule R [--out FILE]`` (every party the rule restricts).

Arguments are checked before connecting; errors are one line (exit 2 for bad input).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

# Typer vendors click (typer._click); the group's hook is typed with that copy.
from typer import _click as click
from typer.core import TyperGroup

from entanglements.cli.database import with_database
from entanglements.cli.output import err, out
from entanglements.cli.ownership_output import (
    derived_row,
    print_json,
    verdict_json,
    verdict_tree,
    write_rows,
)
from entanglements.core.dates import PartialDate, PartialDateError
from entanglements.core.errors import BadInputError
from entanglements.core.ownership import questions
from entanglements.core.ownership.reads import derive as derive_rule
from entanglements.core.ownership.rules import rule_book


class _EntityOrCommand(TyperGroup):
    """``entangle ownership ENTITY ...`` runs ``show``; ``derive`` stays a subcommand."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().resolve_command(ctx, args)


app = typer.Typer(
    cls=_EntityOrCommand,
    help="Restricted by ownership: a rule's verdict on an entity, or every party it restricts.",
    no_args_is_help=True,
)

Rule = Annotated[
    str, typer.Option("--rule", help="ofac-50, bis-affiliates, eu-ownership, uk-ownership")
]
AsOf = Annotated[
    str | None, typer.Option("--as-of", help="YYYY, YYYY-MM or YYYY-MM-DD (default: today)")
]
Lists = Annotated[
    list[str] | None,
    typer.Option("--list", help="A list to draw on instead of the rule's (repeatable)."),
]


def _arguments(rule: str, as_of: str | None) -> PartialDate | None:
    rule_book().get(rule)  # an unknown rule fails before connecting
    try:
        return PartialDate.parse(as_of) if as_of is not None else None
    except PartialDateError as exc:
        raise BadInputError(f"--as-of: {exc}") from None


@app.command("show", hidden=True)
def show(
    entity: Annotated[str, typer.Argument(help="The entity id.")],
    rule: Rule,
    as_of: AsOf = None,
    lists: Lists = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON on standard output.")] = False,
) -> None:
    """A rule's verdict on ENTITY with the owners behind it, as a tree."""
    when = _arguments(rule, as_of)
    report = with_database(lambda db: questions.ownership_status(db, entity, rule, when, lists))
    if as_json:
        print_json(verdict_json(report))
        return
    out.print(f"{report.verdict.rule.name}, as of {report.as_of}")
    out.print(report.verdict.explanation)
    out.print(verdict_tree(report))


@app.command("derive")
def derive(
    rule: Rule,
    as_of: AsOf = None,
    lists: Lists = None,
    output: Annotated[
        Path | None, typer.Option("--out", help="Write .csv, .jsonl or .json (default: a table).")
    ] = None,
) -> None:
    """Every party RULE restricts or may restrict by ownership or control (listed ones excluded)."""
    when = _arguments(rule, as_of) or questions.today()
    if output is not None and output.suffix.lower() not in (".csv", ".jsonl", ".json"):
        raise BadInputError(f"--out {output}: expected a .csv, .jsonl or .json file")
    started = time.perf_counter()
    chosen = questions.checked_lists(lists)
    assessment, graph = with_database(
        lambda db: derive_rule(db, rule_book().get(rule), when, chosen)
    )
    rows = [
        derived_row(assessment.verdict(e), name=graph.names.get(e)) for e in assessment.derived()
    ]
    count = write_rows(rows, output)
    took = time.perf_counter() - started
    where = f" to {output}" if output else ""
    summary = f"{count} parties restricted or undetermined under {rule} as of {when}"
    err.print(f"{summary}{where} ({took:.1f} s)")
