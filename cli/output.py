"""How every ``entangle`` command writes: the two consoles, error and warning lines, the
progress bar, tables, and the one CSV writer.

CSV files are made to be opened in spreadsheets, and their cells hold third-party text
(list entries, article quotes, partner names). A spreadsheet runs a cell that starts with
``=``, ``+``, ``-`` or ``@`` as a formula (and tab or carriage return can hide such a start),
so, as OWASP's "CSV Injection" guidance recommends, :func:`csv_cell` prefixes every such
text cell with a single quote: the spreadsheet shows the text, the quote is visible in a text
editor, and a program reading the file can strip it. Numbers and booleans the product itself
computed are written as they are (``-0.5`` stays a number). The ``csv`` module quotes every
cell that holds a comma, a quote or a line break, so no cell can split into another. The web
app's "Download CSV" applies the same rule (``api/web/static/js/csv.js``); a test feeds the
same hostile names through both.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from entanglements.core.errors import BadInputError

#: Standard output: the data. Piped output gets wide tables (an 80-column default would wrap
#: every id and name).
#: Neither console reads markup: graph text such as ``[/]`` or ``[link=…]`` prints as it is.
out = Console(
    highlight=False, markup=False, soft_wrap=True, width=None if sys.stdout.isatty() else 240
)
#: Standard error: errors, warnings, progress and "wrote N rows".
err = Console(stderr=True, highlight=False, markup=False, soft_wrap=True)

#: The first characters that make a spreadsheet cell a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


#: ``--json`` of the commands that write (ingest, judge, retract, keys, watch, alerts ack).
JsonOption = Annotated[
    bool,
    typer.Option(
        "--json",
        help="Print what was written as one JSON object on standard output, with the "
        "bookmarks of the last transaction (send them to the API: Entangle-Bookmarks).",
    ),
]


def written(value: Any, bookmarks: Sequence[str]) -> None:
    """One JSON object: ``value`` (a dataclass, a pydantic model or a mapping) and
    ``bookmarks``, the raw bookmarks after the command's last write."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.asdict(value)
    elif hasattr(value, "model_dump"):
        fields = value.model_dump(mode="json")
    else:
        fields = dict(value)
    line = json.dumps({**fields, "bookmarks": list(bookmarks)}, default=_plain, ensure_ascii=False)
    sys.stdout.write(line + "\n")


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    return str(value)


def error(message: str) -> None:
    """One red ``error:`` line on standard error (the message is text, not markup)."""
    err.print(Text.assemble(("error:", "bold red"), " ", message))


def warning(message: str) -> None:
    err.print(Text.assemble(("warning:", "bold yellow"), " ", message))


def note(message: str) -> None:
    """A plain line on standard error (counts, "wrote N rows"): stdout keeps only data."""
    err.print(Text(message))


def csv_cell(value: object) -> str | int | float:
    """A value as a safe CSV cell: text that a spreadsheet would run gets a leading ``'``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(stream: IO[str], columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """The header and the rows, every cell through :func:`csv_cell`; returns the row count."""
    # RFC 4180 line ends: with "\n" alone the csv module would leave a bare "\r" unquoted.
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([csv_cell(c) for c in columns])
    count = 0
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
        count += 1
    return count


def write_csv_records(
    stream: IO[str], columns: Sequence[str], records: Iterable[dict[str, Any]]
) -> int:
    """Records (dicts) as CSV rows in ``columns``' order; a missing key is an empty cell."""
    return write_csv(stream, columns, ([r.get(c) for c in columns] for r in records))


@contextmanager
def atomic_output(path: Path, option: str = "--out") -> Iterator[IO[str]]:
    """A text file written beside ``path`` and renamed onto it when the block ends without
    an error: never a half-written file (an error or ^C leaves the old one)."""
    folder = path.resolve().parent
    if not folder.is_dir():
        raise BadInputError(f"{option} {path}: no such folder {folder}")
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="", dir=folder, suffix=".part", delete=False
    ) as f:
        tmp = Path(f.name)
        try:
            yield f
        except BaseException:
            f.close()
            tmp.unlink(missing_ok=True)
            raise
    tmp.replace(path)


def table(columns: Sequence[str], rows: Iterable[Sequence[object]], **options: Any) -> Table:
    """A rich table of plain text: data such as ``[integrated circuits]`` is not markup."""
    result = Table(*columns, **options)
    for row in rows:
        result.add_row(*(Text(text_cell(v)) for v in row))
    return result


def text_cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value else "0"
    return "" if value is None else str(value)


class ProgressBar:
    """A progress bar on standard error, drawn only when it is a terminal (a pipe, a log
    file or a test gets nothing); one line per task, each with its rate.

    ``with ProgressBar("records") as bar: bar.update("writing", done, total)``.
    """

    def __init__(self, unit: str, *, shown: bool | None = None) -> None:
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} " + unit + "/s"),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=not (err.is_terminal if shown is None else shown),
        )
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> ProgressBar:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def _task(self, label: str, total: int | None) -> TaskID:
        task = self.tasks.get(label)
        if task is None:
            task = self.tasks[label] = self.progress.add_task(label, rate="-", total=total)
        return task

    def update(self, label: str, done: int, total: int | None = None) -> None:
        task = self._task(label, total)
        self.progress.update(task, completed=done, total=total)
        elapsed = self.progress.tasks[task].elapsed or 0.0
        if elapsed > 0:
            self.progress.update(task, rate=f"{done / elapsed:,.0f}")

    def advance(self, label: str, n: int, total: int | None = None) -> None:
        task = self._task(label, total)
        self.update(label, int(self.progress.tasks[task].completed) + n, total)
