"""Reading a CSV input row by row with the line numbers a person sees in an editor.

Shared by the CSV-shaped parsers (findings CSV folders, the Consolidated Screening List):
a quoted cell may span lines, a malformed row or an undecodable line becomes an ``Item``
naming its line, and blank rows are skipped.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from typing import Any

from entanglements.ingest.inputs import Input, LineError, open_binary, text_lines
from entanglements.ingest.parsers.base import Item

#: Checks a header row: why it is not the one expected, or None.
HeaderCheck = Callable[[list[str]], str | None]


def csv_table(
    source: Input, check: HeaderCheck, *, fold_header: bool = False
) -> Iterator[tuple[int, dict[str, str]] | Item]:
    """Open ``source`` as a CSV table: its header (lower-cased with ``fold_header``) must
    pass ``check``; then ``(line, cells by column)`` per row, or an ``Item`` per error
    (a header and nothing under it is one)."""
    with open_binary(source.path) as stream:
        reader = csv.reader(text_lines(stream))
        header = read_header(source, reader)
        if isinstance(header, Item):
            yield header
            return
        header = [h.lower() for h in header] if fold_header else header
        problem = check(header)
        if problem:
            yield Item(f"{source.label}:1", header, error=problem)
            return
        empty = True
        for entry in read_rows(source, reader, header):
            empty = False
            if isinstance(entry, Item):
                yield entry
            else:
                yield entry[0], dict(zip(header, entry[1], strict=False))
        if empty:
            yield Item(f"{source.label}:2", None, error="empty file: a header but no rows")


def read_header(source: Input, reader: Any) -> list[str] | Item:
    """The header row, stripped; an ``Item`` with the error when there is none."""
    try:
        return [h.strip() for h in next(reader)]
    except StopIteration:
        return Item(f"{source.label}:1", None, error="empty file: no header row")
    except (csv.Error, LineError) as exc:
        return Item(f"{source.label}:{getattr(exc, 'line', 1)}", None, error=str(exc))


def read_rows(
    source: Input, reader: Any, header: list[str]
) -> Iterator[tuple[int, list[str]] | Item]:
    """(line, cells) per non-blank row, or an ``Item`` for a row that cannot be read.

    An undecodable line ends the input (what follows cannot be trusted to line up).
    """
    previous = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Item(f"{source.label}:{previous + 1}", None, error=f"malformed CSV: {exc}")
            previous = reader.line_num
            continue
        except LineError as exc:
            yield Item(f"{source.label}:{exc.line}", None, error=exc.message)
            return
        line, previous = previous + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            message = f"the row has {len(row)} cells but the header has {len(header)}"
            yield Item(f"{source.label}:{line}", row, error=message)
            continue
        yield line, row
