"""Screening: a party to look for, the candidates found, and how each was scored."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from entanglements.api.context import Info
from entanglements.api.types.enums import JudgementVerdict
from entanglements.api.types.fields import resolver
from entanglements.api.types.graph import Entity, SanctionsList, entity_by_id
from entanglements.api.types.node import Node, node_id
from entanglements.core.matching import Comparison as CoreComparison
from entanglements.core.matching import Feature as CoreFeature
from entanglements.core.matching import Party
from entanglements.core.matching.screening import Candidate as CoreCandidate
from entanglements.core.resolution.judgements import JudgementRow
from entanglements.core.vocab import NodeKind


@strawberry.input(description="A party to screen: what a partner list or an article says.")
class ScreeningQuery:
    kind: str = strawberry.field(
        default="LegalEntity",
        description="FollowTheMoney schema: Person, Organization, Company, Vessel, or "
        "LegalEntity when unknown (matches people and organisations).",
    )
    name: str = strawberry.field(description="The party's main name.")
    aliases: list[str] | None = strawberry.field(
        default=None, description="Other names it goes by."
    )
    birth_date: str | None = strawberry.field(
        default=None,
        description="A partial date: 1970, 1970-05 or 1970-05-01. Text, so that a batch of "
        "dirty rows is answered whole: screening ignores one that is no date and says so "
        "in the result's warnings (compare refuses it).",
    )
    countries: list[str] | None = strawberry.field(
        default=None, description="ISO 3166 alpha-2 codes."
    )
    identifiers: list[str] | None = strawberry.field(
        default=None, description="Registration numbers, IMO numbers, passports, ..."
    )

    def party(self) -> Party:
        """BAD_USER_INPUT for empty or overlong names, unknown kinds, bad countries."""
        return Party.build(**self._fields())

    def lenient(self) -> tuple[Party, tuple[str, ...]]:
        """The party and the warnings of what it ignored; BAD_USER_INPUT without a name."""
        return Party.lenient(**self._fields())

    def _fields(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "aliases": self.aliases or (),
            "birth_dates": [self.birth_date] if self.birth_date else (),
            "countries": self.countries or (),
            "identifiers": self.identifiers or (),
        }


@strawberry.type(description="One piece of evidence: its score, its weight, what it found.")
class Feature:
    name: str = strawberry.field(
        description="Which: name, weakAlias, identifier, birthDate, country or kind."
    )
    score: float = strawberry.field(description="How well this feature matched, in [0, 1].")
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
    match: bool = strawberry.field(description="True when score reaches the threshold.")
    features: list[Feature] = strawberry.field(
        description="The evidence behind the score, feature by feature."
    )
    explanation: str = strawberry.field(description="The score explained in one readable text.")

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
    entity: Entity = strawberry.field(description="The entity that may be the screened party.")
    score: float = strawberry.field(description="How well it matches, in [0, 1].")
    match: bool = strawberry.field(description="True when score reaches the threshold.")
    features: list[Feature] = strawberry.field(
        description="The evidence behind the score, feature by feature."
    )
    explanation: str = strawberry.field(description="The score explained in one readable text.")
    list_keys: strawberry.Private[list[str]]

    @resolver("The lists the candidate is listed on.")
    async def lists(self, info: Info) -> list[SanctionsList]:
        rows = await info.context.loaders.sanctions_list.load_many(self.list_keys)
        return [SanctionsList.of(r) for r in rows if r]

    @classmethod
    def of(cls, candidate: CoreCandidate) -> Candidate:
        comparison = candidate.comparison
        return cls(
            entity=Entity.of(candidate.entity),
            score=comparison.score,
            match=comparison.match,
            features=[Feature.of(f) for f in comparison.features],
            explanation=comparison.explanation,
            list_keys=list(candidate.lists),
        )


@strawberry.type(
    description="The candidates for one screened party, best first; what of the query was "
    "ignored; or, for a query with no usable name, why it was not screened."
)
class ScreeningResult:
    candidates: list[Candidate] = strawberry.field(description="The candidates, best first.")
    warnings: list[str] = strawberry.field(
        default_factory=list,
        description="A field of the query that could not be read (a date, a country, a "
        "kind, an alias), ignored for this query: `birth date '1974-01-32' ignored: …`.",
    )
    error: str | None = strawberry.field(
        default=None,
        description="Set when the query has no usable name: it was not screened (no "
        "candidates); the other results of the batch are answered.",
    )


@strawberry.type(
    description="An analyst's judgement of a pair of entities, kept with who and when."
)
class Judgement(Node):
    verdict: JudgementVerdict = strawberry.field(description="What was decided.")
    note: str | None = strawberry.field(description="Why, in the analyst's words.")
    by: str = strawberry.field(description="Who: key:<API key name> or cli:<user>.")
    at: datetime = strawberry.field(description="When it was recorded.")
    a_key: strawberry.Private[str]
    b_key: strawberry.Private[str]

    @classmethod
    def of(cls, row: JudgementRow) -> Judgement:
        return cls(
            id=node_id(NodeKind.JUDGEMENT, row.id),
            verdict=row.verdict,
            note=row.note,
            by=row.by,
            at=datetime.fromisoformat(row.at),
            a_key=row.a,
            b_key=row.b,
        )

    @resolver("The first entity of the pair (null if it was deleted since).")
    async def a(self, info: Info) -> Entity | None:
        return await entity_by_id(info, self.a_key)

    @resolver("The second entity of the pair.")
    async def b(self, info: Info) -> Entity | None:
        return await entity_by_id(info, self.b_key)
