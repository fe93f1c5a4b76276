"""``screen``, ``screenMany`` and ``compare``: the matcher over the graph (core/matching)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import anyio.to_thread
from strawberry import ID

from entanglements.api.context import Info
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
    if len(queries) > MAX_BATCH:
        raise BadInputError(f"queries: at most {MAX_BATCH} per request, got {len(queries)}")
    parties = []
    for i, query in enumerate(queries):
        try:
            parties.append(query.party())
        except BadInputError as exc:
            raise BadInputError(f"queries[{i}]: {exc}") from None
    context = info.context
    check_queries(context.settings, parties)
    limit = _threshold(info, threshold)
    first = bounded("first", first, 0, MAX_SCREEN_FIRST, default=5)
    with _expensive(info, "screening"):
        rows = await fetch(context.db, parties, lists, first)
        check_candidates(context.settings, parties, rows)
        found = await context.state.matcher.run(rank, parties, rows, limit, first)
    return [ScreeningResult(candidates=[CandidateType.of(c) for c in cs]) for cs in found]


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
    return (await screen_many(info, [query], lists, threshold, first))[0]


async def compare(info: Info, a: ScreeningQuery, b: ScreeningQuery) -> Comparison:
    context = info.context
    query, candidate = a.party(), b.party()
    check_compare(context.settings, query, candidate)
    with _expensive(info, "compare"):
        threshold = context.settings.match_threshold
        found = await context.state.matcher.run(core_compare, query, candidate, threshold)
    return Comparison.of(found)


async def judge(
    info: Info, a: ID, b: ID, judgement: Judgement, note: str | None = None
) -> Judgement:
    """Record an analyst's judgement (editor role); returns the judgement recorded."""
    context = info.context
    context.require("editor", "judge")

    def run() -> Judgement:
        row = core_judge(
            context.state.sync_driver(),
            context.settings,
            str(a),
            str(b),
            Judgement(judgement.value),
            note=note,
            by=context.caller,
        )
        return Judgement(row.verdict.value)

    return await anyio.to_thread.run_sync(run)
