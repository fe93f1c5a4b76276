"""The watch check: recompute each watched entity's exposure, compare it with the last
snapshot, and turn every difference into an ``Alert`` (docs/corrections.md).

Exposure is the report's own search (``core.reads.exposure``, its ``digest`` form: party
ids, distances and listing ids, no paths) as of today, so a delisting dated in the past
ends an exposure. Checks run ``ENTANGLE_WATCH_WORKERS`` searches at once; the snapshots and
alerts are written in batches, each watch only if nobody checked it meanwhile (``version``,
read under the watch's write lock), so two checks at once never raise one change twice.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, LiteralString

import neo4j

from entanglements.core.dates import PartialDate
from entanglements.core.db.database import Database, one, rows
from entanglements.core.db.driver import native_datetime
from entanglements.core.reads.exposure import exposure_params, exposure_query
from entanglements.core.reads.filters import Direction
from entanglements.core.reads.rules import (
    ANY_RETRACTION,
    LISTING_IN_FORCE,
    any_listing,
    as_of_params,
    unretracted,
)
from entanglements.core.vocab import RelType
from entanglements.core.watch.alerts import ALERT_MAP, Alert, new_alert_ids
from entanglements.core.watch.verdicts import verdicts
from entanglements.core.watch.watches import Reach, ReachedParty, Watch, all_watches

#: Watches whose snapshots and alerts one write transaction stores.
WRITE_BATCH = 500

_LATEST_RUN: LiteralString = (
    "MATCH (r:IngestRun) WHERE r.outcome = 'ok' "
    "RETURN r.id AS id, r.finished_at AS finished ORDER BY r.started_at DESC LIMIT 1"
)
#: Of the listings of newly exposed parties: those the causing run created or changed.
_TOUCHED: LiteralString = (
    "UNWIND $ids AS id MATCH ()-[l:LISTED_ON {id: id}]->() "
    "WHERE " + ANY_RETRACTION + " AND " + any_listing("l") + " "
    "AND $run IN coalesce(l.runs, [l.first_run]) RETURN collect(l.id) AS touched"
)
#: Of the parties that left a reach: the lists each is still listed on today.
_STILL_LISTED: LiteralString = (
    "UNWIND $ids AS id MATCH (e:Entity {id: id})-[l:LISTED_ON]->(sl:SanctionsList) "
    "WHERE " + unretracted("e") + " AND " + any_listing("l") + " AND " + LISTING_IN_FORCE + " "
    "RETURN e.id AS id, collect(sl.id) AS lists"
)
_NAMES: LiteralString = (
    "UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN collect([e.id, e.name]) AS names"
)
#: Store a batch: each watch's new snapshot, and its alerts, unless it changed meanwhile.
#: Under read-committed isolation a check storing at the same moment is not yet visible, so
#: the watch's write lock is taken first (the ``_lock`` set and removed at once, Neo4j's
#: lost-update idiom): the version is read only once the other check has committed.
STORE: LiteralString = (
    "UNWIND $rows AS row "
    "MATCH (w:Watch {id: row.id}) SET w._lock = true REMOVE w._lock "
    "WITH w, row WHERE w.version = row.version "
    "SET w.snapshot = row.snapshot, w.version = row.version + 1, "
    "w.checked_at = datetime(), w.checked_run = $run "
    "WITH row UNWIND row.alerts AS a "
    "CREATE (n:Alert) SET n = a, n.at = datetime() "
    "RETURN n {" + ALERT_MAP + "} AS alert ORDER BY n.id"
)


@dataclass
class CheckResult:
    watches: int = 0
    alerts: list[Alert] = field(default_factory=list)
    seconds: float = 0.0
    run: str | None = None


async def check_watches(
    db: Database,
    *,
    run_id: str | None = None,
    today: date | None = None,
) -> CheckResult:
    """Check every watch. ``run_id``: the ingest that caused the check. Without one (``watch
    check``) the cause is the latest successful ingest for a watch last checked before it
    finished, and none (a retraction, time passing a date) for the others."""
    began = time.perf_counter()
    settings = db.settings
    watches = await all_watches(db)
    result = CheckResult(watches=len(watches))
    if not watches:
        return result
    causes: dict[str, str | None] = {w.entity_id: run_id for w in watches}
    if run_id is None:
        latest = await db.read(_LATEST_RUN)
        run_id = latest[0]["id"] if latest else None
        finished = native_datetime(latest[0]["finished"]) if latest else None
        causes = {w.entity_id: _cause(w, run_id, finished) for w in watches}
    result.run = run_id
    day = today or datetime.now(UTC).date()
    slots = asyncio.Semaphore(settings.watch_workers)

    async def reach(watch: Watch) -> Reach:
        async with slots:
            return await current(db, watch, day)

    found = await with_verdicts(
        db, watches, await asyncio.gather(*(reach(w) for w in watches)), day
    )
    changes = [_diff(w, now) for w, now in zip(watches, found, strict=True)]
    context = await _Context.read(db, changes, run_id, day)
    rows = [
        _row(w, now, change, context, causes[w.entity_id])
        for w, now, change in zip(watches, found, changes, strict=True)
    ]
    for start in range(0, len(rows), WRITE_BATCH):
        stored = await db.write_query(
            STORE, {"rows": rows[start : start + WRITE_BATCH], "run": run_id}
        )
        result.alerts += [Alert.of(r["alert"]) for r in stored]
    if settings.alert_log and result.alerts:
        append_log(Path(settings.alert_log), result.alerts)
    result.seconds = round(time.perf_counter() - began, 3)
    return result


def _cause(watch: Watch, run_id: str | None, finished: datetime | None) -> str | None:
    if run_id is None or finished is None:
        return None
    return run_id if watch.checked_at is None or watch.checked_at < finished else None


async def with_verdicts(
    db: Database, watches: Sequence[Watch], found: Sequence[Reach], day: date
) -> list[Reach]:
    """The snapshots with the ownership verdict of each watch that names a rule."""
    asked = [(w.entity_id, w.rule) for w in watches if w.rule]
    got = await verdicts(db, asked, _partial(day))
    return [
        replace(now, verdict=got[w.entity_id, w.rule]) if w.rule else now
        for w, now in zip(watches, found, strict=True)
    ]


def _partial(day: date) -> PartialDate:
    return PartialDate(day.year, day.month, day.day)


async def current(db: Database, watch: Watch, day: date) -> Reach:
    """The watched entity's exposure today (its ownership verdict: ``with_verdicts``)."""
    query = exposure_query(tuple(RelType), watch.hops, Direction.BOTH, digest=True)
    params = exposure_params(
        watch.entity_id,
        db.settings.hub_degree,
        as_of=_partial(day),
        lists=watch.lists,
    )

    found = await db.read(query, params)
    parties = {
        p["id"]: ReachedParty(p["distance"], frozenset(p["listings"]))
        for p in (found[0]["parties"] if found else [])
    }
    return Reach(parties)


@dataclass(frozen=True, slots=True)
class _Change:
    appeared: tuple[str, ...] = ()
    vanished: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()


def _diff(watch: Watch, now: Reach) -> _Change:
    """Parties that entered the reach, left it, or stayed with other listings or closer."""
    before, after = watch.snapshot.parties, now.parties
    return _Change(
        appeared=tuple(sorted(after.keys() - before.keys())),
        vanished=tuple(sorted(before.keys() - after.keys())),
        kept=tuple(
            sorted(
                pid
                for pid in after.keys() & before.keys()
                if after[pid].listings != before[pid].listings
                or after[pid].distance < before[pid].distance
            )
        ),
    )


@dataclass(frozen=True, slots=True)
class _Context:
    """What classifying the changes needs, read for all watches at once."""

    touched: frozenset[str]  # listings the causing run created or changed
    still_listed: dict[str, tuple[str, ...]]  # vanished party -> lists it is still on
    names: dict[str, str]

    @classmethod
    async def read(
        cls,
        db: Database,
        changes: Sequence[_Change],
        run_id: str | None,
        day: date,
    ) -> _Context:
        appeared = sorted({p for c in changes for p in c.appeared})
        vanished = sorted({p for c in changes for p in c.vanished})
        involved = sorted({*appeared, *vanished, *(p for c in changes for p in c.kept)})
        if not involved:  # the common case: no reach changed, nothing to classify or name
            return cls(frozenset(), {}, {})

        async def work(tx: neo4j.AsyncManagedTransaction) -> _Context:
            listings = (await one(tx, _LISTINGS_OF, {"ids": appeared}))["ids"]
            touched = (await one(tx, _TOUCHED, {"ids": listings, "run": run_id}))["touched"]
            params = {"ids": vanished, **as_of_params(_partial(day))}
            still = {r["id"]: tuple(r["lists"]) for r in await rows(tx, _STILL_LISTED, params)}
            named = (await one(tx, _NAMES, {"ids": involved}))["names"]
            return cls(frozenset(touched), still, dict(named))

        return await db.read_tx(work)


_LISTINGS_OF: LiteralString = (
    "UNWIND $ids AS id MATCH (:Entity {id: id})-[l:LISTED_ON]->() "
    "WHERE " + ANY_RETRACTION + " AND " + any_listing("l") + " RETURN collect(l.id) AS ids"
)


def _row(
    watch: Watch, now: Reach, change: _Change, context: _Context, run_id: str | None
) -> dict[str, Any]:
    alerts = list(_alerts(watch, now, change, context))
    ids = new_alert_ids(len(alerts))
    for alert_id, alert in zip(ids, alerts, strict=True):
        alert |= {"id": alert_id, "watch": watch.entity_id, "entity_name": watch.entity_name}
        alert["run"] = run_id
    return {
        "id": watch.entity_id,
        "version": watch.version,
        "snapshot": now.to_json(),
        "alerts": alerts,
    }


def _alerts(
    watch: Watch, now: Reach, change: _Change, context: _Context
) -> Iterable[dict[str, Any]]:
    """Each difference as an alert's properties: kind, party, before and after."""
    before, after = watch.snapshot.parties, now.parties
    for pid in change.appeared:
        party = after[pid]
        kind = "listed" if party.listings & context.touched else "new_exposure"
        yield _alert(kind, pid, context, None, party)
    for pid in change.vanished:
        lists = context.still_listed.get(pid, ())
        still = any(watch.lists is None or sl in watch.lists for sl in lists)
        yield _alert("vanished_exposure" if still else "delisted", pid, context, before[pid], None)
    for pid in change.kept:  # each stayed in reach, and something about it changed
        old, new = before[pid], after[pid]
        if new.listings - old.listings:
            yield _alert("listed", pid, context, old, new)
        if old.listings - new.listings:
            yield _alert("delisted", pid, context, old, new)
        if new.distance < old.distance:
            yield _alert("shorter_path", pid, context, old, new)
    if now.verdict != watch.snapshot.verdict and watch.rule:
        yield {
            "kind": "verdict_changed",
            "party": None,
            "party_name": None,
            "before": json.dumps({"verdict": watch.snapshot.verdict}),
            "after": json.dumps({"verdict": now.verdict}),
        }


def _alert(
    kind: str, pid: str, context: _Context, old: ReachedParty | None, new: ReachedParty | None
) -> dict[str, Any]:
    return {
        "kind": kind,
        "party": pid,
        "party_name": context.names.get(pid, pid),
        "before": _party_json(old),
        "after": _party_json(new),
    }


def _party_json(party: ReachedParty | None) -> str | None:
    if party is None:
        return None
    return json.dumps({"distance": party.distance, "listings": sorted(party.listings)})


def append_log(path: Path, alerts: Sequence[Alert]) -> None:
    """``ENTANGLE_ALERT_LOG``: one JSON object per alert and line, for mail or chat tools."""
    with path.open("a", encoding="utf-8") as log:
        for alert in alerts:
            log.write(json.dumps(alert.plain(), ensure_ascii=False) + "\n")
