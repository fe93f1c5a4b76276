"""The async read path to Neo4j shared by every API request.

One ``Database`` wraps the app's single ``AsyncDriver``. Each ``read`` is one round trip:
one auto-commit read (``RUN`` and ``PULL`` in one write to the socket, no ``BEGIN`` or
``COMMIT``), consumed at once, with the configured server-side timeout. A managed
transaction cost a second round trip for its ``COMMIT``: measured on a one-row read,
1.9 ms of the API's CPU and 5.6 ms wall per read against 1.1 ms and 3.2 ms auto-commit
(docs/performance.md, round 3). Reads change nothing, so the driver's retry is replaced by
the same bounded retry here (``ENTANGLE_API_RETRY_TIME``). ``round_trips`` counts reads so
tests can prove that resolvers batch instead of querying per object.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from typing import Any, LiteralString

from neo4j import READ_ACCESS, AsyncDriver, Query
from neo4j import exceptions as neo4j_errors

from entanglements.core.db.driver import translate
from entanglements.core.errors import EntangleError, QueryTimeoutError
from entanglements.core.settings import Settings

Row = dict[str, Any]


class Database:
    def __init__(self, driver: AsyncDriver, settings: Settings) -> None:
        self.driver = driver
        self.settings = settings
        self.round_trips = 0

    async def read(
        self, query: LiteralString, params: Mapping[str, Any] | None = None
    ) -> list[Row]:
        """Run one parameterised read query; driver failures become ``EntangleError``s."""
        self.round_trips += 1
        statement = Query(query, timeout=self.settings.query_timeout_s)
        deadline = time.monotonic() + self.settings.api_retry_time_s
        delay = FIRST_RETRY_DELAY_S
        while True:
            try:
                return await self._run(statement, dict(params or {}))
            except Exception as exc:
                if not _retryable(exc) or time.monotonic() + delay > deadline:
                    raise _translate(exc, self.settings) from exc
            await asyncio.sleep(delay)
            delay *= 2

    async def _run(self, statement: Query, params: dict[str, Any]) -> list[Row]:
        async with self.driver.session(
            database=self.settings.neo4j_database, default_access_mode=READ_ACCESS
        ) as session:
            result = await session.run(statement, params)
            # Every API query returns maps, lists and scalars, which the driver already
            # decoded into Python values: ``record.data()`` would walk each nested value
            # again looking for graph objects (a fifth of a large exposure report's time).
            return [
                dict(zip(record.keys(), record.values(), strict=True)) async for record in result
            ]


#: The first pause before a read is tried again (then doubled), as the driver's own retry.
FIRST_RETRY_DELAY_S = 0.1


def _retryable(exc: Exception) -> bool:
    """What the driver's managed transactions would retry: a transient failure or a lost
    connection (a timed-out or rejected query is final)."""
    return isinstance(exc, neo4j_errors.Neo4jError | neo4j_errors.DriverError) and (
        exc.is_retryable()
    )


def _translate(exc: Exception, settings: Settings) -> EntangleError:
    """Like ``core.db.translate``, but a rejected statement is our bug, not an outage:
    it becomes a plain (INTERNAL, masked) error so no Cypher text reaches a client."""
    translated = translate(exc, settings)
    rejected = isinstance(exc, neo4j_errors.ClientError) and not isinstance(
        exc, neo4j_errors.AuthError
    )
    if rejected and not isinstance(translated, QueryTimeoutError):
        return EntangleError(f"Neo4j rejected a query: {exc}")
    return translated
