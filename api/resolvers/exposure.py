"""``sanctionsExposure`` and ``paths``."""

from __future__ import annotations

from strawberry import ID

from entanglements.api.context import Info
from entanglements.api.ids import keys
from entanglements.api.types.exposure import EXPOSURE_CURSORS, ExposureReport, Path
from entanglements.api.types.graph import Direction, core_direction
from entanglements.api.types.ownership import OwnershipFinding
from entanglements.core.dates import PartialDate
from entanglements.core.ownership import questions
from entanglements.core.ownership.engine import Assessment
from entanglements.core.reads import exposure as core_exposure
from entanglements.core.reads import paths as core_paths
from entanglements.core.reads.filters import bounded, rel_types
from entanglements.core.reads.records import ExposureResult
from entanglements.core.vocab import NodeKind


async def sanctions_exposure(
    info: Info,
    entity_id: ID,
    max_hops: int | None = 3,
    as_of: PartialDate | None = None,
    lists: list[ID] | None = None,
    relationship_types: list[str] | None = None,
    first: int | None = 50,
    direction: Direction | None = Direction.BOTH,
    include_derived: bool | None = False,
    include_retracted: bool | None = False,
    after: str | None = None,
    through_judgements: bool | None = True,
) -> ExposureReport:
    settings = info.context.settings
    chosen = keys(NodeKind.LIST, lists)
    count = bounded("first", first, 0, settings.max_first, default=50)
    # Offset cursors: the report is ordered (distance, name, id) and computed whole for
    # offset + first parties, so pages are consistent while the graph does not change.
    offset = EXPOSURE_CURSORS.offset(after)
    derived = await _derived(info, as_of, chosen) if include_derived else None
    result = await core_exposure.sanctions_exposure(
        info.context.db,
        str(entity_id),
        max_hops=bounded("maxHops", max_hops, 1, settings.max_hops, default=3),
        as_of=as_of,
        lists=chosen,
        types=rel_types(relationship_types),
        first=offset + count,
        direction=core_direction(direction),
        derived=sorted(set().union(*(a.derived_set for a in derived))) if derived else None,
        include_retracted=bool(include_retracted),
        judgements=through_judgements is not False,
    )
    result.exposures = result.exposures[offset:]
    arguments = (
        entity_id, max_hops, as_of, chosen, relationship_types, first, direction,
        include_derived, include_retracted, after, through_judgements is not False,
    )  # fmt: skip
    # The report arrives with its references (endpoints, sources, lists): no further query.
    if not derived:
        return ExposureReport.of(result, arguments, offset)
    return ExposureReport.of(result, arguments, offset, await _findings(info, result, derived))


async def _derived(
    info: Info, as_of: PartialDate | None, lists: list[str] | None
) -> list[Assessment]:
    """Every rule's derivation as of ``as_of`` (today by default), reused while the graph
    is unchanged (core/ownership/cache.py)."""
    when = as_of or questions.today()
    chosen = questions.checked_lists(lists)
    return await info.context.state.derivations.assessments(info.context.db, when, chosen)


async def _findings(
    info: Info, result: ExposureResult, derived: list[Assessment]
) -> dict[str, list[OwnershipFinding]]:
    """The verdicts of the rules restricting each reported party (derived ones only)."""
    lists = await questions.rule_lists(info.context.db, [a.rule for a in derived])
    found: dict[str, list[OwnershipFinding]] = {}
    for exposure in result.exposures:
        entity_id = exposure.entity.id
        for assessment in derived:
            if entity_id in assessment.derived_set:
                verdict = assessment.verdict(entity_id)
                finding = OwnershipFinding.of(verdict, assessment.as_of, lists)
                found.setdefault(entity_id, []).append(finding)
    return found


async def paths(
    info: Info,
    from_id: ID,
    to_id: ID,
    max_hops: int | None = 4,
    first: int | None = 3,
    relationship_types: list[str] | None = None,
    as_of: PartialDate | None = None,
    direction: Direction | None = Direction.BOTH,
    include_retracted: bool | None = False,
    through_judgements: bool | None = True,
) -> list[Path]:
    settings = info.context.settings
    found = await core_paths.shortest_paths(
        info.context.db,
        str(from_id),
        str(to_id),
        max_hops=bounded("maxHops", max_hops, 1, settings.max_hops, default=4),
        first=bounded("first", first, 0, settings.max_first, default=3),
        types=rel_types(relationship_types),
        as_of=as_of,
        direction=core_direction(direction),
        include_retracted=bool(include_retracted),
        judgements=through_judgements is not False,
    )
    return [Path.of(p, found.references) for p in found.paths]
