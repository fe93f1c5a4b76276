"""``entangle db check``: the graph's invariants, each verified against the whole graph.

Every writer keeps them in its own transaction; this finds a graph where one did not (or
a hand edit broke one). Each check yields ``Violation``s naming the ids involved:

- **clusters** (core/resolution/): every ``SAME_AS`` link is the SAME judgement in force of
  its pair and every SAME judgement in force is a link; every member carries exactly the
  copies of the other members' own listings, property for property; the ``Listed`` label
  is on exactly the entities with a listing;
- **retractions** (core/corrections/retractions.py): every ``retracted`` mark and every
  withdrawn citation names an active retraction that covers the element, and every
  active retraction's element (and a source retraction's claims) carries its mark;
- **citations**: every relationship and own listing cites at least one source, every cited
  source exists, and the citation lists are parallel;
- **listed hops** (core/reach.py): every relationship with a listed end has exactly its
  last hop, property for property, and no other last hop exists; a listed party has label
  0 and only a listed one; no relationship's ends' labels differ by more than 1 (which
  makes every label a lower bound of the distance: an exact check, not a sample);
- **alert ids** (core/watch/alerts.py): every alert's id starts with its time, so the live
  feeds, which start after the newest id, see every new alert.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from entanglements.core import reach
from entanglements.core.db.database import rows
from entanglements.core.reads.rules import ANY_RETRACTION, any_listing, cluster_copy, own_listing
from entanglements.core.resolution.clusters import COPY_SEPARATOR
from entanglements.core.resolution.judgements import IN_FORCE, PAIR_SEPARATOR
from entanglements.core.vocab import ENTITY_REL_TYPES, LISTED_ON, SAME_AS
from entanglements.core.watch.alerts import ALERT_ID_PATTERN

#: Violations reported per check at most (a broken graph can have millions).
LIMIT = 1_000


@dataclass(frozen=True, slots=True)
class Violation:
    invariant: str
    ids: tuple[str, ...]
    detail: str

    def __str__(self) -> str:
        return f"{self.invariant}: {', '.join(self.ids)}: {self.detail}"


_LINKS: LiteralString = (
    "MATCH (a:Entity)-[s:" + SAME_AS + "]->(b:Entity) "
    "WITH a, b, s, CASE WHEN a.id < b.id THEN a.id + $sep + b.id ELSE b.id + $sep + a.id END "
    "  AS pair "
    "CALL (pair) { OPTIONAL MATCH (j:Judgement {pair: pair}) "
    "  RETURN j ORDER BY j.at DESC, j.id DESC LIMIT 1 } "
    "WITH a, b, s, j WHERE j IS NULL OR j.judgement <> 'same' OR s.judgement <> j.id "
    "RETURN a.id AS a, b.id AS b, s.judgement AS link, j.id AS judgement, "
    "j.judgement AS verdict LIMIT $limit"
)
_JUDGED_SAME: LiteralString = (
    "CALL () { " + IN_FORCE + " } WITH * WHERE verdict = 'same' "
    "OPTIONAL MATCH (x:Entity {id: a}) OPTIONAL MATCH (y:Entity {id: b}) "
    "WITH a, b, id, x, y WHERE x IS NULL OR y IS NULL "
    "  OR COUNT { (x)-[:" + SAME_AS + "]-(y) } <> 1 "
    "RETURN a, b, id LIMIT $limit"
)
_CLUSTERED: LiteralString = (
    "MATCH (x:Entity) WHERE EXISTS { (x)-[:" + SAME_AS + "]-() } "
    "  OR EXISTS { (x)-[c:" + LISTED_ON + "]->() WHERE " + cluster_copy("c") + " "
    "  AND " + ANY_RETRACTION + " } "
    "CALL (x) { MATCH (x)-[:" + SAME_AS + "*0..]-(m:Entity) RETURN collect(DISTINCT m.id) AS "
    "  members } "
    "RETURN x.id AS id, x.retracted AS retracted, members, "
    "[(x)-[r:" + LISTED_ON + "]->(l:SanctionsList) WHERE " + ANY_RETRACTION + " "
    "  | [l.id, properties(r)]] AS listings"
)
_LABELS: LiteralString = (
    "MATCH (e:Entity) WITH e, EXISTS { (e)-[l:" + LISTED_ON + "]->() "
    "  WHERE " + ANY_RETRACTION + " AND " + any_listing("l") + " } AS listed "
    "WHERE listed <> (e:Listed) RETURN e.id AS id, listed LIMIT $limit"
)
#: Every element that carries a retraction mark or withdrawn citations (relationships and
#: listings through the entity they start from, so a scope reads only its own).
_MARKED: LiteralString = (
    "UNWIND $scopes AS scope CALL (scope) { "
    "  MATCH (x:Entity) WHERE x.id STARTS WITH scope "
    "  AND (x.retracted IS NOT NULL OR x.retracted_cite_by IS NOT NULL) "
    "  RETURN x.id AS id, x.retracted AS mark, x.retracted_cite_by AS withdrawn UNION ALL "
    "  MATCH (x:Source) WHERE x.id STARTS WITH scope AND x.retracted IS NOT NULL "
    "  RETURN x.id AS id, x.retracted AS mark, null AS withdrawn UNION ALL "
    "  MATCH (e:Entity)-[x]->() WHERE e.id STARTS WITH scope "
    "  AND (x.retracted IS NOT NULL OR x.retracted_cite_by IS NOT NULL) AND "
    + own_listing("x")
    + " "
    "  RETURN x.id AS id, x.retracted AS mark, x.retracted_cite_by AS withdrawn } "
    "RETURN id, mark, withdrawn"
)
#: The retractions of the scope, and those the marks name.
_RECORDS: LiteralString = (
    "CALL () { UNWIND $scopes AS scope MATCH (rt:Retraction) WHERE rt.target_id STARTS WITH scope "
    "  RETURN rt UNION MATCH (rt:Retraction) WHERE rt.id IN $named RETURN rt } "
    "RETURN rt {.id, .target, .target_id, .claims, .cited, undone: rt.undone_at IS NOT NULL} "
    "  AS rt"
)
_UNCITED: LiteralString = (
    "MATCH ()-[r]->() WHERE "
    + ANY_RETRACTION
    + " AND (type(r) IN $types OR (type(r) = '"
    + LISTED_ON
    + "' AND "
    + own_listing("r")
    + ")) "
    "AND (size(coalesce(r.cite_source, [])) = 0 "
    "  OR size(r.cite_source) <> size(coalesce(r.cite_quote, [])) "
    "  OR size(r.cite_source) <> size(coalesce(r.cite_locator, [])) "
    "  OR any(s IN r.cite_source WHERE NOT EXISTS { (:Source {id: s}) })) "
    "RETURN r.id AS id, type(r) AS type, r.cite_source AS sources LIMIT $limit"
)

_ALERT_IDS: LiteralString = (
    "MATCH (a:Alert) WHERE NOT a.id =~ $pattern RETURN a.id AS id ORDER BY id LIMIT $limit"
)


async def check(tx: AsyncManagedTransaction, scopes: Sequence[str] = ("",)) -> list[Violation]:
    """Every invariant's violations (at most ``LIMIT`` per check), in a fixed order.
    ``scopes``: id prefixes the retraction checks read (all of the graph by default; a
    test reads only its own ids)."""
    limit = {"limit": LIMIT}
    links = await rows(tx, _LINKS, {"sep": PAIR_SEPARATOR, **limit})
    found: list[Violation] = [*_links(links, await rows(tx, _JUDGED_SAME, limit))]
    found += _copies(await rows(tx, _CLUSTERED))
    found += _labels(await rows(tx, _LABELS, limit))
    marked = await rows(tx, _MARKED, {"scopes": list(scopes)})
    named = sorted({m for r in marked for m in [r["mark"], *(r["withdrawn"] or ())] if m})
    records = await rows(tx, _RECORDS, {"scopes": list(scopes), "named": named})
    found += _retractions(marked, records)
    found += _citations(await rows(tx, _UNCITED, {"types": list(ENTITY_REL_TYPES), **limit}))
    found += [Violation(*v) for v in await reach.violations(tx, LIMIT)]
    alerts = await rows(tx, _ALERT_IDS, {"pattern": ALERT_ID_PATTERN, **limit})
    found += [Violation("alert-id", (r["id"],), "not in the time-ordered form") for r in alerts]
    return found


Rows = Sequence[Mapping[str, Any]]


def _links(links: Rows, judged: Rows) -> Iterator[Violation]:
    for r in links:
        said = f"judgement {r['judgement']} ({r['verdict']})" if r["judgement"] else "none"
        yield Violation(
            "same-as-link",
            (r["a"], r["b"]),
            f"SAME_AS link from judgement {r['link']} but the judgement in force is {said}",
        )
    for r in judged:
        yield Violation(
            "same-as-judgement",
            (r["a"], r["b"], r["id"]),
            "a SAME judgement in force without exactly one SAME_AS link between the two",
        )


def _copies(clustered: Rows) -> Iterator[Violation]:
    """Recompute every cluster's copies from its members' own listings and compare."""
    entities = {r["id"]: dict(r) for r in clustered}
    count = 0
    for x in entities.values():
        expected: dict[str, dict[str, Any]] = {}
        for other in x["members"]:
            o = entities.get(other)
            if other == x["id"] or o is None:
                continue
            for list_id, props in o["listings"]:
                if props.get("via") is None:
                    expected[props["id"] + COPY_SEPARATOR + x["id"]] = _copy(props, o, list_id)
        actual = {
            p["id"]: {**p, "(list)": list_id}
            for list_id, p in x["listings"]
            if p.get("via") is not None
        }
        for copy_id in sorted(expected.keys() | actual.keys()):
            problem = _compare(expected.get(copy_id), actual.get(copy_id))
            if problem and count < LIMIT:
                count += 1
                yield Violation("cluster-copy", (x["id"], copy_id), problem)


def _copy(listing: dict[str, Any], member: dict[str, Any], list_id: str) -> dict[str, Any]:
    copied = {
        **listing,
        "(list)": list_id,
        "via": member["id"],
        "retracted": listing.get("retracted") or member["retracted"],
    }
    return {k: v for k, v in copied.items() if v is not None}


def _compare(expected: dict[str, Any] | None, actual: dict[str, Any] | None) -> str | None:
    if actual is None:
        return "missing: a member's own listing is not copied to this member"
    if expected is None:
        return f"a copy of no own listing of a member of its cluster (via {actual.get('via')})"
    wrong = sorted(
        k for k in expected.keys() | actual.keys() if k != "id" and expected.get(k) != actual.get(k)
    )
    return f"differs from its listing in {', '.join(wrong)}" if wrong else None


def _labels(labels: Rows) -> Iterator[Violation]:
    for r in labels:
        has = "has listings but no" if r["listed"] else "has no listing but the"
        yield Violation("listed-label", (r["id"],), f"{has} Listed label")


def _retractions(marks: Rows, rts: Rows) -> Iterator[Violation]:
    """Marks against records, both ways, compared here from one read of each."""
    marked = {r["id"]: (r["mark"], list(r["withdrawn"] or ())) for r in marks}
    records = {r["rt"]["id"]: r["rt"] for r in rts}
    count = 0
    for element, (mark, withdrawn) in sorted(marked.items()):
        for rid, whole in [(mark, True)] * bool(mark) + [(w, False) for w in withdrawn]:
            why = _uncovered(records.get(rid), element, whole=whole)
            if why and count < LIMIT:
                count += 1
                yield Violation("retraction-mark", (element, rid), f"marked retracted: {why}")
    for rid, rt in sorted(records.items()):
        if rt["undone"]:
            continue
        claims = list(rt["claims"] or ()) if rt["target"] == "source" else []
        for target in [rt["target_id"], *claims]:
            if marked.get(target, (None, []))[0] != rid and count < LIMIT:
                count += 1
                yield Violation(
                    "retraction-record",
                    (rid, target),
                    "an active retraction whose element is not marked with it "
                    f"(its mark: {marked.get(target, (None, []))[0]})",
                )


def _uncovered(rt: dict[str, Any] | None, element: str, *, whole: bool) -> str | None:
    """Why retraction ``rt`` does not account for ``element``'s mark (None: it does)."""
    if rt is None:
        return "no such retraction"
    if rt["undone"]:
        return "the retraction is undone"
    source = rt["target"] == "source"
    if whole:
        covered = (
            element in (rt["claims"] or ()) or element == rt["target_id"]
            if source
            else (element == rt["target_id"])
        )
    else:
        covered = source and element in (rt["cited"] or ())
    return None if covered else "the retraction does not cover this element"


def _citations(uncited: Rows) -> Iterator[Violation]:
    for r in uncited:
        yield Violation(
            "citation",
            (r["id"],),
            f"{r['type']} without a citation of an existing source, or with citation "
            f"lists of unequal length (sources: {r['sources']})",
        )
