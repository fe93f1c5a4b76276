"""Rows read from the graph as the engine's facts (stakes and listings)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from entanglements.core.ownership.graph import ListingFact, Stake
from entanglements.core.ownership.shares import ShareError, share_of
from entanglements.core.reads.records import ListingRow, RelationshipRow, partial_date
from entanglements.core.resolution.clusters import party_of

Row = dict[str, Any]


def _share(share: Any, lo: Any, hi: Any) -> Any:
    """The stated share, or unknown when a stored value is impossible (the ingest refuses
    those; a value written around it must not produce a verdict)."""
    try:
        return share_of(share, lo, hi)
    except ShareError:
        return None


#: The party the engine reasons about for each entity (core/resolution/): the least id of
#: its cluster, so that stakes held by, or held in, different members of one cluster add up
#: as one party's. An entity in no cluster (or not in the map) is its own party.
Parties = Mapping[str, str]


def stake_of(row: RelationshipRow, parties: Parties) -> Stake:
    return Stake(
        id=row.id,
        owner=parties.get(row.from_id, row.from_id),
        asset=parties.get(row.to_id, row.to_id),
        holder=(row.from_id, row.to_id),
        share=_share(row.share, row.share_min, row.share_max),
        control=row.type == "control",
        start=row.start,
        end=row.end,
        arrangement=row.arrangement,
    )


def listing_of(row: ListingRow, parties: Parties) -> ListingFact:
    return ListingFact(
        id=row.id,
        entity=parties.get(row.entity_id, row.entity_id),
        list_id=row.list_id,
        program=row.program,
        listed=row.listed,
        delisted=row.delisted,
    )


#: The light projections the derivation reads (no citations, no texts).
STAKE_FIELDS = (
    ".id, .share, .share_min, .share_max, .arrangement, .start, .end, "
    "control: type(r) = 'CONTROL', from: o.id, to: a.id, "
    "from_party: " + party_of("o") + ", to_party: " + party_of("a")
)
LISTING_FIELDS = ".id, .program, .listed, .delisted, list: sl.id, entity: e.id, party: " + party_of(
    "e"
)


def light_stake(row: Row) -> Stake:
    return Stake(
        id=row["id"],
        owner=row.get("from_party") or row["from"],
        asset=row.get("to_party") or row["to"],
        holder=(row["from"], row["to"]),
        share=_share(row.get("share"), row.get("share_min"), row.get("share_max")),
        control=bool(row.get("control")),
        start=partial_date(row.get("start")),
        end=partial_date(row.get("end")),
        arrangement=row.get("arrangement"),
    )


def light_listing(row: Row) -> ListingFact:
    return ListingFact(
        id=row["id"],
        entity=row.get("party") or row["entity"],
        list_id=row["list"],
        program=row.get("program"),
        listed=partial_date(row.get("listed")),
        delisted=partial_date(row.get("delisted")),
    )
