"""``sanctionsExposure`` and ``paths``."""

from __future__ import annotations

from strawberry import ID

from entanglements.api.context import Info
from entanglements.api.types.exposure import ExposureReport, Path
from entanglements.api.types.graph import Direction, core_direction
from entanglements.core.dates import PartialDate
from entanglements.core.reads import exposure as core_exposure
from entanglements.core.reads import paths as core_paths
from entanglements.core.reads.filters import bounded, rel_types


async def sanctions_exposure(
    info: Info,
    entity_id: ID,
    max_hops: int | None = 3,
    as_of: PartialDate | None = None,
    lists: list[ID] | None = None,
    relationship_types: list[str] | None = None,
    first: int | None = 50,
    direction: Direction | None = Direction.BOTH,
    include_retracted: bool | None = False,
) -> ExposureReport:
    settings = info.context.settings
    result = await core_exposure.sanctions_exposure(
        info.context.db,
        str(entity_id),
        max_hops=bounded("maxHops", max_hops, 1, settings.max_hops, default=3),
        as_of=as_of,
        lists=[str(i) for i in lists] if lists is not None else None,
        types=rel_types(relationship_types),
        first=bounded("first", first, 0, settings.max_first, default=50),
        direction=core_direction(direction),
        include_retracted=bool(include_retracted),
    )
    # The report arrives with its references (endpoints, sources, lists): no further query.
    return ExposureReport.of(result)


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
    )
    return [Path.of(p, found.references) for p in found.paths]
