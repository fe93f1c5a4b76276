"""Pass 2's concurrent writes: up to N batches in flight, each its own write transaction,
run as tasks on the command's event loop (the async driver gives each its own connection).

Measured (docs/ingest.md): on 2 cores, two writers create relationships 1.9 times as fast
as one (Neo4j runs each transaction on its own core, and the next batch is read from the
spool meanwhile). Only batches that cannot depend on each other run concurrently: batches
that create every row (ids the input states once and the graph lacks), so no two batches
write the same element; any other batch first waits for every batch before it and is then
written alone, so rows that merge by id still merge in input order. Updates run alone
because they lock more: on a no-op re-ingest of 50,000 entities and 150,000
relationships, two writers deadlocked 8 times (each retried by the driver after a pause)
and wrote in 13.4-16.9 s against 10.1-12.0 s for one. Concurrent creating batches may
still lock the same entities; Neo4j reports a deadlock as a transient error and the driver
retries the batch.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class ConcurrentWrites(Generic[T]):
    """Runs write jobs, ``writers`` at a time, and hands each result to ``done`` in the
    order the jobs were submitted (so progress and counts read like a sequential run)."""

    def __init__(self, writers: int, done: Callable[[T], None]) -> None:
        self.writers = writers
        self.done = done
        self.inflight: deque[asyncio.Task[T]] = deque()

    async def submit(self, job: Callable[[], Awaitable[T]], *, independent: bool) -> None:
        """Run ``job``: beside the jobs in flight when ``independent``, else after them."""
        if self.writers <= 1 or not independent:
            await self.drain()
            self.done(await job())
            return
        while len(self.inflight) >= self.writers:
            await self._collect()
        self.inflight.append(asyncio.ensure_future(job()))

    async def drain(self) -> None:
        """Wait for every job in flight; the first failure is raised (the others finish)."""
        while self.inflight:
            await self._collect()

    async def _collect(self) -> None:
        self.done(await self.inflight.popleft())

    async def close(self) -> None:
        """Let the batches in flight finish (each commits or rolls back whole) and stop.
        After a failure their results are not counted: the run is failed anyway."""
        await asyncio.gather(*self.inflight, return_exceptions=True)
        self.inflight.clear()
