"""The Neo4j driver's lifecycle and the error translation around it.

One driver per process: the CLI opens one per command, the API one per app lifespan.
Reads go through read transactions and writes through write transactions, so a
``neo4j://`` URI routes them across a cluster unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, LiteralString, TypeVar

from neo4j import AsyncDriver, AsyncGraphDatabase, Driver, GraphDatabase, ManagedTransaction
from neo4j import exceptions as neo4j_errors

from entanglements.core.db import version
from entanglements.core.errors import (
    BadInputError,
    DatabaseUnavailableError,
    EntangleError,
    QueryTimeoutError,
)
from entanglements.core.settings import Settings

T = TypeVar("T")
Rows = list[dict[str, Any]]


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


def sync_driver(settings: Settings) -> Driver:
    """The CLI's and the ingest's driver: a batch may wait out a short outage."""
    options = driver_options(settings, settings.retry_time_s)
    return GraphDatabase.driver(settings.neo4j_uri, **options)


def async_driver(settings: Settings) -> AsyncDriver:
    """The API's driver: a request retries briefly, then answers DATABASE_UNAVAILABLE
    rather than holding a client for the full retry back-off."""
    options = driver_options(settings, settings.api_retry_time_s)
    return AsyncGraphDatabase.driver(settings.neo4j_uri, **options)


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


@contextmanager
def open_driver(settings: Settings) -> Iterator[Driver]:
    """A verified sync driver; fails fast with DatabaseUnavailableError."""
    driver = sync_driver(settings)
    try:
        try:
            driver.verify_connectivity()
        except Exception as exc:
            raise translate(exc, settings) from None
        yield driver
    finally:
        driver.close()


def read(driver: Driver, settings: Settings, work: Callable[[ManagedTransaction], T]) -> T:
    """Run ``work`` in a managed read transaction on the configured database."""
    return _managed(driver, settings, work, write=False)


def write(driver: Driver, settings: Settings, work: Callable[[ManagedTransaction], T]) -> T:
    """Run ``work`` in a managed write transaction (retried on transient errors only)."""
    return _managed(driver, settings, work, write=True)


def _managed(
    driver: Driver, settings: Settings, work: Callable[[ManagedTransaction], T], *, write: bool
) -> T:
    try:
        with driver.session(database=settings.neo4j_database) as session:
            return session.execute_write(_bumping(work)) if write else session.execute_read(work)
    except Exception as exc:
        raise translate(exc, settings) from exc


def _bumping(work: Callable[[ManagedTransaction], T]) -> Callable[[ManagedTransaction], T]:
    """The work, then the graph version's bump in the same transaction (core/db/version.py)."""

    def bumped(tx: ManagedTransaction) -> T:
        result = work(tx)
        tx.run(version.BUMP).consume()
        return result

    return bumped


def _records(query: LiteralString, params: dict[str, Any]) -> Callable[[ManagedTransaction], Rows]:
    """A transaction function that consumes the whole result inside the transaction."""

    def work(tx: ManagedTransaction) -> Rows:
        return [record.data() for record in tx.run(query, params)]

    return work


def native_datetime(value: Any) -> Any:
    """A Neo4j ``DateTime`` as a Python ``datetime`` (None and datetimes as they are)."""
    return value.to_native() if hasattr(value, "to_native") else value


def run_read(driver: Driver, settings: Settings, query: LiteralString, **params: Any) -> Rows:
    """One parameterised read query."""
    return read(driver, settings, _records(query, params))


def run_write(driver: Driver, settings: Settings, query: LiteralString, **params: Any) -> Rows:
    """One parameterised write query."""
    return write(driver, settings, _records(query, params))


def delete_all(driver: Driver, settings: Settings) -> None:
    """Delete every node but API keys, in batches (an auto-commit transaction is required
    for ``CALL ... IN TRANSACTIONS``, so this cannot use a managed transaction)."""
    try:
        with driver.session(database=settings.neo4j_database) as session:
            session.run(
                "MATCH (n) WHERE NOT n:ApiKey AND NOT n:SchemaMigration "
                "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
            ).consume()
            # The version node went with the rest: a new one (a new epoch) marks the change.
            session.execute_write(lambda tx: tx.run(version.BUMP).consume())
    except Exception as exc:
        raise translate(exc, settings) from exc
