"""The Neo4j driver's settings and the error translation around it.

The driver itself belongs to ``core.db.database.Database`` (one per process: the API's
lifespan, each CLI command), the one path every read and write takes.
"""

from __future__ import annotations

from typing import Any

from neo4j import exceptions as neo4j_errors

from entanglements.core.errors import (
    BadInputError,
    DatabaseUnavailableError,
    EntangleError,
    QueryTimeoutError,
)
from entanglements.core.settings import Settings


def driver_options(settings: Settings, retry_time: float) -> dict[str, Any]:
    """The driver's settings; ``retry_time`` bounds the retry of a managed transaction."""
    return {
        "auth": (settings.neo4j_user, settings.neo4j_password.get_secret_value()),
        "connection_timeout": settings.connect_timeout_s,
        "connection_acquisition_timeout": settings.connect_timeout_s * 2,
        "max_transaction_retry_time": retry_time,
        "max_connection_pool_size": 50,
        "notifications_min_severity": "OFF",
    }


def translate(exc: Exception, settings: Settings) -> EntangleError:
    """Map a driver exception to the product's error hierarchy (one clear line)."""
    if isinstance(exc, EntangleError):
        return exc
    if isinstance(exc, neo4j_errors.ClientError) and "InvalidBookmark" in (exc.code or ""):
        # a client's bookmark the server cannot parse: its message is the server's parser
        # internals, so only the verdict reaches the client
        return BadInputError("malformed bookmark: Neo4j cannot read it as one of its bookmarks")
    if isinstance(exc, neo4j_errors.AuthError):
        return DatabaseUnavailableError(
            f"Neo4j at {settings.neo4j_uri} refused the credentials of user "
            f"{settings.neo4j_user!r} (check NEO4J_USER / NEO4J_PASSWORD)"
        )
    if isinstance(exc, neo4j_errors.ClientError) and exc.code and "TransactionTimedOut" in exc.code:
        return QueryTimeoutError("the query took longer than its time limit and was stopped")
    if isinstance(exc, neo4j_errors.ClientError) and exc.code and "Terminated" in exc.code:
        return QueryTimeoutError("the query took longer than its time limit and was stopped")
    if isinstance(exc, (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError)):
        return DatabaseUnavailableError(f"Neo4j is not reachable at {settings.neo4j_uri}")
    if isinstance(exc, neo4j_errors.TransientError) and "DatabaseUnavailable" in (exc.code or ""):
        # a server that is stopping or starting: it answers, but its database does not
        return DatabaseUnavailableError(
            f"Neo4j at {settings.neo4j_uri} is unavailable "
            f"(database {settings.neo4j_database!r} is stopping or starting)"
        )
    if isinstance(exc, neo4j_errors.DriverError | neo4j_errors.Neo4jError):
        return DatabaseUnavailableError(f"Neo4j at {settings.neo4j_uri} failed: {exc}")
    return EntangleError(str(exc))


def native_datetime(value: Any) -> Any:
    """A Neo4j ``DateTime`` as a Python ``datetime`` (None and datetimes as they are)."""
    return value.to_native() if hasattr(value, "to_native") else value
