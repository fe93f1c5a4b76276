"""Rows of a publisher's CSV or tab-separated file, decoded leniently (text.py), with the
line numbers an editor shows; a row that cannot be read ends the file with an ``Item``.
Control characters (what broken encodings leave) are removed from every cell, each such
cell counted as a skipped ``Item`` before its row."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from entanglements.ingest.inputs import LineError, open_binary
from entanglements.ingest.parsers.base import Item
from entanglements.ingest.parsers.lists.text import clean, has_control, lenient_lines


def csv_rows(
    path: Path, label: str, prefix: str, delimiter: str = ","
) -> Iterator[tuple[int, list[str]] | Item]:
    """(line, stripped cells) per non-blank row; an ``Item`` with the error, then stop;
    a skipped ``Item`` (``<prefix>: control characters removed``) per cell cleaned."""
    with open_binary(path) as stream:
        reader = csv.reader(lenient_lines(stream), delimiter=delimiter)
        previous = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except (csv.Error, LineError) as exc:
                line = getattr(exc, "line", previous + 1)
                yield Item(f"{label}:{line}", None, error=f"malformed CSV: {exc}")
                return
            line, previous = previous + 1, reader.line_num
            for _ in filter(has_control, row):
                yield Item(f"{label}:{line}", None, skipped=f"{prefix}: control characters removed")
            if any(cell.strip() for cell in row):
                yield line, [" ".join(clean(c).split()) for c in row]
