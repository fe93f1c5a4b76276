"""``entangle keys``: replaced by the API implementation (issue 5)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Manage API keys.", no_args_is_help=True)
