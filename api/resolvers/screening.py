"""``screen``, ``screenMany`` and ``compare``: the matcher over the graph (core/matching)."""

from __future__ import annotations

import anyio.to_thread
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
from entanglements.core.errors import BadInputError
from entanglements.core.matching import compare as core_compare
from entanglements.core.matching.screening import MAX_BATCH
from entanglements.core.matching.screening import screen_many as core_screen_many
from entanglements.core.reads.filters import bounded
from entanglements.core.resolution.judgements import JudgementRow
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
    if len(queries) > MAX_BATCH:
        raise BadInputError(f"queries: at most {MAX_BATCH} per request, got {len(queries)}")
    parties = []
    for i, query in enumerate(queries):
        try:
            parties.append(query.party())
        except BadInputError as exc:
            raise BadInputError(f"queries[{i}]: {exc}") from None
    found = await core_screen_many(
        info.context.db,
        parties,
        lists=keys(NodeKind.LIST, lists),
        threshold=_threshold(info, threshold),
        first=bounded("first", first, 0, MAX_SCREEN_FIRST, default=5),
    )
    return [ScreeningResult(candidates=[CandidateType.of(c) for c in cs]) for cs in found]


async def screen(
    info: Info,
    query: ScreeningQuery,
    lists: list[ID] | None = None,
    threshold: float | None = None,
    first: int | None = 5,
) -> ScreeningResult:
    return (await screen_many(info, [query], lists, threshold, first))[0]


async def compare(info: Info, a: ScreeningQuery, b: ScreeningQuery) -> Comparison:
    return Comparison.of(core_compare(a.party(), b.party(), info.context.settings.match_threshold))


async def judge(
    info: Info, a: ID, b: ID, judgement: JudgementVerdict, note: str | None = None
) -> Judgement:
    """Record an analyst's judgement (editor role); returns the judgement recorded."""
    context = info.context
    context.require("editor", "judge")

    def run() -> JudgementRow:
        return core_judge(
            context.state.sync_driver(),
            context.settings,
            str(a),
            str(b),
            judgement,
            note=note,
            by=context.caller,
        )

    return Judgement.of(await anyio.to_thread.run_sync(run))
