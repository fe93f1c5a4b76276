"""Watched entities: ``(:Watch)`` nodes, one per entity, holding what is compared after every
ingest (docs/corrections.md): how far to look (``hops``), which lists count (``lists``, all
when null), an ownership ``rule`` (core/ownership/) and the last ``snapshot`` of the exposure.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, LiteralString

from entanglements.core.db.database import Database
from entanglements.core.db.driver import native_datetime as _native
from entanglements.core.errors import BadInputError, NotFoundError

#: The default reach of a watch: the exposure report's default depth.
DEFAULT_HOPS = 3


@dataclass(frozen=True, slots=True)
class ReachedParty:
    """A listed party within a watch's reach: its distance and listings in force."""

    distance: int
    listings: frozenset[str]


@dataclass(frozen=True, slots=True)
class Reach:
    """What a check found: the parties in reach (by id) and the ownership verdict."""

    parties: dict[str, ReachedParty] = field(default_factory=dict)
    verdict: str | None = None

    def to_json(self) -> str:
        parties = {
            pid: {"d": p.distance, "l": sorted(p.listings)}
            for pid, p in sorted(self.parties.items())
        }
        return json.dumps({"parties": parties, "verdict": self.verdict}, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | None) -> Reach:
        if not text:
            return cls()
        data = json.loads(text)
        parties = {
            pid: ReachedParty(int(p["d"]), frozenset(p["l"])) for pid, p in data["parties"].items()
        }
        return cls(parties, data.get("verdict"))


@dataclass(frozen=True, slots=True)
class Watch:
    entity_id: str
    entity_name: str
    hops: int
    lists: tuple[str, ...] | None
    rule: str | None
    created_by: str
    created_at: datetime | None = None
    checked_at: datetime | None = None
    checked_run: str | None = None
    version: int = 0
    snapshot: Reach = field(default_factory=Reach)

    @classmethod
    def of(cls, row: dict[str, Any]) -> Watch:
        return cls(
            entity_id=row["id"],
            entity_name=row.get("name") or row["id"],
            hops=row["hops"],
            lists=tuple(row["lists"]) if row.get("lists") is not None else None,
            rule=row.get("rule"),
            created_by=row.get("created_by") or "",
            created_at=_native(row.get("created_at")),
            checked_at=_native(row.get("checked_at")),
            checked_run=row.get("checked_run"),
            version=row.get("version") or 0,
            snapshot=Reach.from_json(row.get("snapshot")),
        )


WATCH_MAP: LiteralString = (
    ".id, .hops, .lists, .rule, .created_by, .created_at, .checked_at, .checked_run, "
    ".version, .snapshot"
)

_ALL: LiteralString = (
    "MATCH (w:Watch) OPTIONAL MATCH (e:Entity {id: w.id}) "
    "RETURN w {" + WATCH_MAP + ", name: e.name} AS w ORDER BY w.id"
)
_REFERENCES: LiteralString = (
    "OPTIONAL MATCH (e:Entity {id: $id}) "
    "RETURN e.name AS name, e.retracted AS retracted, "
    "[l IN $lists WHERE NOT EXISTS { MATCH (:SanctionsList {id: l}) }] AS unknown"
)
_UPSERT: LiteralString = (
    "MERGE (w:Watch {id: $id}) "
    "ON CREATE SET w.created_at = datetime(), w.created_by = $by, w.version = 0 "
    "SET w.hops = $hops, w.lists = $lists, w.rule = $rule, w.snapshot = $snapshot, "
    "w.version = w.version + 1, w.checked_at = datetime(), w.checked_run = $run "
    "RETURN w {" + WATCH_MAP + "} AS w"
)
_REMOVE: LiteralString = (
    "MATCH (w:Watch {id: $id}) WITH w, w {" + WATCH_MAP + "} AS gone DETACH DELETE w "
    "RETURN gone AS w"
)


async def all_watches(db: Database) -> list[Watch]:
    return [Watch.of(r["w"]) for r in await db.read(_ALL)]


async def validate(db: Database, entity_id: str, hops: int, lists: Sequence[str] | None) -> str:
    """The entity's name; NOT_FOUND or BAD_USER_INPUT naming what is wrong."""
    most = db.settings.max_hops
    if not 1 <= hops <= most:
        raise BadInputError(f"--hops must be between 1 and {most}, got {hops}")
    if lists is not None and not lists:
        raise BadInputError("--lists: name at least one list (or leave it out for all)")
    row = (await db.read(_REFERENCES, {"id": entity_id, "lists": list(lists or ())}))[0]
    if row["name"] is None:
        raise NotFoundError(f"no entity with id {entity_id!r}")
    if row["retracted"] is not None:
        raise BadInputError(f"entity {entity_id} is retracted ({row['retracted']})")
    if row["unknown"]:
        raise BadInputError(f"--lists: no list with id {row['unknown'][0]!r}")
    return str(row["name"])


async def save(
    db: Database,
    entity_id: str,
    *,
    hops: int,
    lists: Sequence[str] | None,
    rule: str | None,
    by: str,
    baseline: Reach,
    run: str | None,
) -> Watch:
    """Create or change a watch; ``baseline`` is what later checks compare with."""
    params = {
        "id": entity_id,
        "hops": hops,
        "lists": list(lists) if lists is not None else None,
        "rule": rule,
        "by": by,
        "snapshot": baseline.to_json(),
        "run": run,
    }
    row = (await db.write_query(_UPSERT, params))[0]
    return Watch.of(row["w"])


async def remove(db: Database, entity_id: str) -> Watch:
    """Stop watching; its alerts stay."""
    rows = await db.write_query(_REMOVE, {"id": entity_id})
    if not rows:
        raise NotFoundError(f"{entity_id!r} is not watched")
    return Watch.of(rows[0]["w"])
