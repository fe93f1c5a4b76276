"""What the app holds for its lifetime: one async driver (behind ``Database``), the API-key
cache, the matcher's worker processes and the per-caller limit on expensive fields, and,
created only when ``ingestFindings`` first needs it, one sync driver."""

from __future__ import annotations

import threading

from neo4j import AsyncDriver, Driver

from entanglements.api.alert_feed import AlertFeed
from entanglements.api.auth import KeyCache
from entanglements.api.limits import CallerLimit
from entanglements.core.db.database import Database
from entanglements.core.db.driver import async_driver, sync_driver
from entanglements.core.matching import warm_up
from entanglements.core.ownership.cache import DerivationCache
from entanglements.core.persisted_queries import PersistedQueries
from entanglements.core.settings import Settings
from entanglements.core.workers import WorkerPool, shared_pool


class AppState:
    def __init__(self, settings: Settings, driver: AsyncDriver | None = None) -> None:
        self.settings = settings
        self.driver = driver or async_driver(settings)
        self.db = Database(self.driver, settings)
        self.keys = KeyCache(self.db, settings.key_cache_s)
        self.derivations = DerivationCache()
        self._matcher: WorkerPool | None = None
        self.expensive = CallerLimit(settings.match_concurrency)
        self.persisted = PersistedQueries(self.db, settings.persisted_queries)
        self.alert_feed = AlertFeed(self.db, settings.alert_poll_s)
        self._sync: Driver | None = None
        self._sync_lock = threading.Lock()

    @property
    def matcher(self) -> WorkerPool:
        """The matcher's worker processes (one pool per process, shared by its apps); the
        app's start-up creates it, warming the matcher up first (seconds of CPU)."""
        if self._matcher is None:
            self._matcher = shared_pool(self.settings.match_workers, warm_up)
        return self._matcher

    def sync_driver(self) -> Driver:
        """The sync driver the ingest pipeline writes with (called from a worker thread)."""
        with self._sync_lock:
            if self._sync is None:
                self._sync = sync_driver(self.settings)
            return self._sync

    async def close(self) -> None:
        await self.alert_feed.close()
        await self.driver.close()
        with self._sync_lock:
            if self._sync is not None:
                self._sync.close()
                self._sync = None
