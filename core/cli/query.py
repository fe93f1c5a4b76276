"""``entangle query``: replaced by the saved-queries implementation (issue 6)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Run the saved Cypher queries.", no_args_is_help=True)
