"""Verdicts: is an entity restricted by ownership under a rule, as of a date?

Two least fixpoints over the stakes in force (docs/ownership.md):

- the **certain** set starts from the entities certainly listed on the rule's lists and adds
  every entity whose certainly-held shares by members reach the threshold (or which a
  member certainly controls, when the rule counts control);
- the **possible** set starts from every entity possibly listed and uses the largest share
  each stake allows (an unknown share is 0-100 %), capped by what the other, unrestricted
  owners are known to hold.

An entity in the certain set is RESTRICTED, one only in the possible set UNDETERMINED, the
rest CLEAR. Members pass their stakes on in full (OFAC FAQ 401: no multiplying along a
chain). A rule that does not aggregate runs one fixpoint per listed party (its vehicles and
joint-arrangement partners only). Least fixpoints never let a cycle justify itself, and
each entity joins a set at most once, so cycles terminate.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property

from entanglements.core.dates import PartialDate
from entanglements.core.ownership.explain import explain, explain_not_in_force, merge
from entanglements.core.ownership.graph import AsOf, InForce, ListingFact, OwnershipGraph, Stake
from entanglements.core.ownership.rules import ListRef, Rule, Terms
from entanglements.core.ownership.shares import EPSILON, UNKNOWN, Share
from entanglements.core.ownership.verdicts import Contribution, EntityVerdict, Reason, Verdict


@dataclass(slots=True)
class Holding:
    """What one owner holds in one asset, over all its stakes in force."""

    owner: str
    lo: float = 0.0  # certain: the largest certainly-held stated minimum
    hi: float = 0.0  # possible: the sum of the possible maxima (duplicates may be counted)
    owns: bool = False
    control: InForce = InForce.NO
    arrangements: frozenset[str] = frozenset()
    stakes: tuple[Stake, ...] = ()
    #: The certain share held between each pair of entities (members of the parties).
    parts: dict[tuple[str, str], float] = field(default_factory=dict)

    def share(self) -> Share | None:
        return Share(min(self.lo, self.hi), self.hi) if self.owns else None


def _holdings(stakes: Iterable[Stake], period: AsOf) -> tuple[dict[str, Holding], bool]:
    """Each owner's holding in one asset, and whether the certain shares exceed 100 %.

    Several stakes between one owner and one asset may be one holding stated twice or
    separate holdings: the certain share takes the largest (true either way), the possible
    share the sum. Stakes between different members of the owner's or the asset's cluster
    are different holdings of one party: their certain shares add up."""
    found: dict[str, Holding] = {}
    for stake in stakes:
        state = stake.in_force(period)
        if state is InForce.NO:
            continue
        held = found.setdefault(stake.owner, Holding(stake.owner))
        held.stakes += (stake,)
        if stake.arrangement:
            held.arrangements |= {stake.arrangement}
        if stake.control:
            held.control = max(held.control, state, key=lambda s: s.value)
            continue
        share = stake.share or UNKNOWN
        held.owns = True
        held.hi = min(100.0, held.hi + share.hi)
        if state is InForce.CERTAINLY:
            pair = stake.holder or (stake.owner, stake.asset)
            held.parts[pair] = max(held.parts.get(pair, 0.0), share.lo)
            held.lo = min(100.0, sum(held.parts.values()))
    conflict = sum(h.lo for h in found.values()) > 100 + EPSILON
    return found, conflict


@dataclass
class Derivation:
    """Every verdict of one rule under one period's terms, for one asOf period."""

    graph: OwnershipGraph
    terms: Terms
    period: AsOf
    lists: tuple[ListRef, ...]
    _cache: dict[str, tuple[dict[str, Holding], bool]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.certain_roots, self.possible_roots = self._roots()
        self.lower_groups = self._groups(self.certain_roots, upper=False)
        self.upper_groups = self._groups(self.possible_roots, upper=True)
        self.lower: set[str] = set().union(*self.lower_groups)
        self.upper: set[str] = set().union(*self.upper_groups)
        self._lower_index = _index(self.lower_groups)
        self._upper_index = _index(self.upper_groups)

    # --- the fixpoints --------------------------------------------------------------------

    def listings_of(self, entity: str) -> tuple[ListingFact, ...]:
        """Its listings on the rule's lists that are (possibly) in force."""
        return tuple(
            f
            for f in self.graph.listed.get(entity, ())
            if any(ref.matches(f.list_id) and ref.admits(f.program) for ref in self.lists)
            and f.in_force(self.period) is not InForce.NO
        )

    def _roots(self) -> tuple[set[str], set[str]]:
        certain: set[str] = set()
        possible: set[str] = set()
        for entity in self.graph.listed:
            facts = self.listings_of(entity)
            if facts:
                possible.add(entity)
            if any(f.in_force(self.period) is InForce.CERTAINLY for f in facts):
                certain.add(entity)
        return certain, possible

    def _groups(self, roots: set[str], *, upper: bool) -> list[set[str]]:
        if not self.terms.in_force:
            return [set(roots)]
        if self.terms.period.aggregates:
            return [self._closure(roots, upper=upper)]
        return [self._closure({root}, upper=upper) for root in sorted(roots)]

    def _closure(self, roots: set[str], *, upper: bool) -> set[str]:
        members = set(roots)
        queue = deque(sorted(roots))
        while queue:
            node = queue.popleft()
            for stake in self.graph.out.get(node, ()):
                asset = stake.asset
                if asset not in members and self._reaches(asset, members, upper=upper):
                    members.add(asset)
                    queue.append(asset)
        return members

    def holdings(self, asset: str) -> tuple[dict[str, Holding], bool]:
        found = self._cache.get(asset)
        if found is None:
            found = self._cache[asset] = _holdings(self.graph.into.get(asset, ()), self.period)
        return found

    def _controlled(self, asset: str, members: set[str], *, upper: bool) -> bool:
        if not self.terms.period.control_counts:
            return False
        wanted = (InForce.CERTAINLY, InForce.POSSIBLY) if upper else (InForce.CERTAINLY,)
        holdings, _ = self.holdings(asset)
        return any(o in members and h.control in wanted for o, h in holdings.items())

    def _reaches(self, asset: str, members: set[str], *, upper: bool) -> bool:
        if self._controlled(asset, members, upper=upper):
            return True
        return self.terms.crosses(self.held(asset, members, upper=upper))

    def held(self, asset: str, members: set[str], *, upper: bool) -> float:
        """The share of ``asset`` that ``members`` hold (with their joint-arrangement
        partners when the rule combines those): certain, or the most it can be."""
        holdings, conflict = self.holdings(asset)
        counted = {o for o in holdings if o in members}
        if self.terms.period.joint_arrangements:
            joint = frozenset().union(*(holdings[o].arrangements for o in counted))
            counted |= {o for o, h in holdings.items() if h.arrangements & joint}
        if not upper:
            return 0.0 if conflict else min(100.0, sum(holdings[o].lo for o in counted))
        most = sum(holdings[o].hi for o in counted)
        if not conflict:  # the others are known to hold at least their minima
            most = min(most, 100.0 - sum(h.lo for o, h in holdings.items() if o not in counted))
        return max(0.0, min(100.0, most))

    # --- verdicts -------------------------------------------------------------------------

    def status(self, entity: str) -> Verdict:
        """Set membership only (no exemption): what the entity passes on as an owner."""
        if entity in self.lower:
            return Verdict.RESTRICTED
        return Verdict.UNDETERMINED if entity in self.upper else Verdict.CLEAR

    def share(self, entity: str) -> Share:
        lo = max((self.held(entity, g, upper=False) for g in self._near(entity, False)), default=0)
        hi = max((self.held(entity, g, upper=True) for g in self._near(entity, True)), default=0)
        return Share(min(lo, hi), hi)

    def _near(self, entity: str, upper: bool) -> list[set[str]]:
        """The groups holding a stake in ``entity`` (one per listed party when the rule
        does not aggregate; the restricted share is then the largest single holding)."""
        holdings, _ = self.holdings(entity)
        groups, index = (
            (self.upper_groups, self._upper_index)
            if upper
            else (self.lower_groups, self._lower_index)
        )
        chosen = sorted({i for o in holdings for i in index.get(o, ())})
        return [groups[i] for i in chosen]

    def owners(self, entity: str) -> tuple[Contribution, ...]:
        holdings, _ = self.holdings(entity)
        found = [
            Contribution(
                owner=owner,
                share=held.share(),
                control=held.control is not InForce.NO,
                listings=self.listings_of(owner),
                owner_verdict=self.status(owner),
                counts=owner in self.upper,
                stakes=held.stakes,
            )
            for owner, held in holdings.items()
        ]
        order = {Verdict.RESTRICTED: 0, Verdict.UNDETERMINED: 1, Verdict.CLEAR: 2}
        found.sort(key=lambda c: (order[c.owner_verdict], -(c.share.hi if c.share else 0), c.owner))
        return tuple(found)

    def reason(self, entity: str) -> tuple[Verdict, Reason]:
        if entity in self.certain_roots:
            return Verdict.RESTRICTED, Reason.LISTED
        exempt = set(self.graph.countries.get(entity, ())) & set(self.terms.period.exempt_countries)
        if entity in self.lower:
            if exempt:
                return Verdict.CLEAR, Reason.EXEMPT
            share = self.share(entity)
            crossed = self.terms.crosses(share.lo)
            return Verdict.RESTRICTED, Reason.OWNERSHIP if crossed else Reason.CONTROL
        if entity in self.possible_roots:
            return Verdict.UNDETERMINED, Reason.LISTED
        if not self.terms.in_force:
            return Verdict.CLEAR, Reason.NOT_IN_FORCE
        if entity in self.upper:
            if exempt:
                return Verdict.CLEAR, Reason.EXEMPT
            _, conflict = self.holdings(entity)
            return Verdict.UNDETERMINED, Reason.CONFLICT if conflict else Reason.OPEN
        return Verdict.CLEAR, Reason.BELOW

    def verdict(self, entity: str) -> EntityVerdict:
        verdict, reason = self.reason(entity)
        found = EntityVerdict(
            entity=entity,
            rule=self.terms.rule,
            terms=self.terms,
            verdict=verdict,
            reason=reason,
            share=self.share(entity),
            owners=self.owners(entity),
            listings=self.listings_of(entity),
            explanation="",
        )
        return replace(found, explanation=explain(found, self.graph.names))

    def derived(self) -> list[str]:
        """Entities restricted or undetermined by ownership or control (not listed ones)."""
        return sorted(
            e for e in self.upper - self.possible_roots if self.reason(e)[1] is not Reason.EXEMPT
        )


def _index(groups: list[set[str]]) -> dict[str, list[int]]:
    """Which groups each entity belongs to (one group per listed party, or just one)."""
    index: dict[str, list[int]] = {}
    for i, group in enumerate(groups):
        for entity in group:
            index.setdefault(entity, []).append(i)
    return index


@dataclass
class Assessment:
    """A rule applied as of a date: one derivation per period of the rule overlapping it
    (a partial date can straddle a change of law; the verdict must hold under each)."""

    rule: Rule
    as_of: PartialDate
    derivations: list[Derivation]

    def verdict(self, entity: str) -> EntityVerdict:
        if not self.derivations:
            return explain_not_in_force(self.rule, entity, self.as_of)
        return merge([d.verdict(entity) for d in self.derivations], self.as_of)

    def derived(self) -> list[str]:
        """Entities restricted or undetermined by ownership (listed ones excluded), by id."""
        return sorted(self.derived_set)

    @cached_property
    def derived_set(self) -> frozenset[str]:
        return frozenset().union(*(d.derived() for d in self.derivations))

    def status(self, entity: str) -> Verdict:
        found = {d.status(entity) for d in self.derivations}
        if not found:
            return Verdict.CLEAR
        return found.pop() if len(found) == 1 else Verdict.UNDETERMINED


def assess(
    graph: OwnershipGraph, rule: Rule, as_of: PartialDate, lists: Iterable[str] | None = None
) -> Assessment:
    """Apply ``rule`` as of ``as_of``; ``lists`` replaces the lists the rule draws on."""
    refs = tuple(ListRef(id=i) for i in dict.fromkeys(lists)) if lists is not None else rule.lists
    period = AsOf.of(as_of)
    derivations = [
        Derivation(graph, terms, period, refs) for terms in rule.terms_during(period.lo, period.hi)
    ]
    return Assessment(rule, as_of, derivations)
