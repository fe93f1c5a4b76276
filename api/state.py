"""What the app holds for its lifetime: the one ``Database`` (its async driver serves
every read and write of the process), the API-key cache, the matcher's worker processes
and the per-caller limit on expensive fields."""

from __future__ import annotations

from entanglements.api.alert_feed import AlertFeed
from entanglements.api.auth import KeyCache
from entanglements.api.limits import CallerLimit
from entanglements.core.db.database import Database
from entanglements.core.matching import warm_up
from entanglements.core.ownership.cache import DerivationCache
from entanglements.core.persisted_queries import PersistedQueries
from entanglements.core.settings import Settings
from entanglements.core.workers import WorkerPool, shared_pool


class AppState:
    def __init__(self, settings: Settings, db: Database) -> None:
        self.settings = settings
        self.db = db
        self.keys = KeyCache(self.db, settings.key_cache_s)
        self.derivations = DerivationCache()
        self._matcher: WorkerPool | None = None
        self.expensive = CallerLimit(settings.match_concurrency)
        self.persisted = PersistedQueries(self.db, settings.persisted_queries)
        self.alert_feed = AlertFeed(self.db, settings.alert_poll_s)

    @property
    def matcher(self) -> WorkerPool:
        """The matcher's worker processes (one pool per process, shared by its apps); the
        app's start-up creates it, warming the matcher up first (seconds of CPU)."""
        if self._matcher is None:
            self._matcher = shared_pool(self.settings.match_workers, warm_up)
        return self._matcher

    async def close(self) -> None:
        """Stop what the app started (the ``Database`` is closed by its ``open``)."""
        await self.alert_feed.close()
