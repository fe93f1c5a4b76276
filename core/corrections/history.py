"""An element's history: the ingest runs and the analyst decisions that touched it, in order.

Runs come from the element's ``first_run`` (created), ``runs`` (every run that created or
changed it, written by the ingest) and ``last_run`` (the last run that stated it, changed or
not); decisions are the ``Retraction`` nodes that retracted it, withdrew one of its
citations, or were undone, and the screening ``Judgement`` nodes on a pair it is in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString

from entanglements.core.corrections.retractions import RETRACTION_MAP, Retraction
from entanglements.core.db.database import Database
from entanglements.core.db.driver import native_datetime as native
from entanglements.core.reads.rules import ANY_RETRACTION, any_listing
from entanglements.core.vocab import ENTITY_REL_TYPES, LISTED_ON

_ELEMENTS: tuple[tuple[LiteralString, LiteralString], ...] = (
    ("entity", "(x:Entity {id: id})"),
    ("source", "(x:Source {id: id})"),
    ("list", "(x:SanctionsList {id: id})"),
    ("listing", "()-[x:" + LISTED_ON + " {id: id}]->()"),
    *(("relationship", "()-[x:" + t + " {id: id}]->()") for t in ENTITY_REL_TYPES),
)

#: For each ``$ids``: the elements with that id (one index seek per kind and type), the runs
#: that touched them, and the retractions that name it.
HISTORY: LiteralString = (
    "UNWIND $ids AS id "
    "CALL (id) { "
    + " UNION ALL ".join(
        "MATCH " + pattern + " WHERE " + ANY_RETRACTION + " AND " + any_listing("x") + " "
        "RETURN '" + kind + "' AS kind, x.first_run AS first, "
        "coalesce(x.runs, []) AS changed, x.last_run AS last"
        for kind, pattern in _ELEMENTS
    )
    + " } "
    "WITH id, collect({kind: kind, first: first, changed: changed, last: last}) AS found "
    "CALL (found) { "
    "  UNWIND found AS f UNWIND f.changed + [f.first, f.last] AS rid "
    "  WITH DISTINCT rid MATCH (r:IngestRun {id: rid}) "
    "  RETURN collect(r {.id, .started_at, .origin, .inputs}) AS runs "
    "} "
    "CALL (id) { "
    "  MATCH (rt:Retraction) WHERE rt.target_id = id OR id IN rt.claims OR id IN rt.cited "
    "  RETURN collect(rt {" + RETRACTION_MAP + "}) AS retractions "
    "} "
    "CALL (id) { "
    "  MATCH (j:Judgement) WHERE j.a = id OR j.b = id "
    "  RETURN collect(j {.id, .a, .b, .judgement, .note, .by, .at}) AS judgements "
    "} "
    "RETURN id, found, runs, retractions, judgements"
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    at: datetime
    #: created, changed, stated (re-ingested unchanged), retracted, citation_withdrawn,
    #: unretracted, citation_restored, judged_same / _different / _unsure / _none.
    action: str
    element: str  # entity, relationship, listing, source, list
    by: str | None = None  # who: an API key's name, cli:<user>, or an ingest's origin
    run: str | None = None
    retraction: str | None = None
    reason: str | None = None
    detail: str | None = None


def events(row: dict[str, Any]) -> list[HistoryEvent]:
    """The events of one row of ``HISTORY``, oldest first."""
    runs = {r["id"]: r for r in row["runs"]}
    found: list[HistoryEvent] = []
    for element in row["found"]:
        found += _run_events(element, runs)
    kinds = {e["kind"] for e in row["found"]}
    for rt in (Retraction.of(r) for r in row["retractions"]):
        found += _decision_events(rt, row["id"], kinds)
    found += [_judgement_event(j, row["id"]) for j in row.get("judgements") or ()]
    return sorted(found, key=lambda e: (e.at, e.action))


def _judgement_event(judgement: dict[str, Any], entity_id: str) -> HistoryEvent:
    """A screening judgement on a pair this entity is in (core/resolution/judgements.py)."""
    other = judgement["b"] if judgement["a"] == entity_id else judgement["a"]
    return HistoryEvent(
        at=native(judgement["at"]),
        action=f"judged_{judgement['judgement']}",
        element="entity",
        by=judgement.get("by"),
        reason=judgement.get("note"),
        detail=f"with {other}",
    )


def _run_events(element: dict[str, Any], runs: dict[str, dict[str, Any]]) -> list[HistoryEvent]:
    kind = element["kind"]
    order = list(dict.fromkeys([element["first"], *element["changed"], element["last"]]))
    found = []
    for rid in order:
        run = runs.get(rid)
        if run is None:  # a bulk import without runs, or a run deleted by hand
            continue
        if rid == element["first"]:
            action = "created"
        elif rid in element["changed"]:
            action = "changed"
        else:
            action = "stated"
        found.append(
            HistoryEvent(
                at=native(run["started_at"]),
                action=action,
                element=kind,
                by=run.get("origin"),
                run=rid,
                detail=", ".join(run.get("inputs") or ()),
            )
        )
    return found


def _decision_events(rt: Retraction, element_id: str, kinds: set[str]) -> list[HistoryEvent]:
    direct = rt.target_id == element_id
    kind = next(iter(kinds)) if len(kinds) == 1 else rt.target.value
    partial = not direct and element_id in rt.cited and element_id not in rt.claims
    source = f"source {rt.target_id}" if rt.target.value == "source" and not direct else None
    done, undone = (
        ("citation_withdrawn", "citation_restored") if partial else ("retracted", "unretracted")
    )
    found = [
        HistoryEvent(
            at=rt.at,
            action=done,
            element=kind,
            by=rt.by,
            retraction=rt.id,
            reason=rt.reason,
            detail=f"with {source}" if source else None,
        )
    ]
    if rt.undone_at is not None:
        found.append(
            HistoryEvent(
                at=rt.undone_at,
                action=undone,
                element=kind,
                by=rt.undone_by,
                retraction=rt.id,
                reason=rt.undo_reason,
                detail=f"with {source}" if source else None,
            )
        )
    return found


async def histories(db: Database, ids: Sequence[str]) -> dict[str, list[HistoryEvent]]:
    """The history of each id (empty when nothing has that id), in one round trip."""
    rows = await db.read(HISTORY, {"ids": list(dict.fromkeys(ids))})
    return {row["id"]: events(row) for row in rows}
