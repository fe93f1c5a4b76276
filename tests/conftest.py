"""Fixtures shared by every test: the real Neo4j that `make test` started, and isolation.

Tests never mock Neo4j. Isolation: each test writes under its own id prefix (``prefix``)
and asserts only about its own ids, so tests neither wipe nor see each other's data.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from entanglements.core.db.database import Database
from entanglements.core.schema import migrate
from entanglements.core.settings import Settings, get_settings
from entanglements.ingest.summary import IngestSummary
from tests.db import SyncDb

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def settings() -> Settings:
    settings = get_settings()
    if settings.home.name == ".entangle" and settings.port == 7687:
        pytest.exit("refusing to test against `make run`'s database; use `make test`", 2)
    return settings


@pytest.fixture(scope="session")
def db(settings: Settings) -> Iterator[SyncDb]:
    """The synchronous tests' handle on the one ``Database`` (tests/db.py)."""
    with SyncDb.open(settings) as db:
        db.run(migrate)
        yield db


@pytest_asyncio.fixture(scope="session")
async def database(settings: Settings, db: SyncDb) -> AsyncIterator[Database]:
    """The async tests' ``Database``, on the session's event loop (migrated by ``db``)."""
    async with Database.open(settings, role="api") as opened:
        yield opened


@pytest.fixture
def prefix() -> str:
    """A unique id prefix for the records one test writes."""
    return f"t{uuid.uuid4().hex[:10]}-"


@pytest.fixture(scope="session")
def seed(db: SyncDb, settings: Settings) -> IngestSummary:
    """The seed investigation (whatever data/seed/ holds), ingested once per session through
    the ingest pipeline; returns the ingest's summary. Ingesting is idempotent, so sessions
    sharing a database see the same seed."""
    from entanglements.ingest.pipeline import ingest_paths

    return db.run(ingest_paths, [ROOT / "data" / "seed"])
