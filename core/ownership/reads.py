"""The ownership graph read from Neo4j, for one verdict or for a whole rule.

- ``upstream``: an entity with everything above it (owners, their owners, ...) and their
  listings, in full (citations included), in one round trip (a pruning breadth-first search
  up the stakes, then the evidence of every entity found);
- ``derive``: every party a rule restricts, downward from the listed parties, expanding only
  the entities the engine finds possibly restricted (one round trip per level, in batches);
- ``evidence``: the full rows behind a page of verdicts, in one round trip.

Every query is parameterised; the only text spliced in is the fixed type pattern below.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, LiteralString

from entanglements.core.dates import PartialDate
from entanglements.core.db.database import Database
from entanglements.core.errors import NotFoundError
from entanglements.core.ownership.engine import Assessment, assess
from entanglements.core.ownership.facts import (
    LISTING_FIELDS,
    STAKE_FIELDS,
    light_listing,
    light_stake,
    listing_of,
    stake_of,
)
from entanglements.core.ownership.graph import OwnershipGraph
from entanglements.core.ownership.rules import Rule
from entanglements.core.reads.records import (
    ENTITY_MAP,
    LIST_MAP,
    LISTING_MAP,
    REL_MAP,
    EntityRow,
    ListingRow,
    References,
    RelationshipRow,
    references,
    sources_cited_by,
)
from entanglements.core.reads.rules import any_listing, own_listing, unretracted
from entanglements.core.resolution.clusters import COPY_SEPARATOR, party_of
from entanglements.core.vocab import SAME_AS

#: The stakes: ownership and control (docs/ownership.md).
STAKES: LiteralString = "OWNERSHIP|CONTROL"
#: Ids per round trip of the derivation (bounds one transaction's size).
BATCH = 5_000
#: A stake ``r`` from owner ``o`` that is not retracted (docs/corrections.md): the engine
#: never sees a retracted stake, owner or listing. (The upward search may pass one; the
#: evidence it then reads leaves it out, so the verdict is the same.)
LIVE_STAKE: LiteralString = unretracted("r") + " AND " + unretracted("o")
#: Deepest ownership chain followed (a guard; real chains are a handful of levels).
MAX_LEVELS = 64

#: For each ``id``: the entity with its incoming stakes, the owners, and the listings of
#: both, with the sources those cite and the lists they name (one row in all).
_EVIDENCE_OF_IDS: LiteralString = (
    "MATCH (a:Entity {id: id}) "
    "CALL (a) { OPTIONAL MATCH (a)<-[r:" + STAKES + "]-(o:Entity) WHERE " + LIVE_STAKE + " "
    "  RETURN collect(r {" + REL_MAP + "}) AS stakes, collect(o {" + ENTITY_MAP + "}) AS owners } "
    "WITH collect(a {" + ENTITY_MAP + "}) + reduce(x = [], o IN collect(owners) | x + o) AS ents, "
    "  reduce(x = [], s IN collect(stakes) | x + s) AS rels "
    "CALL (ents) { UNWIND ents AS n MATCH (e:Entity {id: n.id})-[l:LISTED_ON]->(sl:SanctionsList) "
    "  WHERE " + unretracted("l") + " AND " + unretracted("e") + " AND " + any_listing("l") + " "
    "  WITH DISTINCT e, l, sl RETURN collect(l {" + LISTING_MAP + "}) AS listings, "
    "  collect(DISTINCT sl {" + LIST_MAP + "}) AS lists } "
    "CALL (rels, listings) { " + sources_cited_by("rels + listings") + " } "
    "CALL (ents) { UNWIND ents AS n MATCH (x:Entity {id: n.id}) "
    "  WITH x.id AS id, " + party_of("x") + " AS party WHERE party <> id "
    "  RETURN collect(DISTINCT [id, party]) AS parties } "
    "RETURN ents, rels, listings, lists, sources, parties"
)
_EVIDENCE: LiteralString = "UNWIND $ids AS id " + _EVIDENCE_OF_IDS
#: The same for an entity and everything above it: its owners and controllers, theirs, and
#: so on, across clusters (a member's owners own the party: each step goes up a stake or
#: across a ``SAME_AS`` link), with the party of each entity found (core/resolution/).
_UPSTREAM: LiteralString = (
    "MATCH (t:Entity {id: $id}) "
    "CALL (t) { MATCH (t)((a)-[s:" + STAKES + "|" + SAME_AS + "]-(b) "
    "  WHERE type(s) = '" + SAME_AS + "' OR startNode(s) = b){0,64}(n:Entity) "  # MAX_LEVELS
    "  RETURN collect(DISTINCT n.id) AS ids } "
    "UNWIND ids AS id " + _EVIDENCE_OF_IDS
)

#: All listings on the given lists: the roots of a derivation.
_ROOTS: LiteralString = (
    "MATCH (sl:SanctionsList) WHERE sl.id IN $lists "
    "  OR any(p IN $prefixes WHERE sl.id STARTS WITH p) "
    "MATCH (e:Entity)-[l:LISTED_ON]->(sl) WHERE "
    + unretracted("l")
    + " AND "
    + unretracted("e")
    + " "
    "AND " + own_listing("l") + " "  # a cluster is one party: its members' own listings
    "RETURN collect(l {" + LISTING_FIELDS + "}) AS listings, "
    "collect(DISTINCT e {.id, .name, .countries, party: " + party_of("e") + "}) AS ents"
)

#: What the given entities hold, and every stake in those assets (the other owners bound
#: the shares), one level down.
_DOWN: LiteralString = (
    "UNWIND $ids AS id MATCH (:Entity {id: id})-[:" + SAME_AS + "*0..]-(:Entity)"
    "-[s:" + STAKES + "]->(b:Entity) "
    "WHERE " + unretracted("s") + " AND " + unretracted("b") + " "
    "WITH DISTINCT b MATCH (b)-[:" + SAME_AS + "*0..]-(a:Entity) WHERE " + unretracted("a") + " "
    "WITH DISTINCT a "
    "CALL (a) { MATCH (a)<-[r:" + STAKES + "]-(o:Entity) WHERE " + LIVE_STAKE + " "
    "  RETURN collect(r {" + STAKE_FIELDS + "}) AS stakes } "
    "RETURN collect(a {.id, .name, .countries, party: " + party_of("a") + "}) AS ents, "
    "reduce(x = [], s IN collect(stakes) | x + s) AS stakes"
)


@dataclass
class Evidence:
    """The full rows behind verdicts: entities, stakes, listings and their references."""

    entities: dict[str, EntityRow] = field(default_factory=dict)
    relationships: dict[str, RelationshipRow] = field(default_factory=dict)
    listings: dict[str, ListingRow] = field(default_factory=dict)
    references: References = field(default_factory=References)
    #: Entity -> its party, for the members of clusters (``facts.Parties``).
    parties: dict[str, str] = field(default_factory=dict)

    def entity(self, entity_id: str) -> EntityRow:
        return self.entities.get(entity_id) or self.references.entity(entity_id)

    def listing(self, listing_id: str) -> ListingRow:
        """The listing, or the cluster copy of it an owner read here carries: a derivation
        names the listed member's own listing, while the evidence of an owner judged the
        same as that member holds the owner's copy (``<listing id>~<owner id>``)."""
        found = self.listings.get(listing_id)
        if found is not None:
            return found
        copies = listing_id + COPY_SEPARATOR
        return next(row for key, row in self.listings.items() if key.startswith(copies))


async def evidence(db: Database, ids: Iterable[str]) -> Evidence:
    """The entities, their incoming stakes and owners, and the listings of all of them."""
    return _evidence(await db.read(_EVIDENCE, {"ids": sorted(set(ids))}))


def _evidence(rows: list[dict[str, Any]]) -> Evidence:
    if not rows:
        return Evidence()
    row = rows[0]
    entities = {r["id"]: EntityRow.of(r) for r in row["ents"]}
    return Evidence(
        entities=entities,
        relationships={r["id"]: RelationshipRow.of(r) for r in row["rels"]},
        listings={r["id"]: ListingRow.of(r) for r in row["listings"]},
        references=references(entities=row["ents"], sources=row["sources"], lists=row["lists"]),
        parties=dict(row["parties"]),
    )


def _graph(found: Evidence) -> OwnershipGraph:
    return OwnershipGraph(
        stakes=[stake_of(r, found.parties) for r in found.relationships.values()],
        listings=[
            listing_of(r, found.parties)
            for r in found.listings.values()
            # a copy is its party's own listing again, when that member was read too
            if r.via is None or r.via not in found.entities
        ],
        countries={e.id: e.countries for e in found.entities.values()},
        names={e.id: e.name for e in found.entities.values()},
    )


async def upstream(db: Database, entity_id: str) -> tuple[OwnershipGraph, Evidence]:
    """The entity and everything that owns or controls it, directly or not, with listings,
    in one round trip (NOT_FOUND for an unknown id)."""
    found = _evidence(await db.read(_UPSTREAM, {"id": entity_id}))
    if entity_id not in found.entities:
        raise NotFoundError(f"no entity with id {entity_id!r}")
    return _graph(found), found


async def derive(
    db: Database, rule: Rule, as_of: PartialDate, lists: Sequence[str] | None = None
) -> tuple[Assessment, OwnershipGraph]:
    """Every entity the rule restricts (or may restrict) as of ``as_of``: downward from the
    parties on its lists, expanding only what the engine finds possibly restricted."""
    ids, prefixes = (
        (list(lists), []) if lists is not None else (rule.list_ids(), rule.list_prefixes())
    )
    [roots] = await db.read(_ROOTS, {"lists": ids, "prefixes": prefixes})
    graph = OwnershipGraph(listings=[light_listing(r) for r in roots["listings"]])
    _places(graph, roots["ents"])
    expanded: set[str] = set()
    for _ in range(MAX_LEVELS):
        assessment = assess(graph, rule, as_of, lists)
        reach = set().union(*(d.upper for d in assessment.derivations))
        frontier = sorted(reach - expanded)
        if not frontier or not any(d.terms.in_force for d in assessment.derivations):
            return assessment, graph
        expanded.update(frontier)
        for start in range(0, len(frontier), BATCH):
            [row] = await db.read(_DOWN, {"ids": frontier[start : start + BATCH]})
            graph.add([light_stake(s) for s in row["stakes"]], [])
            _places(graph, row["ents"])
    return assess(graph, rule, as_of, lists), graph


def _places(graph: OwnershipGraph, rows: Iterable[dict[str, object]]) -> None:
    """Names and countries by entity, and by party (a cluster's: its members' countries)."""
    for row in rows:
        entity_id = str(row["id"])
        countries: tuple[str, ...] = tuple(row.get("countries") or ())  # type: ignore[arg-type]
        graph.countries[entity_id] = countries
        graph.names[entity_id] = str(row.get("name") or entity_id)
        party = str(row.get("party") or entity_id)
        if party != entity_id:
            known = graph.countries.get(party, ())
            graph.countries[party] = tuple(sorted({*known, *countries}))
            graph.names.setdefault(party, graph.names[entity_id])
