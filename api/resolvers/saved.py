"""``savedQueries`` and ``runSavedQuery``: the library shared with ``entangle query``.

The library lives in files, so it is read in a worker thread; a query runs on the app's
``Database`` in a READ transaction with the same checks and limits as from the CLI
(read-only, row cap, timeout).
"""

from __future__ import annotations

import anyio.to_thread
from strawberry.scalars import JSON

from entanglements.api.context import Info
from entanglements.api.types.saved import SavedQuery, SavedQueryResult
from entanglements.core.errors import BadInputError
from entanglements.core.saved_queries import load_library
from entanglements.core.saved_queries import run_saved_query as run_query


async def saved_queries(info: Info) -> list[SavedQuery]:
    library = await anyio.to_thread.run_sync(load_library, info.context.settings)
    return [SavedQuery.of(q) for q in library]


async def run_saved_query(
    info: Info, name: str, parameters: JSON | None = None
) -> SavedQueryResult:
    if parameters is not None and not isinstance(parameters, dict):
        raise BadInputError("parameters: expected an object of name: value")
    context = info.context
    library = await anyio.to_thread.run_sync(load_library, context.settings)
    result = await run_query(context.db, name, parameters or {}, library=library)
    return SavedQueryResult.of(result)
