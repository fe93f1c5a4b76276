"""``entangle export``: the graph or a part of it as FollowTheMoney JSON Lines or GraphML
(docs/export.md).

The output streams: each page read from Neo4j is written before the next is read. A file
is written under a temporary name and renamed at the end, so a failed export leaves no
half-written file; ``-`` (the default) is standard output. Progress goes to standard error.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TextIO

import typer

from entanglements.cli.database import with_database
from entanglements.cli.output import ProgressBar, note
from entanglements.cli.query import _parse_params
from entanglements.core.dates import PartialDate, PartialDateError
from entanglements.core.db.database import Database
from entanglements.core.errors import BadInputError
from entanglements.core.export import Format, Scope, export_text
from entanglements.core.reads.filters import Direction, rel_types
from entanglements.core.settings import get_settings


class _Progress:
    """Counts per kind on standard error (the one progress bar, drawn on a terminal only)."""

    def __init__(self) -> None:
        self.bar = ProgressBar("records")
        self.bar.progress.start()

    def __call__(self, what: str, done: int) -> None:
        self.bar.update(what, done)

    def finished(self, counts: dict[str, int]) -> None:
        self.bar.progress.stop()
        note("exported " + ", ".join(f"{n:,} {what}" for what, n in counts.items()))


def _as_of(text: str | None) -> PartialDate | None:
    try:
        return PartialDate.parse(text) if text else None
    except PartialDateError as exc:
        raise BadInputError(f"--as-of: {exc}") from None


def export(
    out: Annotated[
        str, typer.Option("--out", "-o", help="File to write; '-' is standard output.")
    ] = "-",
    fmt: Annotated[Format, typer.Option("--format", "-f", help="ftm or graphml")] = Format.FTM,
    entity: Annotated[
        str | None, typer.Option("--entity", help="Export this entity's neighbourhood.")
    ] = None,
    exposure: Annotated[
        str | None, typer.Option("--exposure", help="Export this entity's exposure report.")
    ] = None,
    hops: Annotated[
        int | None, typer.Option("--hops", help="Hops of --entity (1) or --exposure (3).")
    ] = None,
    query: Annotated[
        str | None, typer.Option("--query", help="Export what this saved query returns.")
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="--query's NAME=VALUE; lists as a,b,c."),
    ] = None,
    lists: Annotated[
        list[str] | None, typer.Option("--lists", help="--exposure: only these lists' listings.")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="--exposure: links in force at this date.")
    ] = None,
    types: Annotated[
        list[str] | None,
        typer.Option("--types", help="Relationship types followed (default: all)."),
    ] = None,
    direction: Annotated[
        Direction, typer.Option("--direction", help="--exposure: OUTGOING, INCOMING or BOTH.")
    ] = Direction.BOTH,
    first: Annotated[
        int | None, typer.Option("--first", help="--exposure: the nearest N parties (50).")
    ] = None,
) -> None:
    """Export the graph, an entity's neighbourhood, an exposure report or a saved query's
    result as FollowTheMoney JSON Lines or GraphML."""
    settings = get_settings()
    scope = Scope(
        entity=entity,
        exposure=exposure,
        query=query,
        hops=hops,
        params=_parse_params(param or []),
        as_of=_as_of(as_of),
        lists=lists or None,
        types=rel_types(types, "--types"),
        direction=direction,
        first=first,
    )
    if param and query is None:
        raise BadInputError("-p applies to --query only")
    scope.check(settings.max_hops, settings.max_first)
    progress = _Progress()
    counts: dict[str, int] = {}

    async def work(db: Database) -> None:
        with _output(out) as stream:
            async for chunk in export_text(db, scope, fmt, progress, counts):
                stream.write(chunk)

    with_database(work, settings)
    progress.finished(counts)


@contextmanager
def _output(out: str) -> Iterator[TextIO]:
    """Standard output for ``-``, else the file ``out`` (``_to_file``)."""
    if out == "-":
        yield sys.stdout
    else:
        with _to_file(Path(out)) as stream:
            yield stream


@contextmanager
def _to_file(path: Path) -> Iterator[TextIO]:
    """Write beside ``path`` under a temporary name, then rename: all or nothing. A path
    that exists and is no regular file (``/dev/null``, a named pipe) is written in place:
    renaming over it would replace the device or pipe with a file."""
    folder = path.parent
    if not folder.is_dir():
        raise BadInputError(f"--out {path}: no such folder {folder}")
    if path.exists() and not path.is_file():
        with path.open("w", encoding="utf-8", newline="\n") as stream:
            yield stream
        return
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
        temporary.chmod(_file_mode())  # mkstemp's 0600, made what a plain open would give
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
