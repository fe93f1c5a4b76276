"""Pass 1's cross-record checks, streaming: references resolve, ids keep one meaning.

Memory holds only what the checks need: a hash per id (entity kinds, relationship and
listing signatures), never the records. A reference that is neither in the input so far
nor confirmed in the graph waits in ``pending`` (the graph is asked in batches) until the
end of the input, when whatever is still unknown is a dangling reference.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from entanglements.core.models import (
    AnyRecord,
    EntityRecord,
    ListingRecord,
    ListRecord,
    RelationshipRecord,
    SourceRecord,
)
from entanglements.core.vocab import LISTED_ON
from entanglements.ingest.lookup import GraphLookup

#: How many ids are buffered before the graph is asked about them.
LOOKUP_BATCH = 5_000

_NOUN = {"Entity": "entity", "Source": "source", "SanctionsList": "list"}


@dataclass(frozen=True, slots=True)
class Rejection:
    """A record found invalid after it was accepted (a dangling reference, a conflict
    with the graph): ``seq`` identifies it for the writer to skip."""

    seq: int
    record_type: str
    location: str
    message: str
    raw: Any


#: A reference not resolved yet, by who makes it: (seq, record type, location, owner id,
#: role, raw). A plain tuple: the edges of a bulk load make one per endpoint.
_Waiting = tuple[int, str, str, str, str, Any]


@dataclass(frozen=True, slots=True)
class _Deferred:
    """A record whose id must be compared with the graph (kind, type, endpoints)."""

    seq: int
    record_type: str
    location: str
    id: str
    signature: tuple[str, ...]
    raw: Any


class Checker:
    def __init__(self, lookup: GraphLookup | None, *, keep_raw: bool) -> None:
        self.lookup = lookup
        self.keep_raw = keep_raw
        self.known: dict[str, set[int]] = {label: set() for label in _NOUN}
        self.kinds: dict[int, str] = {}
        self.signatures: dict[int, int] = {}
        #: Unresolved references by (label, referenced id): resolving an id drops its
        #: waiters in one step, however many records refer to it.
        self.pending: dict[tuple[str, str], list[_Waiting]] = {}
        self.unchecked: dict[str, set[str]] = defaultdict(set)
        self.deferred: dict[str, list[_Deferred]] = defaultdict(list)
        self.rejections: list[Rejection] = []
        # For the writer: ids the graph already holds, and ids the input states twice.
        self.in_graph: set[int] = set()
        self.repeated: set[int] = set()

    # --- per record ---------------------------------------------------------------------

    def check(self, seq: int, location: str, record: AnyRecord, raw: Any) -> str | None:
        """Register a valid record; return why it conflicts with the input so far, if so."""
        raw = raw if self.keep_raw else None
        if isinstance(record, EntityRecord):
            return self._entity(seq, location, record, raw)
        if isinstance(record, SourceRecord):
            self.known["Source"].add(hash(record.id))
            return None
        if isinstance(record, ListRecord):
            self.known["SanctionsList"].add(hash(record.id))
            return None
        if isinstance(record, RelationshipRecord):
            neo4j_type = record.type.neo4j_type
            signature = (neo4j_type, record.from_, record.to)
            refs = [("Entity", record.from_, "from"), ("Entity", record.to, "to")]
        else:
            assert isinstance(record, ListingRecord)
            neo4j_type = LISTED_ON
            signature = (LISTED_ON, record.entity, record.list_id)
            refs = [("Entity", record.entity, "entity"), ("SanctionsList", record.list_id, "list")]
        problem = self._signature(record.record, record.id, signature)
        if problem:
            return problem
        citations = [("Source", c.source, "citation") for c in record.citations]
        for label, ref, role in [*refs, *citations]:
            self._reference(seq, record.record, location, record.id, label, ref, role, raw)
        self._defer(neo4j_type, _Deferred(seq, record.record, location, record.id, signature, raw))
        return None

    def _entity(self, seq: int, location: str, record: EntityRecord, raw: Any) -> str | None:
        key = hash(record.id)
        kind = self.kinds.get(key)
        if kind is not None and kind != record.kind:
            return f"entity {record.id!r} is a {record.kind} here but a {kind} earlier in the input"
        if kind is not None:
            self.repeated.add(hash(("entity", record.id)))
        self.kinds[key] = record.kind
        self.known["Entity"].add(key)
        for citation in record.citations:
            self._reference(
                seq, "entity", location, record.id, "Source", citation.source, "citation", raw
            )
        if kind is None:
            deferred = _Deferred(seq, "entity", location, record.id, (record.kind,), raw)
            self._defer("Entity", deferred)
        return None

    def _signature(self, record_type: str, id_: str, signature: tuple[str, ...]) -> str | None:
        key, value = hash((record_type, id_)), hash(signature)
        if key in self.signatures:
            self.repeated.add(key)
        seen = self.signatures.setdefault(key, value)
        if seen != value:
            what = "type or entities" if record_type == "relationship" else "entity or list"
            return f"{record_type} {id_!r} is used earlier in the input with another {what}"
        return None

    def _reference(
        self,
        seq: int,
        record_type: str,
        location: str,
        owner: str,
        label: str,
        ref: str,
        role: str,
        raw: Any,
    ) -> None:
        if hash(ref) in self.known[label]:
            return
        waiting = (seq, record_type, location, owner, role, raw)
        waiters = self.pending.get((label, ref))
        if waiters is not None:
            waiters.append(waiting)
            return
        self.pending[label, ref] = [waiting]
        if self.lookup is not None and self.lookup.has_nodes(label):
            self.unchecked[label].add(ref)
            if len(self.unchecked[label]) >= LOOKUP_BATCH:
                self._resolve(label)

    def _defer(self, key: str, deferred: _Deferred) -> None:
        """Queue an id for comparison with the graph, when the graph can hold it."""
        if self.lookup is None:
            return
        if key == "Entity" and not self.lookup.has_nodes("Entity"):
            return
        if key != "Entity" and not any(self.lookup.rel_counts.values()):
            return
        self.deferred[key].append(deferred)
        if len(self.deferred[key]) >= LOOKUP_BATCH:
            self._compare(key)

    # --- against the graph --------------------------------------------------------------

    def _resolve(self, label: str) -> None:
        """Ask the graph about the unknown references of a label; drop resolved pending."""
        assert self.lookup is not None
        found = self.lookup.nodes(label, self.unchecked.pop(label, set()))
        known = self.known[label]
        for ref in found:
            known.add(hash(ref))
            self.pending.pop((label, ref), None)

    def _compare(self, key: str) -> None:
        assert self.lookup is not None
        batch = self.deferred.pop(key, [])
        if key == "Entity":
            kinds = self.lookup.nodes("Entity", (d.id for d in batch))
            for d in batch:
                if d.id in kinds:
                    self.in_graph.add(hash(("entity", d.id)))
                kind = kinds.get(d.id)
                if kind is not None and kind != d.signature[0]:
                    message = (
                        f"entity {d.id!r} is a {d.signature[0]} here but a {kind} in the graph"
                    )
                    self._reject(d, message)
            return
        self._compare_relationships(key, batch)

    def _compare_relationships(self, neo4j_type: str, batch: list[_Deferred]) -> None:
        assert self.lookup is not None
        ids = [d.id for d in batch]
        same = self.lookup.rel_ends(neo4j_type, ids)
        self.in_graph.update(hash((d.record_type, d.id)) for d in batch if d.id in same)
        for d in batch:
            ends = same.get(d.id)
            if ends is not None and ends != d.signature[1:]:
                message = (
                    f"{d.record_type} {d.id!r} links {d.signature[1]!r} to {d.signature[2]!r} "
                    f"here but {ends[0]!r} to {ends[1]!r} in the graph"
                )
                self._reject(d, message)
        rest = [d for d in batch if d.id not in same]
        others = (t for t in self.lookup.rel_counts if t != neo4j_type and t != LISTED_ON)
        if neo4j_type == LISTED_ON:
            return  # a listing id lives only on LISTED_ON (its own uniqueness constraint)
        for other in others:
            clash = self.lookup.rel_ends(other, (d.id for d in rest))
            for d in rest:
                if d.id in clash:
                    message = (
                        f"relationship {d.id!r} is a {neo4j_type.lower()} here but a "
                        f"{other.lower()} in the graph"
                    )
                    self._reject(d, message)

    def _reject(self, d: _Deferred, message: str) -> None:
        self.rejections.append(Rejection(d.seq, d.record_type, d.location, message, d.raw))

    # --- end of input -------------------------------------------------------------------

    def certainly_new(self, record_type: str, id_: str) -> bool:
        """After ``finish``: the graph had no element with this id when the run began and
        the input states it once, so the writer may create it without looking first.
        Only entities, relationships and listings are compared with the graph."""
        if self.lookup is None or record_type not in ("entity", "relationship", "listing"):
            return False
        key = hash((record_type, id_))
        return key not in self.in_graph and key not in self.repeated

    def repeats(self, record_type: str, id_: str) -> bool:
        """The input states this entity, relationship or listing id more than once."""
        return hash((record_type, id_)) in self.repeated

    def finish(self) -> list[Rejection]:
        """Run the outstanding graph checks; every reference still unknown is dangling."""
        for key in list(self.deferred):
            self._compare(key)
        for label in list(self.unchecked):
            self._resolve(label)
        for (label, ref), waiters in self.pending.items():
            if hash(ref) in self.known[label]:
                continue
            for seq, record_type, location, owner, role, raw in waiters:
                message = (
                    f"{record_type} {owner!r} refers to unknown {_NOUN[label]} {ref!r} "
                    f"({role}): it is neither in the input nor in the graph"
                )
                self.rejections.append(Rejection(seq, record_type, location, message, raw))
        self.pending = {}
        return sorted(self.rejections, key=lambda r: r.seq)
