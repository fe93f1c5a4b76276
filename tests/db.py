"""The tests' synchronous handle on the product's one database path.

Most tests are synchronous (set a graph up, call a command, look at the graph). ``SyncDb``
owns one ``Database`` on an event loop of its own, in a background thread, and runs each
call there to completion: the same reads and writes the product makes, through the same
``Database`` (READ for reads, WRITE for writes), with nothing mocked.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Any, Concatenate, LiteralString, ParamSpec, TypeVar

from neo4j import AsyncManagedTransaction

from entanglements.core.db.database import Database, Row
from entanglements.core.settings import Settings

T = TypeVar("T")
P = ParamSpec("P")


class SyncDb:
    def __init__(self, database: Database, loop: asyncio.AbstractEventLoop) -> None:
        self.database = database
        self.settings = database.settings
        self.loop = loop

    @classmethod
    @contextmanager
    def open(cls, settings: Settings) -> Iterator[SyncDb]:
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="tests-db", daemon=True)
        thread.start()
        opened = Database.open(settings, role="cli")
        try:
            database = asyncio.run_coroutine_threadsafe(opened.__aenter__(), loop).result()
            try:
                yield cls(database, loop)
            finally:
                asyncio.run_coroutine_threadsafe(opened.__aexit__(None, None, None), loop).result()
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join()
            loop.close()

    def using(self, settings: Settings) -> SyncDb:
        """The same driver under other settings (a row cap, a timeout, a feature off)."""
        return SyncDb(Database(self.database.driver, settings, role="cli"), self.loop)

    def wait(self, work: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result()

    def run(
        self,
        function: Callable[Concatenate[Database, P], Awaitable[T]],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """``function(database, *args, **kwargs)`` run to completion."""

        async def call() -> T:
            return await function(self.database, *args, **kwargs)

        return self.wait(call())

    def rows(self, query: LiteralString, **params: Any) -> list[Row]:
        """One read query's rows (READ access), graph objects as plain dicts."""

        async def work(tx: AsyncManagedTransaction) -> list[Row]:
            return [r.data() async for r in await tx.run(query, params)]

        return self.wait(self.database.read_tx(work))

    def write_rows(self, query: LiteralString, **params: Any) -> list[Row]:
        """One write query in its own WRITE transaction; its rows."""
        return self.wait(self.database.write_query(query, params))

    def read_tx(self, work: Callable[[AsyncManagedTransaction], Awaitable[T]]) -> T:
        return self.wait(self.database.read_tx(work))

    def write(self, work: Callable[[AsyncManagedTransaction], Awaitable[T]]) -> T:
        return self.wait(self.database.write(work))
