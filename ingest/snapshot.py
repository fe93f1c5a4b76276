"""``entangle ingest --snapshot``: each official list file is the whole current version of
its *publication* (UN consolidated, OFAC SDN, OFAC non-SDN, EU FSF, UK ConList, BIS DPL),
so what it leaves out has been delisted, whole programmes included (OFAC ended its
Zimbabwe programme: the next SDN file has no ZIMBABWE list at all). Which listings a
publication holds is data: every listing the list parsers write records its
``publication``; listings from another publication or from findings are never touched,
whatever their ids look like.

A listing *period* is one ``LISTED_ON`` relationship. Its id is ``<entity>/<list>`` for
the first period and ``<entity>/<list>/<version date>`` for a period that began when a
version brought the entry back after a delisting. When validation meets the version, the
graph's periods of its publication are read once (one row per listing); then each
listing of the input continues the open period of its entity and list, or starts a new
one. After the writes, every open period the input did not state gets ``delisted`` = the
version's date, citing the version's source. A period is open when it
has no ``delisted`` date or one after the version's date (an order that expires later).
Ingesting the same version again finds nothing absent and every period the same: no change.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import neo4j

from entanglements.core.dates import PartialDate
from entanglements.core.db.database import Database, one
from entanglements.core.errors import BadInputError
from entanglements.core.models import ListingRecord
from entanglements.core.reads.rules import ANY_RETRACTION, own_listing
from entanglements.core.resolution.clusters import refresh
from entanglements.core.vocab import LISTED_ON
from entanglements.ingest.lookup import FromThread
from entanglements.ingest.parsers.lists.entries import ListVersion

#: The listings of a publication: entity, list, listing id, delisted lower bound. Own
#: listings only: a cluster copy is not the publisher's entry, it follows its listing
#: (core/resolution/clusters.py).
PERIODS = f"""
MATCH (e:Entity)-[r:{LISTED_ON} {{publication: $publication}}]->(l:SanctionsList)
WHERE {own_listing("r")} AND {ANY_RETRACTION}
RETURN e.id AS entity, l.id AS list, r.id AS listing, toString(r.delisted_lo) AS delisted"""

#: Close the absent periods: the version's date, and its source added to the citations.
DELIST = f"""
UNWIND $ids AS id
MATCH ()-[r:{LISTED_ON} {{id: id}}]->()
SET r.delisted = $date, r.delisted_lo = date($lo), r.delisted_hi = date($hi),
    r.last_run = $run, r.runs = coalesce(r.runs, []) + $run,
    r.cite_source = coalesce(r.cite_source, []) + $source,
    r.cite_quote = coalesce(r.cite_quote, []) + '',
    r.cite_locator = coalesce(r.cite_locator, []) + $locator
RETURN collect(DISTINCT startNode(r).id) AS entities"""


@dataclass
class _Version:
    version: ListVersion
    date: PartialDate
    #: (entity, list) → [(listing id, open?, delisted lower bound)] as the graph had them.
    periods: dict[tuple[str, str], list[tuple[str, bool, str | None]]] = field(default_factory=dict)
    stated: set[str] = field(default_factory=set)

    def absent(self) -> list[str]:
        return sorted(
            listing
            for periods in self.periods.values()
            for listing, is_open, _ in periods
            if is_open and listing not in self.stated
        )


class Snapshot:
    def __init__(self, db: Database, blocking: FromThread) -> None:
        self.db = db
        self.blocking = blocking  # ``begin`` runs in validation's worker thread
        self.versions: dict[str, _Version] = {}

    def begin(self, version: ListVersion) -> None:
        """A file of the input is a version of its publication: read the publication's
        listing periods from the graph."""
        if version.published is None:
            raise BadInputError(
                f"{version.label}: --snapshot needs the date of this list version and the "
                "file states none; give it with --version-date YYYY-MM-DD"
            )
        if version.list_prefix in self.versions:
            raise BadInputError(
                f"{version.label}: a second version of the {version.list_prefix} lists in one "
                "--snapshot run; ingest one version at a time, oldest first"
            )
        current = self.versions[version.list_prefix] = _Version(version, version.published)
        rows = self.blocking(self.db.read(PERIODS, {"publication": version.list_prefix}))
        after = current.date.hi.isoformat()
        for row in rows:
            is_open = row["delisted"] is None or row["delisted"] > after
            period = (row["listing"], is_open, row["delisted"])
            current.periods.setdefault((row["entity"], row["list"]), []).append(period)

    def listing(self, record: ListingRecord) -> ListingRecord:
        """The record with the id of the period it continues or starts."""
        version = self.versions.get(record.publication) if record.publication else None
        if version is None:
            return record
        periods = version.periods.get((record.entity, record.list_id), [])
        open_ids = [listing for listing, is_open, _ in periods if is_open]
        if open_ids or not periods:
            listing_id = open_ids[0] if open_ids else record.id
            version.stated.add(listing_id)
            return (
                record if listing_id == record.id else record.model_copy(update={"id": listing_id})
            )
        # Only closed periods: the entry is back and a new period begins, on the version's
        # date unless the publisher states a listing date after the last delisting.
        last = max(d for _, _, d in periods if d is not None)
        listed = record.listed
        if listed is None or listed.lo.isoformat() <= last:
            listed = version.date
        listing_id = f"{record.id}/{version.date}"
        version.stated.add(listing_id)
        return record.model_copy(update={"id": listing_id, "listed": listed})

    def absent(self) -> int:
        """How many open periods the input leaves out (what ``delist`` closes)."""
        return sum(len(v.absent()) for v in self.versions.values())

    async def delist(self, run_id: str, batch_size: int) -> int:
        """Close every open period the input left out; returns how many."""
        closed = 0
        for version in self.versions.values():
            ids = version.absent()
            date = version.date
            for start in range(0, len(ids), batch_size):
                batch = ids[start : start + batch_size]
                params = {
                    "ids": batch,
                    "date": str(date),
                    "lo": date.lo.isoformat(),
                    "hi": date.hi.isoformat(),
                    "run": run_id,
                    "source": version.version.source_id,
                    "locator": f"absent from the {version.version.list_prefix} version of {date}",
                }
                await self.db.write(_delist(params))
                closed += len(batch)
        return closed


def _delist(
    params: dict[str, Any],
) -> Callable[[neo4j.AsyncManagedTransaction], Awaitable[None]]:
    """Close the periods, and carry the outcome to every member of their entities' clusters
    in the same transaction."""

    async def work(tx: neo4j.AsyncManagedTransaction) -> None:
        row = await one(tx, DELIST, params)
        await refresh(tx, row["entities"])

    return work
