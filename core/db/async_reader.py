"""The async read path to Neo4j shared by every API request.

One ``Database`` wraps the app's single ``AsyncDriver``. Each ``read`` is one round trip:
one managed read transaction whose result is consumed inside the transaction function,
with the configured server-side timeout. ``round_trips`` counts them so tests can prove
that resolvers batch instead of querying per object.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, LiteralString

from neo4j import AsyncDriver, AsyncManagedTransaction, unit_of_work
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

        @unit_of_work(timeout=self.settings.query_timeout_s)
        async def work(tx: AsyncManagedTransaction) -> list[Row]:
            result = await tx.run(query, dict(params or {}))
            # Every API query returns maps, lists and scalars, which the driver already
            # decoded into Python values: ``record.data()`` would walk each nested value
            # again looking for graph objects (a fifth of a large exposure report's time).
            return [
                dict(zip(record.keys(), record.values(), strict=True)) async for record in result
            ]

        self.round_trips += 1
        try:
            async with self.driver.session(database=self.settings.neo4j_database) as session:
                return await session.execute_read(work)
        except Exception as exc:
            raise _translate(exc, self.settings) from exc


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
