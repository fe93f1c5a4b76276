"""The one path to Neo4j: every read and every write of the process goes through ``Database``.

One ``Database`` per process (the API's lifespan, each CLI command) owns the one
``AsyncDriver``. It decides the access mode, so a ``neo4j://`` URI routes correctly by
construction: ``read`` is an auto-commit read with READ access, ``read_tx`` a managed READ
transaction, ``write`` a managed WRITE transaction; no other module opens a session
(``tests/core/test_database.py`` enforces it).

``read`` is one round trip: ``RUN`` and ``PULL`` in one write to the socket, no ``BEGIN``
or ``COMMIT``. A managed transaction cost a second round trip for its ``COMMIT``: measured
on a one-row read, 1.9 ms of the API's CPU and 5.6 ms wall per read against 1.1 ms and
3.2 ms auto-commit (docs/performance.md, round 3). Reads change nothing, so the driver's
retry is replaced by the same bounded retry here. ``round_trips`` counts reads so tests can
prove that resolvers batch instead of querying per object.

The role sets how long a failing unit of work is retried: a request briefly
(``ENTANGLE_API_RETRY_TIME``) so it answers DATABASE_UNAVAILABLE rather than holding its
client for the whole back-off, a CLI command or an ingest batch longer
(``ENTANGLE_RETRY_TIME``) so it waits out a short outage.

Bookmarks: every ``Database`` starts its sessions after the bookmarks it holds and keeps
the bookmarks of its own last write, so a command or a request reads what it wrote on any
member of a cluster. ``after(bookmarks)`` gives a view that starts after a client's
bookmarks (read your writes across instances).
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from typing import Any, Literal, LiteralString, TypeVar

from neo4j import (
    READ_ACCESS,
    WRITE_ACCESS,
    AsyncDriver,
    AsyncGraphDatabase,
    AsyncManagedTransaction,
    AsyncSession,
    Bookmarks,
    Query,
    ResultSummary,
)
from neo4j import exceptions as neo4j_errors

from entanglements.core.db import version
from entanglements.core.db.driver import driver_options, translate
from entanglements.core.errors import BadInputError, EntangleError, QueryTimeoutError
from entanglements.core.settings import Settings

Row = dict[str, Any]
Role = Literal["api", "cli"]
T = TypeVar("T")

#: The first pause before a read is tried again (then doubled), as the driver's own retry.
FIRST_RETRY_DELAY_S = 0.1

#: A raw Neo4j bookmark as the server hands it out: printable ASCII without spaces (Neo4j
#: 5 writes ``FB:`` and base64; the format is the server's, so only its alphabet and size
#: are checked here and the server judges the rest, its InvalidBookmark becoming a
#: BadInputError too).
BOOKMARK = re.compile(r"[!-~]{1,512}")
#: At most this many bookmarks for one view (a client sends those of its last write,
#: one per database; a long list is garbage, not causality).
MAX_BOOKMARKS = 16


class _Counter:
    """Round trips shared by a ``Database`` and its views, so a request's view counts
    where the tests look (the app's one ``Database``)."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = 0


class Database:
    """One per process (the API's lifespan, each CLI command): owns the one AsyncDriver."""

    def __init__(
        self,
        driver: AsyncDriver,
        settings: Settings,
        *,
        role: Role = "api",
        bookmarks: Iterable[str] = (),
        _counter: _Counter | None = None,
    ) -> None:
        self.driver = driver
        self.settings = settings
        self.role: Role = role
        self._bookmarks: list[str] = list(bookmarks)
        self._counter = _counter or _Counter()

    @classmethod
    @asynccontextmanager
    async def open(
        cls, settings: Settings, *, role: Role, verify: bool = True
    ) -> AsyncIterator[Database]:
        """The driver for the whole command or app, verified (unless ``verify`` is false:
        the API starts before Neo4j and answers /readyz meanwhile); fails fast with
        DatabaseUnavailableError when Neo4j cannot be reached or refuses us."""
        driver = AsyncGraphDatabase.driver(
            settings.neo4j_uri, **driver_options(settings, retry_time(settings, role))
        )
        try:
            if verify:
                try:
                    await driver.verify_connectivity()
                except Exception as exc:
                    raise translate(exc, settings) from None
            yield cls(driver, settings, role=role)
        finally:
            await driver.close()

    @property
    def round_trips(self) -> int:
        return self._counter.value

    @round_trips.setter
    def round_trips(self, value: int) -> None:
        self._counter.value = value

    @property
    def bookmarks(self) -> list[str]:
        """Raw bookmark strings after this view's last write (or those it was given)."""
        return list(self._bookmarks)

    def after(self, bookmarks: Iterable[str]) -> Database:
        """A view sharing the driver whose sessions start after these raw bookmarks and
        which collects the bookmarks of its own writes; a malformed one is bad input."""
        raw = check_bookmarks(bookmarks)
        return Database(
            self.driver, self.settings, role=self.role, bookmarks=raw, _counter=self._counter
        )

    def with_settings(self, settings: Settings) -> Database:
        """A view sharing the driver, bookmarks and round trips under other settings (a
        timeout, a feature off for one call)."""
        return Database(
            self.driver,
            settings,
            role=self.role,
            bookmarks=self._bookmarks,
            _counter=self._counter,
        )

    async def read(
        self, query: LiteralString, params: Mapping[str, Any] | None = None
    ) -> list[Row]:
        """One auto-commit read with READ access; driver failures become ``EntangleError``s."""
        self._counter.value += 1
        statement = Query(query, timeout=self.settings.query_timeout_s)
        deadline = time.monotonic() + retry_time(self.settings, self.role)
        delay = FIRST_RETRY_DELAY_S
        while True:
            try:
                return await self._run(statement, dict(params or {}))
            except Exception as exc:
                if not _retryable(exc) or time.monotonic() + delay > deadline:
                    raise _translate(exc, self.settings) from exc
            await asyncio.sleep(delay)
            delay *= 2

    async def read_tx(self, work: Callable[[AsyncManagedTransaction], Awaitable[T]]) -> T:
        """Run ``work`` in a managed READ transaction (several queries, one snapshot)."""
        self._counter.value += 1
        try:
            async with self._session(READ_ACCESS) as session:
                return await session.execute_read(work)
        except EntangleError:
            raise  # the work's own verdict (bad input, not found), as it was raised
        except Exception as exc:
            raise _translate(exc, self.settings) from exc

    async def write(
        self, work: Callable[[AsyncManagedTransaction], Awaitable[T]], *, schema: bool = False
    ) -> T:
        """Run ``work`` in a managed WRITE transaction (retried on transient errors only,
        so ``work`` must be safe to run again) and keep the bookmarks of its commit. The
        transaction ends by bumping the graph version (core/db/version.py), except for a
        ``schema`` change, which Neo4j does not let a data write join and which changes
        no data."""
        try:
            async with self._session(WRITE_ACCESS) as session:
                result = await session.execute_write(work if schema else _bumping(work))
                self._bookmarks = list((await session.last_bookmarks()).raw_values)
                return result
        except EntangleError:
            raise  # the work's own verdict (bad input, not found), as it was raised
        except Exception as exc:
            raise translate(exc, self.settings) from exc

    async def plan(
        self,
        query: LiteralString,
        params: Mapping[str, Any] | None = None,
        *,
        profile: bool = False,
    ) -> tuple[list[Row], ResultSummary]:
        """A read query's plan, READ access: ``EXPLAIN`` (not run: no rows) or ``PROFILE``
        (run: its rows, and the summary's plan carries rows and db hits per operator)."""
        mode: LiteralString = "PROFILE " if profile else "EXPLAIN "
        try:
            async with self._session(READ_ACCESS) as session:
                result = await session.run(mode + query, dict(params or {}))
                rows = [record.data() async for record in result]
                return rows, await result.consume()
        except Exception as exc:
            raise _translate(exc, self.settings) from exc

    async def write_query(
        self, query: LiteralString, params: Mapping[str, Any] | None = None
    ) -> list[Row]:
        """One parameterised write statement in its own WRITE transaction; its rows."""
        values = dict(params or {})

        async def work(tx: AsyncManagedTransaction) -> list[Row]:
            return await rows(tx, query, values)

        return await self.write(work)

    async def write_in_transactions(
        self, query: LiteralString, params: Mapping[str, Any] | None = None
    ) -> None:
        """The one write that cannot run in a managed transaction: a query whose
        ``CALL { ... } IN TRANSACTIONS`` commits batches itself needs an implicit
        (auto-commit) transaction. Not retried: the caller runs it again if it fails."""
        try:
            async with self._session(WRITE_ACCESS) as session:
                result = await session.run(query, dict(params or {}))
                await result.consume()
                await session.execute_write(_bump)  # its own transaction: batches committed
                self._bookmarks = list((await session.last_bookmarks()).raw_values)
        except Exception as exc:
            raise translate(exc, self.settings) from exc

    def _session(self, mode: str) -> AsyncSession:
        return self.driver.session(
            database=self.settings.neo4j_database,
            default_access_mode=mode,
            bookmarks=Bookmarks.from_raw_values(self._bookmarks) if self._bookmarks else None,
        )

    async def _run(self, statement: Query, params: dict[str, Any]) -> list[Row]:
        async with self._session(READ_ACCESS) as session:
            result = await session.run(statement, params)
            # Every query returns maps, lists and scalars, which the driver already
            # decoded into Python values: ``record.data()`` would walk each nested value
            # again looking for graph objects (a fifth of a large exposure report's time).
            return [
                dict(zip(record.keys(), record.values(), strict=True)) async for record in result
            ]


def _bumping(
    work: Callable[[AsyncManagedTransaction], Awaitable[T]],
) -> Callable[[AsyncManagedTransaction], Awaitable[T]]:
    """The work, then the graph version's bump as the transaction's last statement
    (core/db/version.py): every write changes the version, by construction."""

    async def bumped(tx: AsyncManagedTransaction) -> T:
        result = await work(tx)
        await _bump(tx)
        return result

    return bumped


async def _bump(tx: AsyncManagedTransaction) -> None:
    await (await tx.run(version.BUMP)).consume()


async def rows(
    tx: AsyncManagedTransaction, query: LiteralString, params: Mapping[str, Any] | None = None
) -> list[Row]:
    """Every row of ``query`` in ``tx``, graph objects as plain dicts (``Record.data``)."""
    result = await tx.run(query, dict(params or {}))
    return [record.data() async for record in result]


async def one(
    tx: AsyncManagedTransaction, query: LiteralString, params: Mapping[str, Any] | None = None
) -> Row:
    """The one row of ``query`` in ``tx`` (an aggregate); an error if there is not exactly one."""
    result = await tx.run(query, dict(params or {}))
    record = await result.single(strict=True)
    return dict(zip(record.keys(), record.values(), strict=True))


async def first(
    tx: AsyncManagedTransaction, query: LiteralString, params: Mapping[str, Any] | None = None
) -> Row | None:
    """The first row of ``query`` in ``tx``, or None."""
    result = await tx.run(query, dict(params or {}))
    record = await result.fetch(1)
    await result.consume()
    return dict(zip(record[0].keys(), record[0].values(), strict=True)) if record else None


async def execute(
    tx: AsyncManagedTransaction, query: LiteralString, params: Mapping[str, Any] | None = None
) -> None:
    """Run a statement in ``tx`` for its effect only."""
    await (await tx.run(query, dict(params or {}))).consume()


async def delete_all(db: Database) -> None:
    """Delete every node but API keys and the schema record, in batches that commit
    themselves (so a large graph never needs one huge transaction)."""
    await db.write_in_transactions(
        "MATCH (n) WHERE NOT n:ApiKey AND NOT n:SchemaMigration "
        "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
    )


def retry_time(settings: Settings, role: Role) -> float:
    """How long a failing unit of work is retried for this role."""
    return settings.api_retry_time_s if role == "api" else settings.retry_time_s


def check_bookmarks(bookmarks: Iterable[str]) -> list[str]:
    """The raw bookmarks, or BadInputError naming what is wrong with them."""
    raw = list(bookmarks)
    if len(raw) > MAX_BOOKMARKS:
        raise BadInputError(f"too many bookmarks ({len(raw)}; at most {MAX_BOOKMARKS})")
    for value in raw:
        if not isinstance(value, str) or not BOOKMARK.fullmatch(value):
            shown = repr(value)[:40]
            raise BadInputError(
                f"malformed bookmark {shown}: expected a bookmark string as Neo4j returned it"
            )
    return raw


def _retryable(exc: Exception) -> bool:
    """What the driver's managed transactions would retry: a transient failure or a lost
    connection (a timed-out or rejected query is final)."""
    return isinstance(exc, neo4j_errors.Neo4jError | neo4j_errors.DriverError) and (
        exc.is_retryable()
    )


def _translate(exc: Exception, settings: Settings) -> EntangleError:
    """Like ``translate``, but a rejected read is our bug, not an outage: it becomes a
    plain (INTERNAL, masked) error so no Cypher text reaches a client."""
    translated = translate(exc, settings)
    rejected = isinstance(exc, neo4j_errors.ClientError) and not isinstance(
        exc, neo4j_errors.AuthError
    )
    if rejected and not isinstance(translated, QueryTimeoutError | BadInputError):
        return EntangleError(f"Neo4j rejected a query: {exc}")
    return translated
