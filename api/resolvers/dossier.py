"""``dossier``: the entity, its listings, its exposure report and the ingest runs, built into
one footnoted report (core/dossier)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from strawberry import ID

from entanglements.api.context import Info
from entanglements.api.ids import keys
from entanglements.api.types.dossier import Dossier
from entanglements.core.dates import PartialDate
from entanglements.core.dossier.build import DossierInput, build
from entanglements.core.errors import NotFoundError
from entanglements.core.reads import exposure as core_exposure
from entanglements.core.reads import fetch
from entanglements.core.reads.filters import bounded
from entanglements.core.reads.runs import ingest_runs
from entanglements.core.vocab import NodeKind

#: Ingest runs a stamp lists (the total is always given).
RUNS_SHOWN = 50


async def dossier(
    info: Info,
    entity_id: ID,
    max_hops: int | None = 3,
    as_of: PartialDate | None = None,
    lists: list[ID] | None = None,
    first: int | None = 50,
) -> Dossier:
    settings, db = info.context.settings, info.context.db
    hops = bounded("maxHops", max_hops, 1, settings.max_hops, default=3)
    count = bounded("first", first, 0, settings.max_first, default=50)
    list_ids = keys(NodeKind.LIST, lists)
    found, report, runs = await asyncio.gather(
        fetch.listed_entities(db, [str(entity_id)]),
        core_exposure.sanctions_exposure(
            db, str(entity_id), max_hops=hops, as_of=as_of, lists=list_ids, first=count
        ),
        ingest_runs(db, RUNS_SHOWN),
    )
    if str(entity_id) not in found:
        raise NotFoundError(f"no entity with id {entity_id!r}")
    entity, listings = found[str(entity_id)]
    parameters = (
        ("entityId", str(entity_id)),
        ("maxHops", str(hops)),
        ("asOf", str(as_of) if as_of else "none (no date filter)"),
        ("lists", ", ".join(list_ids) if list_ids else "all"),
        ("first", str(count)),
    )
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    given = DossierInput(entity, listings, report, runs, parameters, now)
    return Dossier.of(build(given))
