"""Retractions: withdraw a claim, or a discredited source, with who, when and why; undo them.

Nothing is deleted (docs/corrections.md). A retraction is a ``Retraction`` node; the element
it withdraws carries ``retracted`` = that node's id, which every read filters on
(``core.reads.rules.live``). Retracting a *source* retracts the relationships and listings
that rest on it alone; an element that also cites other sources keeps them and only
*withdraws* this source's citations: they move, in order, from ``cite_*`` to
``retracted_cite_*`` (with ``retracted_cite_by``, the retraction, and
``retracted_cite_pos``, where each stood), so undoing puts each back where it was and a
re-ingest cannot add one back (ingest/statements.py).
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, LiteralString

import neo4j

from entanglements.core import reach
from entanglements.core.db.database import Database, execute, first, one, rows
from entanglements.core.db.driver import native_datetime as native
from entanglements.core.errors import BadInputError, EntangleError, NotFoundError
from entanglements.core.models import MAX_TEXT
from entanglements.core.reads.rules import ANY_RETRACTION, own_listing
from entanglements.core.resolution.clusters import COPY_SEPARATOR, refresh
from entanglements.core.vocab import ENTITY_REL_TYPES, LISTED_ON
from entanglements.core.watch.check import check_watches


class Target(StrEnum):
    ENTITY = "entity"
    RELATIONSHIP = "relationship"
    LISTING = "listing"
    SOURCE = "source"


@dataclass(frozen=True, slots=True)
class Retraction:
    id: str
    target: Target
    target_id: str
    reason: str
    by: str
    at: datetime
    #: The elements it retracted (a source retraction: its sole-source claims).
    claims: tuple[str, ...] = ()
    #: Citations a source retraction withdrew from claims that rest on other sources too,
    #: and those elements.
    withdrawn: int = 0
    cited: tuple[str, ...] = ()
    undone_at: datetime | None = None
    undone_by: str | None = None
    undo_reason: str | None = None
    #: The watch check that followed the write (not stored): alerts it raised, or why it
    #: failed (reported, not raised: the correction is written).
    alerts: int = 0
    watch_error: str | None = None

    @classmethod
    def of(cls, row: dict[str, Any]) -> Retraction:
        return cls(
            id=row["id"],
            target=Target(row["target"]),
            target_id=row["target_id"],
            reason=row["reason"],
            by=row["by"],
            at=native(row["at"]),
            claims=tuple(row.get("claims") or ()),
            withdrawn=row.get("withdrawn") or 0,
            cited=tuple(row.get("cited") or ()),
            undone_at=native(row["undone_at"]) if row.get("undone_at") else None,
            undone_by=row.get("undone_by"),
            undo_reason=row.get("undo_reason"),
        )


RETRACTION_MAP: LiteralString = (
    ".id, .target, .target_id, .reason, .by, .at, .claims, .withdrawn, .cited, "
    ".undone_at, .undone_by, .undo_reason"
)

#: Where each kind of element is found by id (``key``: its label or relationship type).
_PATTERNS: dict[str, LiteralString] = {
    "Entity": "(x:Entity {id: row.id})",
    "Source": "(x:Source {id: row.id})",
    **{t: "()-[x:" + t + " {id: row.id}]->()" for t in (*ENTITY_REL_TYPES, LISTED_ON)},
}


def _locate(target: Target) -> LiteralString:
    """A query answering ``key`` and ``retracted`` of the element ``$id`` of ``target``
    (a relationship: one index seek per type, since its type is not given)."""
    keys: tuple[str, ...] = {
        Target.ENTITY: ("Entity",),
        Target.SOURCE: ("Source",),
        Target.LISTING: (LISTED_ON,),
        Target.RELATIONSHIP: ENTITY_REL_TYPES,
    }[target]
    return " UNION ALL ".join(
        "WITH $id AS id WITH {id: id} AS row MATCH "
        + _PATTERNS[k]
        + f" RETURN '{k}' AS key, x.retracted AS retracted, x.via AS via"
        for k in keys
    )


#: Per element key: set the props of each row's element (``null`` removes a property).
_UPDATE: dict[str, LiteralString] = {
    k: "UNWIND $rows AS row MATCH " + p + " SET x += row.props" for k, p in _PATTERNS.items()
}

_CREATE: LiteralString = (
    "CREATE (rt:Retraction {id: $id, target: $target, target_id: $target_id, reason: $reason, "
    "by: $by, at: datetime(), claims: $claims, withdrawn: $withdrawn, cited: $cited}) "
    "RETURN rt {" + RETRACTION_MAP + "} AS rt"
)
_ACTIVE: LiteralString = (
    "MATCH (rt:Retraction {target_id: $target_id}) "
    "WHERE rt.target = $target AND rt.undone_at IS NULL "
    "RETURN rt {" + RETRACTION_MAP + "} AS rt"
)
_UNDO: LiteralString = (
    "MATCH (rt:Retraction {id: $id}) "
    "SET rt.undone_at = datetime(), rt.undone_by = $by, rt.undo_reason = $reason "
    "RETURN rt {" + RETRACTION_MAP + "} AS rt"
)

#: The entities of listings, whose clusters carry what happens to them.
_LISTING_ENTITIES: LiteralString = (
    "UNWIND $ids AS id MATCH (e:Entity)-[r:" + LISTED_ON + " {id: id}]->() "
    "WHERE " + ANY_RETRACTION + " AND " + own_listing("r") + " "
    "RETURN collect(DISTINCT e.id) AS ids"
)

#: Every element that cites ``$sid`` (a scan: source retractions are rare, deliberate acts),
#: cluster copies aside (they follow their listing).
_CITING: LiteralString = (
    "CALL () { "
    "  MATCH (x:Entity) WHERE $sid IN x.cite_source RETURN 'Entity' AS key, x "
    "  UNION ALL "
    "  MATCH ()-[x]->() WHERE $sid IN x.cite_source AND " + own_listing("x") + " "
    "  AND " + ANY_RETRACTION + " "
    "  RETURN type(x) AS key, x "
    "} "
    "RETURN key, x.id AS id, x.retracted AS retracted, x.cite_source AS cs, "
    "x.cite_quote AS cq, x.cite_locator AS cl, x.retracted_cite_source AS rcs, "
    "x.retracted_cite_quote AS rcq, x.retracted_cite_locator AS rcl, "
    "x.retracted_cite_by AS rcb, x.retracted_cite_pos AS rcp"
)
#: Every element a source retraction ``$rid`` touched.
_TOUCHED: LiteralString = (
    "CALL () { "
    "  MATCH (x:Entity) WHERE x.retracted = $rid OR $rid IN x.retracted_cite_by "
    "  RETURN 'Entity' AS key, x "
    "  UNION ALL "
    "  MATCH ()-[x]->() WHERE (x.retracted = $rid OR $rid IN x.retracted_cite_by) "
    "  AND " + own_listing("x") + " RETURN type(x) AS key, x "
    "} "
    "RETURN key, x.id AS id, x.retracted AS retracted, x.cite_source AS cs, "
    "x.cite_quote AS cq, x.cite_locator AS cl, x.retracted_cite_source AS rcs, "
    "x.retracted_cite_quote AS rcq, x.retracted_cite_locator AS rcl, "
    "x.retracted_cite_by AS rcb, x.retracted_cite_pos AS rcp"
)

Updates = dict[str, list[dict[str, Any]]]  # element key -> rows {id, props}


#: Every retraction id begins with it (an alert's cause is a run id or a retraction id).
RETRACTION_ID_PREFIX = "ret-"


def new_retraction_id(now: datetime | None = None) -> str:
    return (
        f"{RETRACTION_ID_PREFIX}{(now or datetime.now(UTC)):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
    )


def _reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise BadInputError("reason: say why (a retraction is kept with its reason)")
    if len(text) > MAX_TEXT:
        raise BadInputError(f"reason: at most {MAX_TEXT:,} characters")
    return text


async def retract(
    db: Database,
    target: Target,
    target_id: str,
    *,
    reason: str,
    by: str,
) -> Retraction:
    """Retract an element (entity, relationship, listing) or a source, in one transaction.
    NOT_FOUND for an unknown id; BAD_USER_INPUT when it is retracted already."""
    why = _reason(reason)

    async def work(tx: neo4j.AsyncManagedTransaction) -> Retraction:
        key, retracted = await _element(tx, target, target_id)
        if retracted is not None:
            raise BadInputError(f"{target} {target_id} is retracted already ({retracted})")
        rid = new_retraction_id()
        updates: Updates = defaultdict(list)
        updates[key].append({"id": target_id, "props": {"retracted": rid}})
        claims: list[str] = [] if target is Target.SOURCE else [target_id]
        cited: list[str] = []
        withdrawn = 0
        if target is Target.SOURCE:
            citing = await rows(tx, _CITING, {"sid": target_id})
            claims, cited, withdrawn = _plan_source(citing, target_id, rid, updates)
        await _apply(tx, updates)
        params = {
            "id": rid,
            "target": target.value,
            "target_id": target_id,
            "reason": why,
            "by": by,
            "claims": claims,
            "withdrawn": withdrawn,
            "cited": cited,
        }
        row = await one(tx, _CREATE, params)
        return Retraction.of(row["rt"])

    return await _checked(db, await db.write(work))


async def unretract(
    db: Database,
    target: Target,
    target_id: str,
    *,
    by: str,
    reason: str | None = None,
) -> Retraction:
    """Undo the active retraction of an element or a source: it is marked undone (kept),
    and everything it withdrew is back as it was."""
    why = _reason(reason) if reason else None

    async def work(tx: neo4j.AsyncManagedTransaction) -> Retraction:
        key, retracted = await _element(tx, target, target_id)
        found = await first(tx, _ACTIVE, {"target": target.value, "target_id": target_id})
        if found is None:
            if retracted is not None:  # withdrawn by the retraction of a source it rests on
                raise BadInputError(
                    f"{target} {target_id} was retracted with its source ({retracted}): "
                    "unretract the source"
                )
            raise BadInputError(f"{target} {target_id} is not retracted")
        rid = found["rt"]["id"]
        updates: Updates = defaultdict(list)
        updates[key].append({"id": target_id, "props": {"retracted": None}})
        if target is Target.SOURCE:
            _plan_undo(await rows(tx, _TOUCHED, {"rid": rid}), rid, updates)
        await _apply(tx, updates)
        row = await one(tx, _UNDO, {"id": rid, "by": by, "reason": why})
        return Retraction.of(row["rt"])

    return await _checked(db, await db.write(work))


async def _checked(db: Database, done: Retraction) -> Retraction:
    """A correction changes exposure like an ingest does: it ends with the watch check
    (``ENTANGLE_WATCH_AFTER_INGEST``), whose alerts name the retraction as their cause."""
    if not db.settings.watch_after_ingest:
        return done
    try:
        result = await check_watches(db, run_id=done.id)
    except EntangleError as exc:
        return replace(done, watch_error=str(exc))
    return replace(done, alerts=len(result.alerts))


async def _element(
    tx: neo4j.AsyncManagedTransaction, target: Target, target_id: str
) -> tuple[str, Any]:
    found = await rows(tx, _locate(target), {"id": target_id})
    if not found:
        raise NotFoundError(f"no {target} with id {target_id!r}")
    if found[0]["via"] is not None:
        own = target_id.rsplit(COPY_SEPARATOR, 1)[0]
        raise BadInputError(
            f"{target} {target_id} is a cluster copy of {own} (on {found[0]['via']}): "
            f"retract {own}, and every member's copy follows"
        )
    return found[0]["key"], found[0]["retracted"]


async def _apply(tx: neo4j.AsyncManagedTransaction, updates: Updates) -> None:
    """Write the updates, and carry them to the clusters of the entities they touch (a
    retracted listing's copies, a retracted member's listings on the others)."""
    for key, changes in updates.items():
        await execute(tx, _UPDATE[key], {"rows": changes})
        if key in reach.RELATIONSHIPS:  # the last hops carry the relationships' retraction
            await reach.relationships(tx, key, [row["id"] for row in changes])
    entities = {row["id"] for row in updates.get("Entity", [])}
    listings = [row["id"] for row in updates.get(LISTED_ON, [])]
    if listings:
        entities.update((await one(tx, _LISTING_ENTITIES, {"ids": listings}))["ids"])
    await refresh(tx, entities)


def _plan_source(
    rows: Sequence[dict[str, Any]], sid: str, rid: str, updates: Updates
) -> tuple[list[str], list[str], int]:
    """Claims resting on ``sid`` alone are retracted; the others withdraw its citations
    (entities, whose citations are optional, only ever withdraw). Returns the retracted
    claims, the elements that withdrew citations, and how many citations."""
    claims: list[str] = []
    cited: list[str] = []
    withdrawn = 0
    for row in rows:
        cites = _cites(row, "")
        out = [i for i, c in enumerate(cites) if c[0] == sid]
        if row["key"] != "Entity" and len(out) == len(cites):
            if row["retracted"] is None:
                claims.append(row["id"])
                updates[row["key"]].append({"id": row["id"], "props": {"retracted": rid}})
            continue
        kept = [c for i, c in enumerate(cites) if i not in out]
        moved = _cites(row, "r") + [cites[i] for i in out]
        by = list(row["rcb"] or ()) + [rid] * len(out)
        pos = list(row["rcp"] or ()) + out
        updates[row["key"]].append({"id": row["id"], "props": _cite_props(kept, moved, by, pos)})
        cited.append(row["id"])
        withdrawn += len(out)
    return claims, cited, withdrawn


def _plan_undo(rows: Sequence[dict[str, Any]], rid: str, updates: Updates) -> None:
    """Everything the source retraction ``rid`` did, undone: its claims unretracted, its
    withdrawn citations back at their places."""
    for row in rows:
        props: dict[str, Any] = {}
        if row["retracted"] == rid:
            props["retracted"] = None
        by, pos, moved = list(row["rcb"] or ()), list(row["rcp"] or ()), _cites(row, "r")
        back = sorted((pos[j], moved[j]) for j in range(len(moved)) if by[j] == rid)
        if back:
            cites = _cites(row, "")
            for at, cite in back:  # ascending original positions restore the original order
                cites.insert(min(at, len(cites)), cite)
            stay = [j for j in range(len(moved)) if by[j] != rid]
            props |= _cite_props(
                cites, [moved[j] for j in stay], [by[j] for j in stay], [pos[j] for j in stay]
            )
        updates[row["key"]].append({"id": row["id"], "props": props})


def _cites(row: dict[str, Any], prefix: str) -> list[tuple[str, str, str]]:
    """The element's citations (``prefix`` ``r``: its withdrawn ones) as triples."""
    sources = row[f"{prefix}cs"] or []
    quotes = row[f"{prefix}cq"] or []
    locators = row[f"{prefix}cl"] or []
    return [
        (s, quotes[i] if i < len(quotes) else "", locators[i] if i < len(locators) else "")
        for i, s in enumerate(sources)
    ]


def _cite_props(
    kept: list[tuple[str, str, str]],
    moved: list[tuple[str, str, str]],
    by: list[str],
    pos: list[int],
) -> dict[str, Any]:
    """The citation properties; empty withdrawn lists are removed (``null``)."""

    def column(values: list[Any]) -> list[Any] | None:
        return values or None

    return {
        "cite_source": [c[0] for c in kept],
        "cite_quote": [c[1] for c in kept],
        "cite_locator": [c[2] for c in kept],
        "retracted_cite_source": column([c[0] for c in moved]),
        "retracted_cite_quote": column([c[1] for c in moved]),
        "retracted_cite_locator": column([c[2] for c in moved]),
        "retracted_cite_by": column(by),
        "retracted_cite_pos": column(pos),
    }
