"""Records as the parameter rows of the write statements, derived from each record type's
stored-field declaration (``core/stored.py``; the storage contract of docs/data-model.md:
``cite_*`` parallel lists, partial dates with ``_lo``/``_hi`` bounds).

Optional scalars a record leaves out are ``None`` in the row, and the writer keeps what
the graph already has for them (``coalesce``): a later file adds to a record, it does not
blank it. An optional field with a default (a source's ``kind``) counts as left out
unless the record states it, so a default never overwrites what another file stated.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from enum import Enum
from functools import cache, lru_cache
from typing import Any

from entanglements.core.dates import PartialDate
from entanglements.core.matching.keys import MATCH_KEYS, match_keys
from entanglements.core.models import AnyRecord, Citation, EntityRecord, RelationshipRecord
from entanglements.core.stored import Stored, StoredField, stored_fields

Row = dict[str, Any]


def group_of(record: AnyRecord) -> str:
    """The write group: one per record type, relationships split by their Neo4j type."""
    if isinstance(record, RelationshipRecord):
        return f"relationship:{record.type.neo4j_type}"
    return record.record


@lru_cache(maxsize=65_536)
def _date_texts(value: PartialDate) -> tuple[str, str, str]:
    """The text as given plus ISO bounds; the write converts the bounds with ``date()``
    (sending ISO text is several times cheaper for the driver than ``Date`` values).
    Cached: a bulk file repeats the same few thousand dates."""
    return str(value), value.lo.isoformat(), value.hi.isoformat()


def _citations(citations: list[Citation]) -> Row:
    """Parallel lists, duplicates dropped (citations are a set)."""
    triples = list(dict.fromkeys((c.source, c.quote or "", c.locator or "") for c in citations))
    return {
        "cs": [t[0] for t in triples],
        "cq": [t[1] for t in triples],
        "cl": [t[2] for t in triples],
    }


#: Writes one field's value into a row; the third argument is the fields the record set.
_Put = Callable[[Row, Any, AbstractSet[str]], None]


def _put(field: StoredField) -> _Put:
    """The writer of one stored field, chosen once per record type (``to_row`` runs once
    per record: choosing per value cost as much as validating the record)."""
    key, attr = field.key, field.attr

    def union(row: Row, value: Any, _: AbstractSet[str]) -> None:
        row[key] = value

    def one_date(row: Row, value: Any, _: AbstractSet[str]) -> None:
        if value is None:
            row[key] = row[lo] = row[hi] = None
        else:
            row[key], row[lo], row[hi] = _date_texts(value)

    def cited(row: Row, value: Any, _: AbstractSet[str]) -> None:
        row.update(_citations(value))

    def dates(row: Row, value: Any, _: AbstractSet[str]) -> None:
        row[key] = [str(d) for d in value]

    def defaulted(row: Row, value: Any, fields_set: AbstractSet[str]) -> None:
        # A default must not overwrite what another file stated.
        row[key] = plain(value) if attr in fields_set else None

    def scalar(row: Row, value: Any, _: AbstractSet[str]) -> None:
        row[key] = plain(value)

    lo, hi = f"{key}_lo", f"{key}_hi"
    writers = {
        Stored.UNION: union,
        Stored.DATE: one_date,
        Stored.CITATIONS: cited,
        Stored.DATES: dates,
    }
    if field.how in writers:
        return writers[field.how]
    return defaulted if field.default is not None else scalar


def plain(value: Any) -> Any:
    """A scalar as stored: enums by value, an empty string as absent."""
    if isinstance(value, Enum):
        return value.value
    return None if value == "" else value


@cache
def _plan(model: type[AnyRecord]) -> tuple[tuple[str, _Put], ...]:
    """(attribute, writer) per stored field, in declaration order."""
    return tuple((f.attr, _put(f)) for f in stored_fields(model))


def to_row(record: AnyRecord) -> Row:
    row: Row = {}
    values, fields_set = record.__dict__, record.model_fields_set
    for attr, put in _plan(type(record)):
        put(row, values[attr], fields_set)
    if isinstance(record, EntityRecord):
        row[MATCH_KEYS] = entity_match_keys(record)
    return row


def entity_match_keys(record: EntityRecord) -> list[str]:
    """The screening index's terms for an entity (docs/screening.md, candidate retrieval)."""
    names = [record.name, *record.aliases, *record.weak_aliases]
    return match_keys(names, record.identifiers)
