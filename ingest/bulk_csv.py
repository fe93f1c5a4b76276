"""Write rows as the CSV files of ``neo4j-admin database import full`` (``entangle db import``).

The rows are the ones pass 1 of the ingest builds (``ingest/write_rows.py``); each column is
derived from the records' stored-field declaration (``core/stored.py``), as the ingest's
statements are, so a new element gets from the CSV exactly the properties the ingest's
``CREATE`` (or ``MERGE`` into nothing) gives it: the row's values, a declared default for an
optional scalar left out, date bounds as ``DATE``, citations as three parallel lists, an
entity's match keys, and the run in ``first_run``/``last_run``/``runs``.

Two values cannot travel in the import's CSV: an empty list and a list of one empty string
(both an empty field, which the import tool stores as no property). The ingest always
stores its list properties, so :data:`LIST_PROPERTIES` names them and ``ingest/bulk.py``
sets the missing ones after the import (``[]``; for a citation's quotes and locators one
``''`` per cited source). Any other list holding only ``''``, and a value holding the array
delimiter (U+001F), are refused before anything is written.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from types import UnionType
from typing import IO, Any, Union, get_args, get_origin

from pydantic import BaseModel

from entanglements.core.errors import BadInputError
from entanglements.core.matching.keys import MATCH_KEYS
from entanglements.core.models import (
    EntityRecord,
    ListingRecord,
    ListRecord,
    RelationshipRecord,
    SourceRecord,
)
from entanglements.core.stored import CITATION_PROPERTIES, Stored, StoredField, stored_fields
from entanglements.core.vocab import LISTED_ON
from entanglements.ingest.write_rows import Row, plain

#: Array elements are joined with the ASCII unit separator: names and quotes may hold the
#: tool's default ';'.
ARRAY_DELIMITER = "\x1f"

#: The node label (an id space of the import) of each node group, and its record type.
NODE_GROUPS: dict[str, tuple[str, type[BaseModel]]] = {
    "source": ("Source", SourceRecord),
    "list": ("SanctionsList", ListRecord),
    "entity": ("Entity", EntityRecord),
}
#: What a relationship's or listing's end fields refer to (the statements MATCH them so).
_END_LABELS = {"from": "Entity", "to": "Entity", "entity": "Entity", "list": "SanctionsList"}
_QUOTES_AND_LOCATORS = frozenset(prop for prop, _ in CITATION_PROPERTIES[1:])


def model_of(group: str) -> type[BaseModel]:
    """The record type of a write group (``entity``, ``relationship:OWNERSHIP``, ...)."""
    if group in NODE_GROUPS:
        return NODE_GROUPS[group][1]
    return ListingRecord if group == "listing" else RelationshipRecord


def element_of(group: str) -> str:
    """The label or relationship type a write group's elements get."""
    if group in NODE_GROUPS:
        return NODE_GROUPS[group][0]
    return LISTED_ON if group == "listing" else group.split(":", 1)[1]


def list_properties(model: type[BaseModel]) -> tuple[str, ...]:
    """The list properties the ingest always stores on an element of this record type."""
    props = [f.key for f in stored_fields(model) if f.how in (Stored.UNION, Stored.DATES)]
    if model is EntityRecord:
        props.append(MATCH_KEYS)
    if any(f.how is Stored.CITATIONS for f in stored_fields(model)):
        props += [prop for prop, _ in CITATION_PROPERTIES]
    return tuple(props)


@dataclass(frozen=True, slots=True)
class _Column:
    header: str
    cell: Callable[[Row, str], str]  # (row, run id) -> the CSV cell

    @property
    def list_property(self) -> str | None:
        """The list property this column writes, if it writes one."""
        name, _, kind = self.header.partition(":")
        return name if kind == "string[]" else None


def _is_float(model: type[BaseModel], attr: str) -> bool:
    annotation = model.model_fields[attr].annotation
    if get_origin(annotation) in (Union, UnionType):
        return float in get_args(annotation)
    return annotation is float


def _text(key: str, default: Any = None) -> Callable[[Row, str], str]:
    fallback = "" if default is None else str(plain(default))

    def cell(row: Row, _: str) -> str:
        value = row.get(key)
        return fallback if value is None else str(value)

    return cell


def _double(key: str) -> Callable[[Row, str], str]:
    def cell(row: Row, _: str) -> str:
        value = row.get(key)
        return "" if value is None else repr(float(value))

    return cell


def _array(key: str, prop: str) -> Callable[[Row, str], str]:
    may_be_blank = prop in _QUOTES_AND_LOCATORS

    def cell(row: Row, _: str) -> str:
        values = row.get(key) or []
        text = ARRAY_DELIMITER.join(values)
        if ARRAY_DELIMITER in text and any(ARRAY_DELIMITER in v for v in values):
            raise _unfit(row, prop, "a value holds the control character U+001F")
        if values and not text and not may_be_blank:
            raise _unfit(row, prop, "a list of empty strings")
        return text

    return cell


def _unfit(row: Row, prop: str, what: str) -> BadInputError:
    return BadInputError(
        f"{row['id']!r} ({prop}): {what}, which the import's CSV files cannot carry; "
        "load this input with `entangle ingest`"
    )


def _field_columns(model: type[BaseModel], f: StoredField, node_label: str | None) -> list[_Column]:
    if f.how is Stored.KEY:
        header = f"{f.key}:ID({node_label})" if node_label else f.key
        return [_Column(header, _text(f.key))]
    if f.how is Stored.END:
        side = "START_ID" if f.key in ("from", "entity") else "END_ID"
        return [_Column(f":{side}({_END_LABELS[f.key]})", _text(f.key))]
    if f.how is Stored.DATE:
        key, lo, hi = f.properties
        return [_Column(key, _text(key)), _Column(f"{lo}:date", _text(lo)),
                _Column(f"{hi}:date", _text(hi))]  # fmt: skip
    if f.how in (Stored.UNION, Stored.DATES):
        return [_Column(f"{f.key}:string[]", _array(f.key, f.key))]
    if f.how is Stored.CITATIONS:
        return [_Column(f"{prop}:string[]", _array(col, prop)) for prop, col in CITATION_PROPERTIES]
    if _is_float(model, f.attr):
        return [_Column(f"{f.key}:double", _double(f.key))]
    return [_Column(f.key, _text(f.key, f.default))]


def _run_column(header: str) -> _Column:
    return _Column(header, lambda _row, run: run)


def columns(group: str) -> list[_Column]:
    """The columns of a group's file: every property a new element of it gets."""
    model = model_of(group)
    node_label = NODE_GROUPS[group][0] if group in NODE_GROUPS else None
    found = [c for f in stored_fields(model) for c in _field_columns(model, f, node_label)]
    if model is EntityRecord:
        found.append(_Column(f"{MATCH_KEYS}:string[]", _array(MATCH_KEYS, MATCH_KEYS)))
    runs = [_run_column("first_run"), _run_column("last_run"), _run_column("runs:string[]")]
    return found + runs


@dataclass
class ImportFiles:
    """The CSV files of one import, with what each holds."""

    folder: Path
    nodes: dict[str, Path] = field(default_factory=dict)  # label -> file
    relationships: dict[str, Path] = field(default_factory=dict)  # type -> file
    rows: dict[str, int] = field(default_factory=dict)  # write group -> rows
    #: Files with a value spanning lines (the tool reads only these the slow way).
    multiline: set[Path] = field(default_factory=set)
    #: Per write group, the list properties some row left as an empty field: the ones to
    #: set after the import (module docstring).
    unfilled: dict[str, set[str]] = field(default_factory=dict)

    @property
    def node_count(self) -> int:
        return sum(n for g, n in self.rows.items() if g in NODE_GROUPS)

    @property
    def relationship_count(self) -> int:
        return sum(n for g, n in self.rows.items() if g not in NODE_GROUPS)


class CsvWriter:
    """One CSV file per write group, opened on its first row."""

    def __init__(self, folder: Path, run_id: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.files = ImportFiles(folder)
        self.run_id = run_id
        self._stack = ExitStack()
        self._open: dict[str, tuple[Any, list[_Column], Path]] = {}
        self._lists: dict[str, list[tuple[int, str]]] = {}  # group -> (column, property)

    def __enter__(self) -> CsvWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def _writer(self, group: str) -> tuple[Any, list[_Column], Path]:
        if group not in self._open:
            element = element_of(group)
            kind = "nodes" if group in NODE_GROUPS else "rels"
            path = self.files.folder / f"{kind}-{element}.csv"
            handle: IO[str] = self._stack.enter_context(
                path.open("w", newline="", encoding="utf-8")
            )
            writer = csv.writer(handle, lineterminator="\n")
            cols = columns(group)
            writer.writerow([c.header for c in cols])
            target = self.files.nodes if group in NODE_GROUPS else self.files.relationships
            target[element] = path
            self._open[group] = (writer, cols, path)
            self._lists[group] = [
                (i, prop) for i, c in enumerate(cols) if (prop := c.list_property) is not None
            ]
            self.files.unfilled[group] = set()
        return self._open[group]

    def write(self, group: str, row: Row) -> None:
        writer, cols, path = self._writer(group)
        cells = [c.cell(row, self.run_id) for c in cols]
        if path not in self.files.multiline and any("\n" in c or "\r" in c for c in cells):
            self.files.multiline.add(path)
        for i, prop in self._lists[group]:
            if not cells[i]:
                self.files.unfilled[group].add(prop)
        writer.writerow(cells)
        self.files.rows[group] = self.files.rows.get(group, 0) + 1
