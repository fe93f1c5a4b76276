"""Findings as a folder of CSV files, one per record type (spreadsheet friendly).

List-valued columns hold ``;``-separated values. A citation is the three columns
``citation_source``, ``citation_quote``, ``citation_locator``; more citations for the same
record go on the rows right below it, repeating its id (their other cells blank or equal).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from entanglements.core.messages import clip
from entanglements.core.models import RECORD_TYPES, Record
from entanglements.core.stored import stored_fields
from entanglements.ingest.inputs import MAX_LINE_BYTES, Input
from entanglements.ingest.parsers.base import Item, item
from entanglements.ingest.parsers.csv_rows import csv_table

CITATION_COLUMNS = ("citation_source", "citation_quote", "citation_locator")


def _columns(model: type[Record]) -> tuple[str, ...]:
    """A record type's fields as they are spelled in files; citations have their own columns."""
    return tuple(
        info.alias or name
        for name, info in model.model_fields.items()
        if name not in ("record", "citations")
    )


#: Columns of each file (the records' fields); list-valued ones are split on ``;``.
COLUMNS: dict[str, tuple[str, ...]] = {
    kind: _columns(model) for kind, model in RECORD_TYPES.items()
}
LIST_COLUMNS = frozenset(
    field.key for model in RECORD_TYPES.values() for field in stored_fields(model) if field.is_list
) - {"citations"}

# A 1 MB cell must reach validation (and be reported as too long), not stop the CSV reader.
csv.field_size_limit(MAX_LINE_BYTES)


def _split(cell: str) -> list[str]:
    return [v.strip() for v in cell.split(";") if v.strip()]


class _Group:
    """Consecutive rows of one id, folded into one record."""

    def __init__(self, line: int, cells: dict[str, str]) -> None:
        self.line = line
        self.rows = [cells]
        self.id = cells.get("id", "")
        self.conflict: str | None = None
        self.data: dict[str, Any] = {}
        self.citations: list[dict[str, str]] = []
        self._add(cells)

    def _add(self, cells: dict[str, str]) -> None:
        for column, value in cells.items():
            if column in CITATION_COLUMNS or not value.strip():
                continue
            if column in LIST_COLUMNS:
                listed = self.data.setdefault(column, [])
                listed.extend(v for v in _split(value) if v not in listed)
            elif column not in self.data:
                self.data[column] = value
            elif self.data[column] != value and self.conflict is None:
                self.conflict = f"rows of {clip(self.id)} disagree on {column!r}"
        citation = {k.removeprefix("citation_"): cells.get(k, "") for k in CITATION_COLUMNS}
        if any(v.strip() for v in citation.values()):
            self.citations.append({k: v for k, v in citation.items() if v.strip()})

    def extend(self, cells: dict[str, str]) -> None:
        self.rows.append(cells)
        self._add(cells)

    def record(self) -> dict[str, Any]:
        return {**self.data, "citations": self.citations} if self.citations else dict(self.data)


def _check_header(header: list[str], record_type: str) -> str | None:
    allowed = (*COLUMNS[record_type], *CITATION_COLUMNS)
    unknown = [c for c in header if c not in allowed]
    if unknown:
        return f"unknown column {clip(unknown[0])}: expected {', '.join(allowed)}"
    duplicates = {c for c in header if header.count(c) > 1}
    if duplicates:
        return f"column {sorted(duplicates)[0]!r} appears twice"
    return None


def _finish(source: Input, group: _Group) -> Item:
    location = f"{source.label}:{group.line}"
    if group.conflict:
        return Item(location, group.rows, error=group.conflict)
    parsed = item(location, group.record(), source.record_type)
    return Item(location, group.rows, record=parsed.record, error=parsed.error)


def parse_findings_csv(source: Input) -> Iterator[Item]:
    record_type = source.record_type
    assert record_type is not None
    group: _Group | None = None
    for entry in csv_table(source, lambda header: _check_header(header, record_type)):
        if isinstance(entry, Item):
            yield entry
            continue
        line, cells = entry
        cells = {c: v.strip() for c, v in cells.items()}
        if group is not None and cells.get("id") and cells.get("id") == group.id:
            group.extend(cells)
            continue
        if group is not None:
            yield _finish(source, group)
        group = _Group(line, cells)
    if group is not None:
        yield _finish(source, group)
