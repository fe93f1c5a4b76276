"""Plain records of what the read queries return, decoupled from Neo4j's types.

Dates leave the graph only as the partial-date text they were written as (``2019-04``),
parsed into ``PartialDate``; the ``*_lo``/``*_hi`` ``DATE`` bounds stay inside Cypher.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, LiteralString

from pydantic import BaseModel

from entanglements.core.dates import PartialDate
from entanglements.core.models import (
    EntityRecord,
    ListingRecord,
    ListRecord,
    RelationshipRecord,
    SourceRecord,
)
from entanglements.core.resolution.judgements import JUDGEMENT_MAP, JudgementRow
from entanglements.core.stored import Stored, read_projection, stored_fields
from entanglements.core.vocab import SAME_AS, rel_type_from_neo4j

Row = dict[str, Any]


def _projection(
    model: type[BaseModel], extra: str = "", *, citations: bool = True
) -> LiteralString:
    # Property names from the records' declaration (core/stored.py), never from input.
    body = read_projection(model, citations=citations)
    return ", ".join(p for p in (body, extra) if p)


#: What every query projects of an entity, a relationship (``r``, plus its type and ends),
#: a listing (``e``-[listing]->``sl``), a source (``src``) and a list (``sl``): the records'
#: stored fields, so adding one to a record adds it to every read. (An entity's own
#: citations are not read with it: entities appear by the hundred on exposure paths.)
#: ``retracted`` (the retraction's id, docs/corrections.md) marks a retracted element, which
#: reads only return when asked to include retracted claims.
ENTITY_MAP = _projection(EntityRecord, ".retracted", citations=False)
REL_MAP = _projection(
    RelationshipRecord, ".retracted, type: type(r), from: startNode(r).id, to: endNode(r).id"
)
LISTING_MAP = _projection(ListingRecord, ".retracted, list: sl.id, entity: e.id, .via")
SOURCE_MAP = _projection(SourceRecord, ".retracted")
LIST_MAP = _projection(ListRecord)
#: What a search projects of a hop ``r`` on a path: ``REL_MAP``, and for a judgement hop
#: (a ``SAME_AS`` link, docs/data-model.md) the id of the judgement it stands for.
HOP_MAP: LiteralString = REL_MAP + ", .judgement"


def sources_cited_by(items: LiteralString) -> LiteralString:
    """The body of a ``CALL`` subquery returning ``sources``: the sources cited by the
    relationships, listings or their maps in the list expression ``items``, each once."""
    return (
        "UNWIND " + items + " AS cited "
        "UNWIND coalesce(cited.cite_source, []) AS sid "
        "WITH DISTINCT sid "
        "MATCH (src:Source {id: sid}) "
        "RETURN collect(src {" + SOURCE_MAP + "}) AS sources"
    )


def judgements_cited_by(items: LiteralString) -> LiteralString:
    """The body of a ``CALL`` subquery returning ``judgements``: the judgements the judgement
    hops among the ``HOP_MAP``s in the list expression ``items`` stand for, each once."""
    return (
        "UNWIND " + items + " AS hop "
        "WITH DISTINCT hop.judgement AS jid WHERE jid IS NOT NULL "
        "MATCH (j:Judgement {id: jid}) "
        "RETURN collect(j {" + JUDGEMENT_MAP + "}) AS judgements"
    )


def stored_values(model: type[BaseModel], row: Row) -> dict[str, Any]:
    """The stored fields of ``model`` in a projected ``row``, as plain Python values by
    attribute name (lists as tuples, dates parsed; citations are zipped by ``citations``)."""
    return {attr: convert(row.get(key)) for attr, key, convert in _value_plan(model)}


@cache
def _value_plan(model: type[BaseModel]) -> tuple[tuple[str, str, Callable[[Any], Any]], ...]:
    """(attribute, key, converter) per stored value field, chosen once per type: a report
    converts thousands of rows, and choosing per value was a fifth of its Python time."""
    skipped = (Stored.KEY, Stored.END, Stored.CITATIONS)
    convert: dict[Stored, Callable[[Any], Any]] = {
        Stored.DATE: partial_date,
        Stored.DATES: _dates,
        Stored.UNION: _tuple,
    }
    return tuple(
        (f.attr, f.key, convert.get(f.how, _same))
        for f in stored_fields(model)
        if f.how not in skipped
    )


def _dates(raw: Any) -> tuple[PartialDate, ...]:
    return tuple(d for d in map(partial_date, raw or ()) if d is not None)


def _tuple(raw: Any) -> tuple[Any, ...]:
    return tuple(raw or ())


def _same(raw: Any) -> Any:
    return raw


def partial_date(text: object) -> PartialDate | None:
    """The stored text of a partial date, or None (unparseable text is treated as unknown)."""
    if not isinstance(text, str) or not text:
        return None
    try:
        return PartialDate.parse(text)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class CitationRow:
    source_id: str
    quote: str | None
    locator: str | None


def citations(row: Row) -> tuple[CitationRow, ...]:
    """Zip the parallel ``cite_*`` lists of a relationship or listing (empty strings = none)."""
    sources = row.get("cite_source") or []
    quotes = row.get("cite_quote") or []
    locators = row.get("cite_locator") or []
    return tuple(
        CitationRow(
            source_id=source,
            quote=(quotes[i] if i < len(quotes) else "") or None,
            locator=(locators[i] if i < len(locators) else "") or None,
        )
        for i, source in enumerate(sources)
    )


@dataclass(frozen=True, slots=True)
class EntityRow:
    """An entity as read: one attribute per stored field of ``EntityRecord``."""

    id: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    weak_aliases: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    birth_dates: tuple[PartialDate, ...] = ()
    birth_places: tuple[str, ...] = ()
    gender: str | None = None
    identifiers: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    description: str | None = None
    retracted: str | None = None  # the retraction's id

    @classmethod
    def of(cls, row: Row) -> EntityRow:
        values = stored_values(EntityRecord, row)
        values.update(kind=values["kind"] or "LegalEntity", name=values["name"] or row["id"])
        return cls(id=row["id"], retracted=row.get("retracted"), **values)


@dataclass(frozen=True, slots=True)
class RelationshipRow:
    id: str
    type: str  # the API spelling (``partnership``), not the Neo4j type
    from_id: str
    to_id: str
    role: str | None = None
    description: str | None = None
    share: float | None = None
    share_min: float | None = None
    share_max: float | None = None
    arrangement: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    citations: tuple[CitationRow, ...] = ()
    retracted: str | None = None

    @classmethod
    def of(cls, row: Row) -> RelationshipRow:
        return cls(
            id=row["id"],
            type=rel_type_from_neo4j(row["type"]).value,
            from_id=row["from"],
            to_id=row["to"],
            citations=citations(row),
            retracted=row.get("retracted"),
            **stored_values(RelationshipRecord, row),
        )


@dataclass(frozen=True, slots=True)
class ListingRow:
    id: str
    entity_id: str
    list_id: str
    program: str | None = None
    reason: str | None = None
    listed: PartialDate | None = None
    delisted: PartialDate | None = None
    publication: str | None = None
    citations: tuple[CitationRow, ...] = ()
    #: For a cluster listing (docs/data-model.md): the cluster member the list names.
    via: str | None = None
    retracted: str | None = None

    @classmethod
    def of(cls, row: Row) -> ListingRow:
        return cls(
            id=row["id"],
            entity_id=row["entity"],
            list_id=row["list"],
            via=row.get("via"),
            citations=citations(row),
            retracted=row.get("retracted"),
            **stored_values(ListingRecord, row),
        )


@dataclass(frozen=True, slots=True)
class SourceRow:
    id: str
    title: str
    url: str | None = None
    publisher: str | None = None
    published: PartialDate | None = None
    kind: str | None = None
    authors: tuple[str, ...] = ()
    retracted: str | None = None

    @classmethod
    def of(cls, row: Row) -> SourceRow:
        values = stored_values(SourceRecord, row)
        values.update(title=values["title"] or row["id"])
        return cls(id=row["id"], retracted=row.get("retracted"), **values)


@dataclass(frozen=True, slots=True)
class ListRow:
    id: str
    name: str
    authority: str
    country: str | None = None
    url: str | None = None

    @classmethod
    def of(cls, row: Row) -> ListRow:
        values = stored_values(ListRecord, row)
        values.update(name=values["name"] or row["id"], authority=values["authority"] or "")
        return cls(id=row["id"], **values)


@dataclass(frozen=True, slots=True)
class JudgementHopRow:
    """A judgement hop (docs/data-model.md): a ``SAME_AS`` link, the SAME judgement in force
    between two entities, walked like a relationship. Its evidence is the judgement
    (``References.judgement``), not cited sources; ``from_id``/``to_id`` are the link's ends
    as stored (the judgement's ``a`` and ``b``)."""

    judgement_id: str
    from_id: str
    to_id: str

    @property
    def id(self) -> str:
        return self.judgement_id


#: One hop of a path: a sourced relationship or a judgement hop.
Hop = RelationshipRow | JudgementHopRow


def hop_of(row: Row) -> Hop:
    """A hop from its ``HOP_MAP``."""
    if row["type"] == SAME_AS:
        return JudgementHopRow(judgement_id=row["judgement"], from_id=row["from"], to_id=row["to"])
    return RelationshipRow.of(row)


@dataclass(frozen=True, slots=True)
class PathRow:
    """A walk from one entity to another: ``len(nodes) == len(hops) + 1``."""

    nodes: tuple[EntityRow, ...]
    hops: tuple[Hop, ...]

    @property
    def length(self) -> int:
        return len(self.hops)

    @property
    def is_simple(self) -> bool:
        return len({n.id for n in self.nodes}) == len(self.nodes)

    @property
    def relationships(self) -> tuple[RelationshipRow, ...]:
        """The sourced hops only (what cites sources), in order."""
        return tuple(h for h in self.hops if isinstance(h, RelationshipRow))

    @property
    def sort_key(self) -> tuple[int, list[str]]:
        """Shortest first, then by the hops' ids: the order every path list is shown in."""
        return (self.length, [h.id for h in self.hops])

    @classmethod
    def of(cls, row: Row) -> PathRow:
        return cls(
            nodes=tuple(EntityRow.of(n) for n in row["nodes"]),
            hops=tuple(hop_of(r) for r in row["rels"]),
        )


@dataclass(frozen=True, slots=True)
class References:
    """The rows a set of relationships and listings point at, by id: their endpoints, the
    sources they cite and the lists they are on. The GraphQL layer builds whole objects from
    these instead of resolving each reference field on its own (docs/performance.md)."""

    entities: dict[str, EntityRow] = field(default_factory=dict)
    sources: dict[str, SourceRow] = field(default_factory=dict)
    lists: dict[str, ListRow] = field(default_factory=dict)
    #: The judgements that judgement hops stand for.
    judgements: dict[str, JudgementRow] = field(default_factory=dict)

    def entity(self, entity_id: str) -> EntityRow:
        """Always present in practice (a relationship needs both ends); the fallback keeps a
        deleted-meanwhile endpoint visible by its id instead of failing the response."""
        found = self.entities.get(entity_id)
        return found or EntityRow(id=entity_id, kind="LegalEntity", name=entity_id)

    def source(self, source_id: str) -> SourceRow:
        """A citation naming a source that was never ingested still shows its id."""
        return self.sources.get(source_id) or SourceRow(id=source_id, title=source_id)

    def list(self, list_id: str) -> ListRow:
        return self.lists.get(list_id) or ListRow(id=list_id, name=list_id, authority="")

    def judgement(self, hop: JudgementHopRow) -> JudgementRow:
        """The judgement a hop stands for: fetched in the query that found the hop
        (judgements are never deleted, and a link names the judgement in force: ``db check``)."""
        return self.judgements[hop.judgement_id]


def references(
    entities: Iterable[Row] = (),
    sources: Iterable[Row] = (),
    lists: Iterable[Row] = (),
    judgements: Iterable[Row] = (),
) -> References:
    """References from the maps a query returned (``ENTITY_MAP``, ``SOURCE_MAP``, ``LIST_MAP``,
    ``JUDGEMENT_MAP``)."""
    return References(
        entities={r["id"]: EntityRow.of(r) for r in entities},
        sources={r["id"]: SourceRow.of(r) for r in sources},
        lists={r["id"]: ListRow.of(r) for r in lists},
        judgements={r["id"]: JudgementRow.of(r) for r in judgements},
    )


@dataclass(frozen=True, slots=True)
class Page:
    """One page of an entity's relationships (keyset pagination on relationship id)."""

    total: int
    items: tuple[RelationshipRow, ...]
    has_next: bool
    references: References = field(default_factory=References)


@dataclass(frozen=True, slots=True)
class EntityListings:
    """Every listing of one entity, with the lists they are on and the sources they cite."""

    items: tuple[ListingRow, ...] = ()
    references: References = field(default_factory=References)


@dataclass(frozen=True, slots=True)
class PathsFound:
    paths: tuple[PathRow, ...]
    references: References = field(default_factory=References)


@dataclass(frozen=True, slots=True)
class SearchHitRow:
    entity: EntityRow
    score: float
    matched_name: str


@dataclass(slots=True)
class ExposureRow:
    entity: EntityRow
    distance: int
    listings: tuple[ListingRow, ...]
    paths: tuple[PathRow, ...]
    listed_before_link: bool | None = None


@dataclass(slots=True)
class ExposureResult:
    entity: EntityRow
    max_hops: int
    #: How far the search went (≤ max_hops): ``total`` counts the parties within it.
    searched_hops: int
    as_of: PartialDate | None
    total: int
    exposures: list[ExposureRow] = field(default_factory=list)
    #: Every entity on the paths, source cited and list named in ``exposures``.
    references: References = field(default_factory=References)
