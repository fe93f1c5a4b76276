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
from functools import cache
from typing import Any

from entanglements.core.dates import PartialDate
from entanglements.core.matching.keys import MATCH_KEYS, match_keys
from entanglements.core.models import AnyRecord, Citation, EntityRecord, RelationshipRecord
from entanglements.core.stored import Stored, stored_fields

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


@cache
def _plan(model: type[AnyRecord]) -> tuple[tuple[str, str, Stored, bool], ...]:
    """(key, attribute, storage, has a default) per stored field: ``to_row`` runs once per
    record, so the declaration is read once per type."""
    return tuple((f.key, f.attr, f.how, f.default is not None) for f in stored_fields(model))


def to_row(record: AnyRecord) -> Row:
    row: Row = {}
    for key, attr, how, has_default in _plan(type(record)):
        value = getattr(record, attr)
        if how is Stored.UNION:
            row[key] = value
        elif how is Stored.DATE:
            row.update(_dates(key, value))
        elif how is Stored.CITATIONS:
            row.update(_citations(value))
        elif how is Stored.DATES:
            row[key] = [str(d) for d in value]
        elif has_default and attr not in record.model_fields_set:
            row[key] = None  # a default must not overwrite what another file stated
        elif isinstance(value, Enum):
            row[key] = value.value
        else:
            row[key] = None if value == "" else value
    if isinstance(record, EntityRecord):
        row[MATCH_KEYS] = entity_match_keys(record)
    return row


def entity_match_keys(record: EntityRecord) -> list[str]:
    """The screening index's terms for an entity (docs/screening.md, candidate retrieval)."""
    names = [record.name, *record.aliases, *record.weak_aliases]
    return match_keys(names, record.identifiers)
