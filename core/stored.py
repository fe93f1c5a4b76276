"""How each field of a record is stored: the one declaration the write rows, the ingest
statements, the findings-CSV columns and the read projections are derived from.

A record's fields carry a ``Stored`` marker in their annotation (``core/models.py``), e.g.
``aliases: Annotated[list[Name], Stored.UNION]``. Fields without one (the ``record``
discriminator, a relationship's ``type``) are not properties of the stored element.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined


class Stored(Enum):
    KEY = "key"  # the element's id: what writes MERGE on
    VALUE = "value"  # a required scalar: each write sets it
    KEEP = "keep"  # an optional scalar: the row's value when it has one, else the graph's
    UNION = "union"  # a list: the graph's values plus the row's new ones, first-seen order
    DATE = "date"  # an optional partial date: its text plus indexed DATE bounds _lo / _hi
    DATES = "dates"  # a list of partial dates, kept as their texts (union)
    CITATIONS = "citations"  # the evidence: parallel lists cite_source/cite_quote/cite_locator
    END = "end"  # a relationship's or listing's endpoint id: matched, not stored


#: The properties a ``CITATIONS`` field is stored as, and their write-row keys.
CITATION_PROPERTIES = (("cite_source", "cs"), ("cite_quote", "cq"), ("cite_locator", "cl"))


@dataclass(frozen=True, slots=True)
class StoredField:
    attr: str  # the Python attribute of the record
    key: str  # the name in files, write rows and the graph (``from`` for ``from_``)
    how: Stored
    default: Any  # the model's default (None when it has none)
    is_list: bool

    @property
    def properties(self) -> tuple[str, ...]:
        """The graph properties this field is stored as."""
        if self.how is Stored.END:
            return ()
        if self.how is Stored.DATE:
            return (self.key, f"{self.key}_lo", f"{self.key}_hi")
        if self.how is Stored.CITATIONS:
            return tuple(prop for prop, _ in CITATION_PROPERTIES)
        return (self.key,)

    @property
    def read(self) -> tuple[str, ...]:
        """The properties a read projects (a date's text, never its bounds)."""
        return self.properties[:1] if self.how is Stored.DATE else self.properties


@cache
def stored_fields(model: type[BaseModel]) -> tuple[StoredField, ...]:
    """The stored fields of a record type, in declaration order."""
    found = []
    for attr, info in model.model_fields.items():
        markers = [m for m in info.metadata if isinstance(m, Stored)]
        if not markers:
            continue
        default = None if info.default is PydanticUndefined else info.default
        is_list = info.default_factory is list or markers[0] in (Stored.UNION, Stored.DATES)
        found.append(StoredField(attr, info.alias or attr, markers[0], default, is_list))
    return tuple(found)


def stored(model: type[BaseModel], *how: Stored) -> tuple[StoredField, ...]:
    """The stored fields of the given kinds."""
    return tuple(f for f in stored_fields(model) if f.how in how)


def read_projection(model: type[BaseModel], *, citations: bool = True) -> str:
    """A Cypher map projection body (``.id, .name, ...``) of everything a read returns."""
    fields = [f for f in stored_fields(model) if citations or f.how is not Stored.CITATIONS]
    return ", ".join(f".{prop}" for f in fields for prop in f.read)
