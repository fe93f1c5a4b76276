"""The ownership graph the engine reasons on: stakes, listings and countries, in memory.

Facts keep their dates; ``in_force`` decides, for the period an ``asOf`` date stands for,
whether a fact holds *throughout* it (certain) or only *possibly* (the periods overlap):

- a stake (``start``/``end``, the end being its last day) holds possibly when the periods
  could overlap and certainly when it began before the period and had not ended;
- a listing stops counting on its delisting day (the delisting date is its first day off
  the list), so ``delisted 2026-06`` is possibly in force in June 2026 and not after.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum

from entanglements.core.dates import PartialDate
from entanglements.core.ownership.shares import Share


class InForce(Enum):
    NO = 0
    POSSIBLY = 1
    CERTAINLY = 2


@dataclass(frozen=True, slots=True)
class AsOf:
    """The first and last day an ``asOf`` date stands for."""

    lo: date
    hi: date

    @classmethod
    def of(cls, as_of: PartialDate) -> AsOf:
        return cls(as_of.lo, as_of.hi)

    def holds(self, first: tuple[date, date] | None, last: tuple[date, date] | None) -> InForce:
        """Whether a fact whose first day lies within ``first`` and last day within ``last``
        (each a (lo, hi) range; None: unbounded) holds throughout this period."""
        if (first and first[0] > self.hi) or (last and last[1] < self.lo):
            return InForce.NO
        began = first is None or first[1] <= self.lo
        lasts = last is None or last[0] >= self.hi
        return InForce.CERTAINLY if began and lasts else InForce.POSSIBLY


def _days(value: PartialDate | None, shift: int = 0) -> tuple[date, date] | None:
    """A partial date's (first day, last day), moved by ``shift`` days."""
    if value is None:
        return None
    return (value.lo + timedelta(days=shift), value.hi + timedelta(days=shift))


@dataclass(frozen=True, slots=True)
class Stake:
    """One relationship from ``owner`` to ``asset``: ownership (with its share when stated)
    or control (board majority, voting agreement: ``control=True``, no share)."""

    id: str
    owner: str
    asset: str
    share: Share | None = None
    control: bool = False
    start: PartialDate | None = None
    end: PartialDate | None = None
    #: Stakes in one asset stated with the same arrangement id are held under a joint
    #: arrangement (UK Schedule 1, para. 3).
    arrangement: str | None = None
    #: The entities it was stated between, when ``owner`` or ``asset`` is a cluster's party
    #: (core/resolution/): stakes between different members are different holdings.
    holder: tuple[str, str] | None = None

    def in_force(self, period: AsOf) -> InForce:
        return period.holds(_days(self.start), _days(self.end))  # the end is its last day


@dataclass(frozen=True, slots=True)
class ListingFact:
    id: str
    entity: str
    list_id: str
    program: str | None = None
    listed: PartialDate | None = None
    delisted: PartialDate | None = None

    def in_force(self, period: AsOf) -> InForce:
        # The delisting day is the first day off the list: the last day listed is the one before.
        return period.holds(_days(self.listed), _days(self.delisted, -1))


@dataclass
class OwnershipGraph:
    """Stakes indexed both ways, listings by entity; countries and names by entity."""

    stakes: list[Stake] = field(default_factory=list)
    listings: list[ListingFact] = field(default_factory=list)
    countries: dict[str, tuple[str, ...]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A stake between two members of one cluster is the party holding itself: no owner
        # of it (core/resolution/; it would otherwise push the owners' shares past 100 %).
        self.stakes = [s for s in self.stakes if s.owner != s.asset]
        self.into: dict[str, list[Stake]] = defaultdict(list)
        self.out: dict[str, list[Stake]] = defaultdict(list)
        self.listed: dict[str, list[ListingFact]] = defaultdict(list)
        for stake in self.stakes:
            self.into[stake.asset].append(stake)
            self.out[stake.owner].append(stake)
        for listing in self.listings:
            self.listed[listing.entity].append(listing)

    def add(self, stakes: list[Stake], listings: list[ListingFact]) -> None:
        """Add facts fetched later (the reads grow the graph level by level)."""
        seen = {s.id for s in self.stakes}
        for stake in stakes:
            if stake.id not in seen and stake.owner != stake.asset:
                seen.add(stake.id)
                self.stakes.append(stake)
                self.into[stake.asset].append(stake)
                self.out[stake.owner].append(stake)
        known = {li.id for li in self.listings}
        for listing in listings:
            if listing.id not in known:
                known.add(listing.id)
                self.listings.append(listing)
                self.listed[listing.entity].append(listing)
