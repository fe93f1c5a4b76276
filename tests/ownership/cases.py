"""A small language for ownership graphs in tests: ``own("X", "A", 50)``, ``listed("X")``."""

from __future__ import annotations

from entanglements.core.dates import PartialDate
from entanglements.core.ownership.engine import Assessment, assess
from entanglements.core.ownership.graph import ListingFact, OwnershipGraph, Stake
from entanglements.core.ownership.rules import rule_book
from entanglements.core.ownership.shares import Share
from entanglements.core.ownership.verdicts import EntityVerdict, Verdict

LIST = {
    "ofac-50": "us-ofac-sdn",
    "bis-affiliates": "us-bis-entity-list",
    "eu-ownership": "eu-sanctions",
    "uk-ownership": "uk-sanctions-list",
}
NOW = "2026-12-01"


def _date(text: str | None) -> PartialDate | None:
    return PartialDate.parse(text) if text else None


def own(
    owner: str,
    asset: str,
    share: float | tuple[float, float] | None,
    *,
    start: str | None = None,
    end: str | None = None,
    arrangement: str | None = None,
) -> Stake:
    if isinstance(share, tuple):
        stated: Share | None = Share(*share)
    else:
        stated = Share(share, share) if share is not None else None
    return Stake(
        id=f"own-{owner}-{asset}",
        owner=owner,
        asset=asset,
        share=stated,
        start=_date(start),
        end=_date(end),
        arrangement=arrangement,
    )


def control(owner: str, asset: str) -> Stake:
    return Stake(id=f"ctl-{owner}-{asset}", owner=owner, asset=asset, control=True)


def listed(
    entity: str,
    list_id: str = "any",
    *,
    listed_on: str | None = None,
    delisted: str | None = None,
    program: str | None = None,
) -> list[ListingFact]:
    """A listing on ``list_id``; ``any`` puts it on every rule's list."""
    lists = sorted(set(LIST.values())) if list_id == "any" else [list_id]
    return [
        ListingFact(
            id=f"lst-{entity}-{lid}",
            entity=entity,
            list_id=lid,
            program=program,
            listed=_date(listed_on),
            delisted=_date(delisted),
        )
        for lid in lists
    ]


def graph(
    stakes: list[Stake],
    listings: list[list[ListingFact]],
    countries: dict[str, tuple[str, ...]] | None = None,
) -> OwnershipGraph:
    return OwnershipGraph(
        stakes=stakes, listings=[f for group in listings for f in group], countries=countries or {}
    )


def run(
    g: OwnershipGraph, rule: str, as_of: str = NOW, lists: list[str] | None = None
) -> Assessment:
    return assess(g, rule_book().get(rule), PartialDate.parse(as_of), lists)


def verdict(g: OwnershipGraph, rule: str, entity: str, as_of: str = NOW) -> EntityVerdict:
    return run(g, rule, as_of).verdict(entity)


def verdicts(g: OwnershipGraph, rule: str, entities: str, as_of: str = NOW) -> dict[str, Verdict]:
    found = run(g, rule, as_of)
    return {e: found.verdict(e).verdict for e in entities.split()}
