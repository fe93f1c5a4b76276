"""Records as the parameter rows of the write queries (the storage contract of
docs/data-model.md: ``cite_*`` parallel lists, partial dates with ``_lo``/``_hi`` bounds).

Optional scalars a record leaves out are ``None`` in the row, and the writer keeps what
the graph already has for them (``coalesce``): a later file adds to a record, it does not
blank it.
"""

from __future__ import annotations

from typing import Any

from entanglements.core.dates import PartialDate
from entanglements.core.models import (
    AnyRecord,
    Citation,
    EntityRecord,
    ListingRecord,
    ListRecord,
    RelationshipRecord,
    SourceRecord,
)

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


def to_row(record: AnyRecord) -> Row:
    if isinstance(record, EntityRecord):
        return {
            "id": record.id,
            "kind": record.kind,
            "name": record.name,
            "aliases": record.aliases,
            "countries": record.countries,
            "tags": record.tags,
            "identifiers": record.identifiers,
            "description": record.description or None,
            **_citations(record.citations),
        }
    if isinstance(record, RelationshipRecord):
        return {
            "id": record.id,
            "from": record.from_,
            "to": record.to,
            "role": record.role,
            "description": record.description or None,
            "share": record.share,
            **_dates("start", record.start),
            **_dates("end", record.end),
            **_citations(record.citations),
        }
    if isinstance(record, ListingRecord):
        return {
            "id": record.id,
            "entity": record.entity,
            "list": record.list_id,
            "program": record.program,
            "reason": record.reason or None,
            **_dates("listed", record.listed),
            **_dates("delisted", record.delisted),
            **_citations(record.citations),
        }
    if isinstance(record, SourceRecord):
        published = _dates("published", record.published)
        return {
            "id": record.id,
            "title": record.title,
            "url": record.url or None,
            "publisher": record.publisher,
            "published": published["published"],
            "published_lo": published["published_lo"],
            # An unstated kind must not overwrite a kind another file stated.
            "kind": record.kind.value if "kind" in record.model_fields_set else None,
            "authors": record.authors,
        }
    assert isinstance(record, ListRecord)
    return {
        "id": record.id,
        "name": record.name,
        "authority": record.authority,
        "country": record.country,
        "url": record.url or None,
    }
