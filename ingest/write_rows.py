"""Records as the parameter rows of the write statements, derived from each record type's
stored-field declaration (``core/stored.py``; the storage contract of docs/data-model.md:
``cite_*`` parallel lists, partial dates with ``_lo``/``_hi`` bounds).

Optional scalars a record leaves out are ``None`` in the row, and the writer keeps what
the graph already has for them (``coalesce``): a later file adds to a record, it does not
blank it. An optional field with a default (a source's ``kind``) counts as left out
unless the record states it, so a default never overwrites what another file stated.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from entanglements.core.dates import PartialDate
from entanglements.core.models import AnyRecord, Citation, RelationshipRecord
from entanglements.core.stored import Stored, StoredField, stored_fields

Row = dict[str, Any]


def group_of(record: AnyRecord) -> str:
    """The write group: one per record type, relationships split by their Neo4j type."""
    if isinstance(record, RelationshipRecord):
        return f"relationship:{record.type.neo4j_type}"
    return record.record


def _dates(prefix: str, value: PartialDate | None) -> Row:
    """The text as given plus ISO bounds; the write converts the bounds with ``date()``
    (sending ISO text is several times cheaper for the driver than ``Date`` values)."""
    if value is None:
        return {prefix: None, f"{prefix}_lo": None, f"{prefix}_hi": None}
    return {
        prefix: str(value),
        f"{prefix}_lo": value.lo.isoformat(),
        f"{prefix}_hi": value.hi.isoformat(),
    }


def _citations(citations: list[Citation]) -> Row:
    """Parallel lists, duplicates dropped (citations are a set)."""
    triples = list(dict.fromkeys((c.source, c.quote or "", c.locator or "") for c in citations))
    return {
        "cs": [t[0] for t in triples],
        "cq": [t[1] for t in triples],
        "cl": [t[2] for t in triples],
    }


def _scalar(record: AnyRecord, field: StoredField, value: Any) -> Any:
    defaulted = field.default is not None and field.attr not in record.model_fields_set
    if field.how is Stored.KEEP and defaulted:
        return None
    if isinstance(value, Enum):
        return value.value
    return None if value == "" else value


def _entries(record: AnyRecord, field: StoredField) -> Row:
    value = getattr(record, field.attr)
    if field.how is Stored.DATE:
        return _dates(field.key, value)
    if field.how is Stored.CITATIONS:
        return _citations(value)
    if field.how is Stored.DATES:
        return {field.key: [str(d) for d in value]}
    if field.how is Stored.UNION:
        return {field.key: list(value)}
    return {field.key: _scalar(record, field, value)}


def to_row(record: AnyRecord) -> Row:
    row: Row = {}
    for field in stored_fields(type(record)):
        row.update(_entries(record, field))
    return row
