"""Pass 2's concurrent writes: up to N batches in flight, each its own write transaction.

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

from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

T = TypeVar("T")


class ConcurrentWrites(Generic[T]):
    """Runs write jobs, ``writers`` at a time, and hands each result to ``done`` in the
    order the jobs were submitted (so progress and counts read like a sequential run)."""

    def __init__(self, writers: int, done: Callable[[T], None]) -> None:
        self.writers = writers
        self.done = done
        self.pool = (
            ThreadPoolExecutor(max_workers=writers, thread_name_prefix="ingest-write")
            if writers > 1
            else None
        )
        self.inflight: deque[Future[T]] = deque()

    def submit(self, job: Callable[[], T], *, independent: bool) -> None:
        """Run ``job``: beside the jobs in flight when ``independent``, else after them."""
        if self.pool is None or not independent:
            self.drain()
            self.done(job())
            return
        while len(self.inflight) >= self.writers:
            self._collect()
        self.inflight.append(self.pool.submit(job))

    def drain(self) -> None:
        """Wait for every job in flight; the first failure is raised (the others finish)."""
        while self.inflight:
            self._collect()

    def _collect(self) -> None:
        self.done(self.inflight.popleft().result())

    def close(self) -> None:
        """Let the batches in flight finish (each commits or rolls back whole) and stop.
        After a failure their results are not counted: the run is failed anyway."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        self.inflight.clear()
