"""Screening: a party to look for, the candidates found, and how each was scored."""

from __future__ import annotations

import strawberry

from entanglements.api.types.graph import Entity
from entanglements.core.dates import PartialDate
from entanglements.core.matching import Comparison as CoreComparison
from entanglements.core.matching import Feature as CoreFeature
from entanglements.core.matching import Party
from entanglements.core.matching.screening import Candidate as CoreCandidate
from entanglements.core.resolution.judgements import Judgement as Judgement


@strawberry.input(description="A party to screen: what a partner list or an article says.")
class ScreeningQuery:
    kind: str = strawberry.field(
        default="LegalEntity",
        description="FollowTheMoney schema: Person, Organization, Company, Vessel, or "
        "LegalEntity when unknown (matches people and organisations).",
    )
    name: str
    aliases: list[str] | None = None
    birth_date: PartialDate | None = None
    countries: list[str] | None = strawberry.field(
        default=None, description="ISO 3166 alpha-2 codes."
    )
    identifiers: list[str] | None = strawberry.field(
        default=None, description="Registration numbers, IMO numbers, passports, ..."
    )

    def party(self) -> Party:
        """BAD_USER_INPUT for empty or overlong names, unknown kinds, bad countries."""
        return Party.build(
            kind=self.kind,
            name=self.name,
            aliases=self.aliases or (),
            birth_dates=[self.birth_date] if self.birth_date else (),
            countries=self.countries or (),
            identifiers=self.identifiers or (),
        )


@strawberry.type(description="One piece of evidence: its score, its weight, what it found.")
class Feature:
    name: str = strawberry.field(
        description="name, weakAlias, identifier, birthDate, country or kind."
    )
    score: float
    weight: float = strawberry.field(
        description="Main features: the final score is the best score x weight. Qualifiers "
        "(birthDate, country): score x weight is added (negative weight: a contradiction)."
    )
    detail: str = strawberry.field(description="What matched what, and how.")

    @classmethod
    def of(cls, feature: CoreFeature) -> Feature:
        return cls(
            name=feature.name, score=feature.score, weight=feature.weight, detail=feature.detail
        )


@strawberry.type(description="How well two parties match (see docs/screening.md).")
class Comparison:
    score: float = strawberry.field(description="In [0, 1].")
    match: bool = strawberry.field(description="score >= the threshold.")
    features: list[Feature]
    explanation: str

    @classmethod
    def of(cls, comparison: CoreComparison) -> Comparison:
        return cls(
            score=comparison.score,
            match=comparison.match,
            features=[Feature.of(f) for f in comparison.features],
            explanation=comparison.explanation,
        )


@strawberry.type(description="An entity that may be the screened party.")
class Candidate:
    entity: Entity
    score: float
    match: bool
    features: list[Feature]
    explanation: str
    lists: list[strawberry.ID] = strawberry.field(
        description="Ids of the lists the candidate is listed on."
    )

    @classmethod
    def of(cls, candidate: CoreCandidate) -> Candidate:
        comparison = candidate.comparison
        return cls(
            entity=Entity.of(candidate.entity),
            score=comparison.score,
            match=comparison.match,
            features=[Feature.of(f) for f in comparison.features],
            explanation=comparison.explanation,
            lists=[strawberry.ID(i) for i in candidate.lists],
        )


@strawberry.type(description="The candidates for one screened party, best first.")
class ScreeningResult:
    candidates: list[Candidate]


# The core enum itself is the GraphQL enum (one definition).
strawberry.enum(
    Judgement, description="An analyst's decision on whether two entities are one party."
)
