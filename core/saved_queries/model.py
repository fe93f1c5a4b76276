"""The records of the saved-query library: a query, its parameters, a refused file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

#: What ``to_json`` returns: values any JSON encoder and any frontend table can take.
JSONValue: TypeAlias = "bool | int | float | str | list[JSONValue] | dict[str, JSONValue] | None"


@dataclass(frozen=True, slots=True)
class Parameter:
    """One ``// param NAME: TYPE [= DEFAULT]  description`` line of a query's header.

    ``type`` is the canonical spelling (``string``, ``int``, ``float``, ``bool``, ``date`` or
    ``list<...>`` of one of those). ``default`` is JSON-shaped (a date is its text), so the
    API can show it as is; it is only meaningful when ``required`` is false.
    """

    name: str
    type: str
    default: Any = None
    required: bool = True
    description: str = ""


@dataclass(frozen=True, slots=True)
class SavedQuery:
    name: str
    description: str
    parameters: list[Parameter]
    path: Path
    text: str

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


@dataclass(frozen=True, slots=True)
class RefusedFile:
    """A query file the library would not load, and why (``message`` names the file)."""

    path: Path
    name: str
    message: str


@dataclass(frozen=True, slots=True)
class QueryResult:
    """Rows as JSON values (see ``values.to_json``), ready for a table of any shape."""

    columns: list[str]
    rows: list[list[JSONValue]] = field(default_factory=list)
    truncated: bool = False
