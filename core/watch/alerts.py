"""Alerts: what a watch check found changed, kept as ``(:Alert)`` nodes and never deleted;
acknowledging one only marks it (docs/corrections.md).

Alert ids begin with the time they were raised (``al-20261201T074501123456-...``), so
ordering by id is ordering by time, and pages are keyset pages on the id index.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, LiteralString

from entanglements.core.dates import PartialDate
from entanglements.core.db.database import Database
from entanglements.core.db.driver import native_datetime as _native
from entanglements.core.errors import BadInputError, NotFoundError
from entanglements.core.reads.cursors import Cursors
from entanglements.core.vocab import AlertKind

ALERT_MAP: LiteralString = (
    ".id, .at, .kind, .watch, .entity_name, .party, .party_name, .before, .after, .run, "
    ".acknowledged_at, .acknowledged_by"
)

_PAGE: LiteralString = (
    "CALL () { "
    "  MATCH (a:Alert) WHERE ($since IS NULL OR a.at >= datetime($since)) "
    "  AND (NOT $open OR a.acknowledged_at IS NULL) RETURN count(a) AS total } "
    "CALL () { "
    "  MATCH (a:Alert) WHERE a.id > coalesce($after, '') "
    "  AND ($since IS NULL OR a.at >= datetime($since)) "
    "  AND (NOT $open OR a.acknowledged_at IS NULL) "
    "  WITH a ORDER BY a.id LIMIT $limit "
    "  RETURN collect(a {" + ALERT_MAP + "}) AS page } "
    "RETURN total, page"
)
_ACKNOWLEDGE: LiteralString = (
    "UNWIND $ids AS id MATCH (a:Alert {id: id}) "
    "SET a.acknowledged_at = coalesce(a.acknowledged_at, datetime()), "
    "a.acknowledged_by = coalesce(a.acknowledged_by, $by) "
    "RETURN a {" + ALERT_MAP + "} AS a ORDER BY a.id"
)
_EXISTING: LiteralString = "UNWIND $ids AS id MATCH (a:Alert {id: id}) RETURN collect(a.id) AS ids"

#: Alert kinds (vocab.AlertKind): a party entered the reach, left it, gained or lost a listing,
#: came closer; a verdict changed.
KINDS = tuple(kind.value for kind in AlertKind)


#: Every alert's id (a Java regex too): its UTC time first, so ids order by time, which the
#: feeds rely on to start after the newest alert (``db check`` verifies every id has it).
ALERT_ID_PATTERN = r"al-\d{8}T\d{12}-[0-9a-f]{6}-\d{5}"


def new_alert_ids(count: int, now: datetime | None = None) -> list[str]:
    stamp = f"{(now or datetime.now(UTC)):%Y%m%dT%H%M%S%f}"
    token = secrets.token_hex(3)
    return [f"al-{stamp}-{token}-{i:05d}" for i in range(count)]


@dataclass(frozen=True, slots=True)
class Alert:
    id: str
    at: datetime
    kind: str
    watch: str  # the watched entity's id
    entity_name: str
    party: str | None  # the party in reach it is about (None: a verdict change)
    party_name: str | None
    before: dict[str, Any] | None  # {distance, listings} or {verdict}
    after: dict[str, Any] | None
    run: str | None  # the ingest run that caused it
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None

    @classmethod
    def of(cls, row: dict[str, Any]) -> Alert:
        return cls(
            id=row["id"],
            at=_native(row["at"]),
            kind=row["kind"],
            watch=row["watch"],
            entity_name=row.get("entity_name") or row["watch"],
            party=row.get("party"),
            party_name=row.get("party_name"),
            before=json.loads(row["before"]) if row.get("before") else None,
            after=json.loads(row["after"]) if row.get("after") else None,
            run=row.get("run"),
            acknowledged_at=_native(row["acknowledged_at"]) if row.get("acknowledged_at") else None,
            acknowledged_by=row.get("acknowledged_by"),
        )

    def plain(self) -> dict[str, Any]:
        """As JSON-ready values (the JSON-lines form of ``entangle alerts --json``)."""
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "kind": self.kind,
            "watch": self.watch,
            "entity_name": self.entity_name,
            "party": self.party,
            "party_name": self.party_name,
            "before": self.before,
            "after": self.after,
            "run": self.run,
            "acknowledged_at": self.acknowledged_at.isoformat() if self.acknowledged_at else None,
            "acknowledged_by": self.acknowledged_by,
        }

    def summary(self) -> str:
        """One line for people: what changed, for whom."""
        party = f"{self.party_name} ({self.party})" if self.party else ""
        where = ""
        if self.after and "distance" in self.after:
            where = f" at {self.after['distance']} hop(s)"
        elif self.before and "distance" in self.before:
            where = f" (was at {self.before['distance']} hop(s))"
        if self.kind == "verdict_changed":
            old = (self.before or {}).get("verdict")
            new = (self.after or {}).get("verdict")
            return f"{self.entity_name}: ownership verdict {old} -> {new}"
        return f"{self.entity_name}: {self.kind.replace('_', ' ')} {party}{where}"


@dataclass(frozen=True, slots=True)
class AlertPage:
    total: int
    items: tuple[Alert, ...]
    has_next: bool


_CURSORS = Cursors("alert:")
encode_cursor = _CURSORS.encode
decode_cursor = _CURSORS.decode


def page_params(
    since: PartialDate | None, first: int, after: str | None, unacknowledged: bool
) -> dict[str, Any]:
    return {
        "since": since.lo.isoformat() if since else None,
        "after": after,
        "limit": first + 1,  # one more than asked tells whether a next page exists
        "open": unacknowledged,
    }


def _page(row: dict[str, Any], first: int) -> AlertPage:
    items = tuple(Alert.of(a) for a in row["page"])
    return AlertPage(total=row["total"], items=items[:first], has_next=len(items) > first)


async def alert_page(
    db: Database,
    *,
    since: PartialDate | None,
    first: int,
    after: str | None,
    unacknowledged: bool = False,
) -> AlertPage:
    """Alerts raised since the first day of ``since``, oldest first, ``first`` at a time."""
    rows = await db.read(_PAGE, page_params(since, first, after, unacknowledged))
    return _page(rows[0], first)


async def all_alerts(
    db: Database,
    *,
    since: PartialDate | None,
    unacknowledged: bool = False,
    page_size: int = 1_000,
) -> list[Alert]:
    """Every alert since ``since``, oldest first (the CLI reads them page by page)."""
    found: list[Alert] = []
    after: str | None = None
    while True:
        params = page_params(since, page_size, after, unacknowledged)
        page = _page((await db.read(_PAGE, params))[0], page_size)
        found += page.items
        if not page.has_next:
            return found
        after = page.items[-1].id


async def acknowledge(db: Database, ids: Sequence[str], *, by: str) -> list[Alert]:
    """Mark alerts acknowledged (kept, never deleted); the first acknowledgement stays.
    NOT_FOUND naming the first unknown id, and then nothing is marked."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        raise BadInputError("name at least one alert id")
    existing = set((await db.read(_EXISTING, {"ids": wanted}))[0]["ids"])
    missing = [i for i in wanted if i not in existing]
    if missing:
        raise NotFoundError(f"no alert with id {missing[0]!r}")
    marked = await db.write_query(_ACKNOWLEDGE, {"ids": wanted, "by": by})
    return [Alert.of(r["a"]) for r in marked]


_LATEST: LiteralString = "MATCH (a:Alert) RETURN max(a.id) AS id"


async def latest_alert_id(db: Database) -> str | None:
    """The newest alert's id (ids order by time): where a feed of new alerts starts."""
    rows = await db.read(_LATEST)
    found: str | None = rows[0]["id"] if rows else None
    return found


_AFTER: LiteralString = (
    "MATCH (a:Alert) WHERE a.id > coalesce($after, '') "
    "WITH a ORDER BY a.id LIMIT $limit RETURN a {" + ALERT_MAP + "} AS a"
)


async def alerts_after(db: Database, after: str | None, limit: int) -> list[Alert]:
    """The alerts raised after the one with id ``after``, oldest first (an index range)."""
    return [Alert.of(r["a"]) for r in await db.read(_AFTER, {"after": after, "limit": limit})]
