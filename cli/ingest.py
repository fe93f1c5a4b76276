"""``entangle ingest``: load findings, FollowTheMoney or CSL files into the graph.

Exit codes: 0 success, 2 invalid input (nothing written unless ``--skip-invalid``),
1 the database failed. Errors are one block on standard error, never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from entanglements.cli.database import with_bookmarks
from entanglements.cli.output import ProgressBar, err, error, out, warning, written
from entanglements.core.db.database import Database
from entanglements.core.settings import get_settings
from entanglements.ingest.errors import InvalidInputError
from entanglements.ingest.pipeline import Progress as IngestProgress
from entanglements.ingest.pipeline import ingest_paths
from entanglements.ingest.summary import IngestSummary

LABELS = {"validate": "validating", "write": "writing"}


def _table(summary: IngestSummary) -> Table:
    table = Table(title=f"ingest {summary.run_id}: {summary.outcome} in {summary.seconds:.1f}s")
    columns = ("record", "read", "created", "updated", "unchanged", "rejected", "retracted")
    for column in columns:
        table.add_column(column, justify="left" if column == "record" else "right")
    for kind, counts in summary.counts.items():
        values = (counts.read, counts.created, counts.updated, counts.unchanged, counts.rejected)
        kept = f"{counts.retracted_kept:,}, kept so" if counts.retracted_kept else "0"
        table.add_row(kind, *(f"{v:,}" for v in values), kept)
    return table


def _report(summary: IngestSummary, as_json: bool, bookmarks: list[str] | None = None) -> None:
    if as_json:
        written(summary, bookmarks or [])
        return
    out.print(_table(summary))
    for kind, count in sorted(summary.skipped.items()):
        out.print(f"skipped {count:,} {kind} (no place in the graph)")
    for version in summary.versions:
        out.print(f"list version {version}")
    if summary.delisted:
        out.print(f"delisted {summary.delisted:,} listing(s) absent from the list version")
    for path in summary.rejects_files:
        out.print(f"rejected records and their reasons: {path}")
    if summary.alerts:
        out.print(f"{summary.alerts:,} watch alert(s) raised: see `entangle alerts`")
    if summary.watch_error:
        warning(f"the watch check failed: {summary.watch_error}")


#: The options ``entangle ingest`` and ``entangle db import`` share (cli/db.py).
PathsArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Files or folders to load; '-' reads standard input. With --mapping: the "
        "CSV files to apply it to (none: its queries' csv_url)."
    ),
]
FormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        help="auto (detect from the content), findings, ftm, csl, un-sc, ofac-xml, "
        "ofac-csv, eu-fsf, uk-hmt, bis-dpl",
    ),
]
SkipInvalidOpt = Annotated[
    bool,
    typer.Option(
        "--skip-invalid",
        help="Write the valid records; put the rejected ones in <input>.rejects.jsonl.",
    ),
]
BatchSizeOpt = Annotated[
    int | None,
    typer.Option("--batch-size", min=1, max=100_000, help="Records per write transaction."),
]
JsonOpt = Annotated[
    bool, typer.Option("--json", help="Print the summary as JSON on standard output.")
]
VersionDateOpt = Annotated[
    str | None,
    typer.Option(
        "--version-date",
        help="Publication date (YYYY-MM-DD) of list files that state none (OFAC CSV, BIS DPL).",
    ),
]
MappingOpt = Annotated[
    Path | None,
    typer.Option(
        "--mapping",
        help="A FollowTheMoney mapping (YAML) with a 'citation' per query: load CSV "
        "files through it (docs/ingest.md).",
    ),
]


def exit_invalid(exc: InvalidInputError, as_json: bool) -> typer.Exit:
    """Invalid input: the summary (with --json) and the errors; the exit to raise."""
    if as_json:
        _report(exc.summary, as_json=True)
    error(str(exc))
    return typer.Exit(exc.exit_code)


def finish(summary: IngestSummary, as_json: bool, bookmarks: list[str] | None = None) -> None:
    """The summary (with the write's bookmarks under --json), and with --skip-invalid the
    first rejected records."""
    _report(summary, as_json, bookmarks)
    if summary.errors and not as_json:
        err.print(f"{len(summary.errors):,} record(s) rejected (--skip-invalid); first ones:")
        for problem in summary.errors[:10]:
            err.print(f"  {problem}")


def ingest(
    paths: PathsArg = None,
    fmt: FormatOpt = "auto",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Validate only; write nothing.")
    ] = False,
    skip_invalid: SkipInvalidOpt = False,
    batch_size: BatchSizeOpt = None,
    as_json: JsonOpt = False,
    snapshot: Annotated[
        bool,
        typer.Option(
            "--snapshot",
            help="Each official list file is the whole current version of its lists: "
            "entries it leaves out are delisted on its date.",
        ),
    ] = False,
    version_date: VersionDateOpt = None,
    mapping: MappingOpt = None,
) -> None:
    """Load findings (JSON Lines, CSV folder, YAML), FollowTheMoney or CSL files into the graph."""
    settings = get_settings()
    bar = ProgressBar("records", shown=err.is_terminal and not as_json)

    def progress(event: IngestProgress) -> None:
        bar.update(LABELS[event.phase], event.done, event.total)

    async def work(db: Database) -> IngestSummary:
        with bar:
            return await ingest_paths(
                db,
                paths or [],
                fmt=fmt,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                batch_size=batch_size,
                progress=progress,
                snapshot=snapshot,
                version_date=version_date,
                mapping=mapping,
            )

    try:
        summary, bookmarks = with_bookmarks(work, settings)
    except InvalidInputError as exc:
        raise exit_invalid(exc, as_json) from None
    finish(summary, as_json, bookmarks)
