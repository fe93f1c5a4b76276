"""Score a query party against a candidate: features, final score, match, explanation.

Like nomenklatura's logic-v2, the score is the strongest piece of direct evidence (a
name, a weak alias, an identifier) qualified by supporting or contradicting facts (birth
dates, countries). Each feature carries the score it found and the weight it has, so
``max(main score x weight) + sum(qualifier score x weight)``, clipped to [0, 1], is the
final score a reviewer can recompute from the explanation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from followthemoney import model
from followthemoney.exc import InvalidData
from rigour.names import NameTypeTag

from entanglements.core.matching.analysis import AnalysedName, analyse, tag_for
from entanglements.core.matching.facts import (
    birth_date_agreement,
    country_agreement,
    identifier_hits,
)
from entanglements.core.matching.names import NameMatch, match_names
from entanglements.core.matching.party import Party

DEFAULT_THRESHOLD = 0.7

NAME_WEIGHT = 1.0
WEAK_ALIAS_WEIGHT = 0.8
IDENTIFIER_WEIGHT = 0.95
#: Qualifier weights: (agree fully, agree partly, differ a little, contradict).
BIRTH_DATE_WEIGHTS = {1.0: 0.05, 0.5: 0.02, -0.5: -0.1, -1.0: -0.35}
COUNTRY_WEIGHTS = {1.0: 0.02, -1.0: -0.1}


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    score: float
    weight: float
    detail: str
    qualifier: bool = False


@dataclass(frozen=True, slots=True)
class Comparison:
    score: float
    match: bool
    features: tuple[Feature, ...]
    explanation: str


def compare(query: Party, candidate: Party, threshold: float = DEFAULT_THRESHOLD) -> Comparison:
    """Score ``candidate`` as a match for ``query``; deterministic for the same inputs."""
    tag = _common_tag(query.kind, candidate.kind)
    if tag is None:
        feature = Feature(
            "kind", 0.0, NAME_WEIGHT, f"{query.kind} vs {candidate.kind}: different kinds of party"
        )
        return _finish([feature], threshold)
    features = _name_feature(query.names, candidate.names, tag, "name", NAME_WEIGHT)
    if candidate.weak_aliases or query.weak_aliases:
        weak = _name_feature(
            query.names + query.weak_aliases,
            candidate.weak_aliases + (candidate.names if query.weak_aliases else ()),
            tag,
            "weakAlias",
            WEAK_ALIAS_WEIGHT,
        )[0]
        if weak.score > 0.0:
            features.append(weak)
    hits = identifier_hits(query.identifiers, candidate.identifiers)
    if hits:
        detail = ", ".join(f"{q}={c}" for q, c in hits[:3])
        features.append(Feature("identifier", 1.0, IDENTIFIER_WEIGHT, f"identifier {detail}"))
    features += _qualifiers(query, candidate)
    return _finish(features, threshold)


def _common_tag(a: str, b: str) -> NameTypeTag | None:
    schema_a, schema_b = model.get(a), model.get(b)
    if schema_a is None or schema_b is None:
        return None
    try:
        common = model.common_schema(schema_a, schema_b)
    except InvalidData:
        return None
    return tag_for(common.name)


def _name_feature(
    query: Sequence[str], candidate: Sequence[str], tag: NameTypeTag, label: str, weight: float
) -> list[Feature]:
    """The name feature, and the organisation qualifier's when the best pair had one."""
    best = best_name_match(query, candidate, tag)
    if best is None:
        return [Feature(label, 0.0, weight, f"{label}: nothing comparable")]
    out = [Feature(label, best.score, weight, f"{label} {best.score:.2f}: {best.explain()}")]
    if best.qualifier is not None:
        out.append(Feature("orgQualifier", 1.0, best.qualifier[0], best.qualifier[1], True))
    return out


def best_name_match(
    query: Sequence[str], candidate: Sequence[str], tag: NameTypeTag
) -> NameMatch | None:
    """The best-scoring pair of names; the first in input order among equals."""
    person = tag == NameTypeTag.PER
    q_names = [n for text in query for n in analyse(text, tag)]
    c_names = [n for text in candidate for n in analyse(text, tag)]
    best: NameMatch | None = None
    for q in q_names:
        for c in _plausible(q, c_names):
            found = match_names(q, c, person)
            if best is None or found.effective > best.effective:
                best = found
                if best.effective >= 1.0:
                    return best
    if best is None and q_names and c_names:
        best = match_names(q_names[0], c_names[0], person)
    return best


def _plausible(query: AnalysedName, names: list[AnalysedName]) -> list[AnalysedName]:
    """Names worth aligning: the same name first; names of another script are kept."""
    same = [n for n in names if n.key == query.key]
    return same or names


def _qualifiers(query: Party, candidate: Party) -> list[Feature]:
    out: list[Feature] = []
    dates = birth_date_agreement(query.birth_dates, candidate.birth_dates)
    if dates is not None:
        out.append(Feature("birthDate", 1.0, BIRTH_DATE_WEIGHTS[dates[0]], dates[1], True))
    countries = country_agreement(query.countries, candidate.countries)
    if countries is not None:
        out.append(Feature("country", 1.0, COUNTRY_WEIGHTS[countries[0]], countries[1], True))
    return out


def _finish(features: list[Feature], threshold: float) -> Comparison:
    mains = [f for f in features if not f.qualifier]
    base = max((f.score * f.weight for f in mains), default=0.0)
    names = max((f.score for f in mains if f.name == "name"), default=0.0)
    if any(f.name == "identifier" for f in mains) and names >= 0.5:
        base = 1.0  # an identifier hit with agreeing names is as good as it gets
    score = base
    if base > 0.0:
        score += sum(f.score * f.weight for f in features if f.qualifier)
    score = round(min(1.0, max(0.0, score)), 4)
    match = score >= threshold
    verdict = "match" if match else "no match"
    lines = [f"{score:.2f} {verdict} (threshold {threshold:.2f})"]
    lines += [_describe(f) for f in features]
    return Comparison(score, match, tuple(features), "; ".join(lines))


def _describe(feature: Feature) -> str:
    if feature.qualifier:
        return f"{feature.detail} ({feature.weight:+.2f})"
    return feature.detail
