"""What a verdict says: the verdict, why, the restricted share and the witnesses."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from entanglements.core.ownership.graph import ListingFact, Stake
from entanglements.core.ownership.rules import Rule, Terms
from entanglements.core.ownership.shares import Share


class Verdict(StrEnum):
    RESTRICTED = "RESTRICTED"
    CLEAR = "CLEAR"
    UNDETERMINED = "UNDETERMINED"


class Reason(StrEnum):
    LISTED = "listed"  # on one of the rule's lists itself
    OWNERSHIP = "ownership"  # restricted owners' shares reach the threshold
    CONTROL = "control"  # controlled by a restricted party, and the rule counts control
    OPEN = "open"  # the threshold lies within the possible range
    CONFLICT = "conflict"  # its owners' stated shares add up to more than 100 %
    BELOW = "below"  # restricted owners hold less than the threshold
    EXEMPT = "exempt"  # the rule does not apply to entities of its country
    NOT_IN_FORCE = "not_in_force"  # the rule was not in force (or suspended)


@dataclass(frozen=True, slots=True)
class Contribution:
    """A witness: one direct owner or controller of the entity, and what it counts for."""

    owner: str
    share: Share | None  # None: control only
    control: bool
    listings: tuple[ListingFact, ...]  # its listings on the rule's lists, in force
    owner_verdict: Verdict
    counts: bool  # restricted or possibly restricted: its stake counts
    stakes: tuple[Stake, ...]  # the relationships behind it

    @property
    def listed(self) -> bool:
        return bool(self.listings)


@dataclass(frozen=True, slots=True)
class EntityVerdict:
    entity: str
    rule: Rule
    terms: Terms | None
    verdict: Verdict
    reason: Reason
    share: Share  # the restricted share: what restricted owners hold (min-max)
    owners: tuple[Contribution, ...]
    listings: tuple[ListingFact, ...]
    explanation: str
