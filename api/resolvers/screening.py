"""``screen``, ``screenMany`` and ``compare``: the matcher over the graph (core/matching)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from strawberry import ID

from entanglements.api.context import Info
from entanglements.api.ids import keys
from entanglements.api.types.enums import JudgementVerdict
from entanglements.api.types.screening import Candidate as CandidateType
from entanglements.api.types.screening import (
    Comparison,
    Judgement,
    ScreeningQuery,
    ScreeningResult,
)
from entanglements.core.errors import BadInputError, RateLimitedError
from entanglements.core.match_budget import check_candidates, check_compare, check_queries
from entanglements.core.matching import compare as core_compare
from entanglements.core.matching.screening import MAX_BATCH, fetch, rank
from entanglements.core.reads.filters import bounded
from entanglements.core.resolution.judgements import judge as core_judge
from entanglements.core.vocab import NodeKind

MAX_SCREEN_FIRST = 50


def _threshold(info: Info, threshold: float | None) -> float:
    if threshold is None:
        return info.context.settings.match_threshold
    if not 0.0 <= threshold <= 1.0:
        raise BadInputError(f"threshold must be between 0 and 1, got {threshold}")
    return threshold


async def screen_many(
    info: Info,
    queries: list[ScreeningQuery],
    lists: list[ID] | None = None,
    threshold: float | None = None,
    first: int | None = 5,
) -> list[ScreeningResult]:
    """Every query answered: a field it cannot read is ignored (the result's warnings), a
    query with no usable name gets the result's error; the batch fails only as a whole
    request (too many queries, a bad threshold or first)."""
    if len(queries) > MAX_BATCH:
        raise BadInputError(f"queries: at most {MAX_BATCH} per request, got {len(queries)}")
    limit = _threshold(info, threshold)
    first = bounded("first", first, 0, MAX_SCREEN_FIRST, default=5)
    results = [ScreeningResult(candidates=[]) for _ in queries]
    parties, answered = [], []
    for i, query in enumerate(queries):
        try:
            party, warnings = query.lenient()
        except BadInputError as exc:
            results[i].error = f"queries[{i}]: {exc}"
            continue
        parties.append(party)
        answered.append(i)
        results[i].warnings = list(warnings)
    context = info.context
    check_queries(context.settings, parties, answered)
    if parties:
        with _expensive(info, "screening"):
            rows = await fetch(context.db, parties, keys(NodeKind.LIST, lists), first)
            check_candidates(context.settings, parties, rows)
            found = await context.state.matcher.run(rank, parties, rows, limit, first)
        for i, candidates in zip(answered, found, strict=True):
            results[i].candidates = [CandidateType.of(c) for c in candidates]
    return results


@contextmanager
def _expensive(info: Info, field: str) -> Iterator[None]:
    """The caller's share of the expensive fields; RATE_LIMITED with ``Retry-After``."""
    context = info.context
    try:
        with context.state.expensive.hold(context.caller, field):
            yield
    except RateLimitedError as exc:
        if context.response is not None:
            context.response.headers["Retry-After"] = str(exc.retry_after_s)
        raise


async def screen(
    info: Info,
    query: ScreeningQuery,
    lists: list[ID] | None = None,
    threshold: float | None = None,
    first: int | None = 5,
) -> ScreeningResult:
    """One query: one with no usable name is BAD_USER_INPUT (there is no batch to answer)."""
    result = (await screen_many(info, [query], lists, threshold, first))[0]
    if result.error is not None:
        raise BadInputError(result.error.removeprefix("queries[0]: "))
    return result


async def compare(info: Info, a: ScreeningQuery, b: ScreeningQuery) -> Comparison:
    context = info.context
    query, candidate = a.party(), b.party()
    check_compare(context.settings, query, candidate)
    with _expensive(info, "compare"):
        threshold = context.settings.match_threshold
        found = await context.state.matcher.run(core_compare, query, candidate, threshold)
    return Comparison.of(found)


async def judge(
    info: Info, a: ID, b: ID, judgement: JudgementVerdict, note: str | None = None
) -> Judgement:
    """Record an analyst's judgement (editor role); returns the judgement recorded."""
    context = info.context
    context.require("editor", "judge")

    done = await core_judge(context.db, str(a), str(b), judgement, note=note, by=context.caller)
    return Judgement.of(done)
