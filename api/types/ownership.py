"""Ownership rules and verdicts (docs/ownership.md)."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry import ID

from entanglements.api.types.connection import Connection, connection
from entanglements.api.types.enums import VerdictReason
from entanglements.api.types.graph import Entity, Listing, Relationship, SanctionsList
from entanglements.api.types.node import RESULT_ID, Node, node_id, result_id
from entanglements.core.dates import PartialDate
from entanglements.core.ownership import questions
from entanglements.core.ownership.reads import Evidence
from entanglements.core.ownership.rules import LegalSource as LegalSourceData
from entanglements.core.ownership.rules import Rule
from entanglements.core.ownership.verdicts import Contribution, EntityVerdict
from entanglements.core.ownership.verdicts import Verdict as Verdict
from entanglements.core.reads.records import ListRow
from entanglements.core.vocab import NodeKind

# The core enum itself is the GraphQL enum (one definition).
strawberry.enum(Verdict, description="What a rule says of an entity as of a date.")


@strawberry.type(description="A legal text a rule rests on.")
class LegalSource:
    id: ID = strawberry.field(description="The legal text's key in the rules file.")
    title: str = strawberry.field(description="Its title.")
    url: str | None = strawberry.field(description="Where to read it.")
    published: str | None = strawberry.field(description="When it was published.")
    quote: str | None = strawberry.field(description="The words the rule rests on.")

    @classmethod
    def of(cls, source: LegalSourceData) -> LegalSource:
        return cls(
            id=ID(source.id),
            title=source.title,
            url=source.url,
            published=source.published,
            quote=source.quote,
        )


@strawberry.type(description="An ownership rule with its terms as of a date (the rules file).")
class OwnershipRule(Node):
    name: str = strawberry.field(description="Its name.")
    authority: str = strawberry.field(description="Who issued it (OFAC, BIS, the EU, the UK).")
    threshold: float = strawberry.field(description="Percent of shares or votes.")
    inclusive: bool = strawberry.field(description="True: threshold or more; false: more than.")
    aggregates: bool = strawberry.field(description="Different listed owners' shares add up.")
    control_counts: bool = strawberry.field(description="Control alone restricts.")
    joint_arrangements: bool = strawberry.field(
        description="Owners under a joint arrangement count each other's shares."
    )
    exempt_countries: list[str] = strawberry.field(
        description="Entities of these countries are not restricted (they pass ownership on)."
    )
    in_force: bool = strawberry.field(description="In force (not suspended) on the date.")
    effective_from: date | None = strawberry.field(description="First day of these terms.")
    effective_until: date | None = strawberry.field(description="Last day of these terms.")
    note: str | None = strawberry.field(description="A remark on these terms.")
    lists: list[SanctionsList] = strawberry.field(description="The lists the rule draws on.")
    sources: list[LegalSource] = strawberry.field(description="The legal texts it rests on.")

    @classmethod
    def of(cls, rule: Rule, day: date, lists: dict[str, ListRow]) -> OwnershipRule:
        period = rule.period_on(day) or rule.periods[0]
        exists = rule.period_on(day) is not None
        return cls(
            id=node_id(NodeKind.RULE, rule.id),
            name=rule.name,
            authority=rule.authority,
            threshold=period.threshold,
            inclusive=period.inclusive,
            aggregates=period.aggregates,
            control_counts=period.control_counts,
            joint_arrangements=period.joint_arrangements,
            exempt_countries=list(period.exempt_countries),
            in_force=exists and period.in_force,
            effective_from=period.start,
            effective_until=period.until,
            note=period.note,
            lists=[
                SanctionsList.of(row)
                for row in lists.values()
                if any(ref.matches(row.id) for ref in rule.lists)
            ],
            sources=[LegalSource.of(s) for s in rule.sources],
        )


@strawberry.type(description="A direct owner or controller of the entity: a witness.")
class OwnershipContribution:
    owner: Entity = strawberry.field(description="The direct owner or controller.")
    share_min: float | None = strawberry.field(description="Null for control only.")
    share_max: float | None = strawberry.field(
        description="The most it can hold, in percent; null for control only."
    )
    control: bool = strawberry.field(description="It controls the entity (board, votes).")
    listed: bool = strawberry.field(description="On one of the rule's lists, in force.")
    listings: list[Listing] = strawberry.field(description="Its listings on the rule's lists.")
    owner_verdict: Verdict | None = strawberry.field(
        description="Its own standing under the rule (RESTRICTED for a listed owner)."
    )
    counts: bool = strawberry.field(
        description="Its stake counts towards the restricted share (it is not CLEAR)."
    )
    relationships: list[Relationship] = strawberry.field(
        description="The ownership and control relationships behind it, with citations."
    )

    @classmethod
    def of(cls, c: Contribution, found: Evidence) -> OwnershipContribution:
        refs = found.references
        rels = [found.relationships[s.id] for s in c.stakes if s.id in found.relationships]
        return cls(
            owner=Entity.of(found.entity(c.owner)),
            share_min=c.share.lo if c.share else None,
            share_max=c.share.hi if c.share else None,
            control=c.control,
            listed=c.listed,
            listings=[Listing.of(found.listing(f.id), refs) for f in c.listings],
            owner_verdict=Verdict(c.owner_verdict.value),
            counts=c.counts,
            relationships=[Relationship.of(r, refs) for r in rels],
        )


@strawberry.type(description="A rule's verdict on an entity as of a date, with its witnesses.")
class OwnershipVerdict:
    id: ID = strawberry.field(description=RESULT_ID)
    entity: Entity = strawberry.field(description="The entity judged.")
    rule: OwnershipRule = strawberry.field(
        description="The rule applied, with its terms as of the date."
    )
    as_of: PartialDate | None = strawberry.field(description="The date asked (default: today).")
    verdict: Verdict = strawberry.field(description="RESTRICTED, CLEAR or UNDETERMINED.")
    reason: VerdictReason = strawberry.field(description="Why the rule gave this verdict.")
    restricted_share_min: float = strawberry.field(
        description="What listed or restricted owners certainly hold, in percent."
    )
    restricted_share_max: float = strawberry.field(description="The most they can hold.")
    threshold: float | None = strawberry.field(
        description="The rule's threshold in percent on the date; null if none."
    )
    listings: list[Listing] = strawberry.field(description="Its own listings on the rule's lists.")
    owners: list[OwnershipContribution] = strawberry.field(
        description="The direct owners and controllers behind the verdict."
    )
    explanation: str = strawberry.field(description="The verdict explained in one readable text.")

    @classmethod
    def of(
        cls, v: EntityVerdict, as_of: PartialDate, found: Evidence, lists: dict[str, ListRow]
    ) -> OwnershipVerdict:
        return cls(
            id=result_id("verdict", v.rule.id, v.entity, str(as_of), v.explanation),
            entity=Entity.of(found.entity(v.entity)),
            rule=OwnershipRule.of(v.rule, as_of.hi, lists),
            as_of=as_of,
            verdict=Verdict(v.verdict.value),
            reason=VerdictReason(v.reason.value),
            restricted_share_min=v.share.lo,
            restricted_share_max=v.share.hi,
            threshold=v.terms.period.threshold if v.terms else None,
            listings=[
                Listing.of(found.listings[f.id], found.references)
                for f in v.listings
                if f.id in found.listings
            ],
            owners=[OwnershipContribution.of(c, found) for c in v.owners],
            explanation=v.explanation,
        )


def verdict_page(
    page: questions.ReportPage, lists: dict[str, ListRow], *, after: str | None
) -> Connection[OwnershipVerdict]:
    nodes = (
        (
            OwnershipVerdict.of(v, page.as_of, page.evidence, lists),
            questions.encode_cursor(v.entity),
        )
        for v in page.items
    )
    return connection(nodes, has_next=page.has_next, after=after, total=page.total)


@strawberry.type(description="How a rule restricts a party by ownership or control.")
class OwnershipFinding:
    rule: OwnershipRule = strawberry.field(description="The rule.")
    verdict: Verdict = strawberry.field(description="Its verdict on the party.")
    restricted_share_min: float = strawberry.field(
        description="What restricted owners certainly hold, in percent."
    )
    restricted_share_max: float = strawberry.field(
        description="The most they can hold, in percent."
    )
    explanation: str = strawberry.field(description="The verdict explained in one readable text.")

    @classmethod
    def of(
        cls, v: EntityVerdict, as_of: PartialDate, lists: dict[str, ListRow]
    ) -> OwnershipFinding:
        return cls(
            rule=OwnershipRule.of(v.rule, as_of.hi, lists),
            verdict=Verdict(v.verdict.value),
            restricted_share_min=v.share.lo,
            restricted_share_max=v.share.hi,
            explanation=v.explanation,
        )
