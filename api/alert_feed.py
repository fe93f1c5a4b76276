"""The feed behind ``Subscription.alerts``: one poller per process for all subscribers.

Alerts are written by whichever process ran the watch check (an ingest through the API or
the CLI, ``entangle watch check``), so the feed looks in Neo4j, the store every instance
shares: every ``ENTANGLE_ALERT_POLL`` seconds, one query for the alerts after the newest it
has seen (alert ids order by time), handed to every subscriber's queue. The poller runs only
while someone subscribes. A subscriber too slow to take 1,000 waiting alerts loses the
oldest ones rather than holding memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from entanglements.core.db.database import Database
from entanglements.core.errors import EntangleError
from entanglements.core.watch import alerts

log = logging.getLogger(__name__)

#: Alerts one subscriber may have waiting; one poll reads at most this many.
QUEUE_SIZE = 1_000


class AlertFeed:
    def __init__(self, db: Database, poll_s: float) -> None:
        self.db = db
        self.poll_s = poll_s
        self._queues: set[asyncio.Queue[alerts.Alert]] = set()
        self._task: asyncio.Task[None] | None = None
        self._last: str | None = None
        self._started = asyncio.Event()

    async def subscribe(self) -> AsyncIterator[alerts.Alert]:
        """Every alert raised from now on, as it is found."""
        queue: asyncio.Queue[alerts.Alert] = asyncio.Queue(QUEUE_SIZE)
        self._queues.add(queue)
        if self._task is None:
            self._started.clear()
            self._task = asyncio.create_task(self._poll())
        await self._started.wait()  # the starting point is fixed before the client is told
        try:
            while True:
                yield await queue.get()
        finally:
            self._queues.discard(queue)
            if not self._queues and self._task is not None:
                self._task.cancel()
                self._task = None

    async def _poll(self) -> None:
        try:
            self._last = await alerts.latest_alert_id(self.db)
        except EntangleError as exc:
            log.warning("alert feed: %s", exc)
        finally:
            self._started.set()
        while True:
            await asyncio.sleep(self.poll_s)
            with contextlib.suppress(EntangleError):  # Neo4j away: try again next time
                await self._fetch()

    async def _fetch(self) -> None:
        found = await alerts.alerts_after(self.db, self._last, QUEUE_SIZE)
        for alert in found:
            for queue in self._queues:
                if queue.full():
                    queue.get_nowait()
                queue.put_nowait(alert)
        if found:
            self._last = found[-1].id

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
