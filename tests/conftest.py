"""Fixtures shared by every test: the real Neo4j that `make test` started, and isolation.

Tests never mock Neo4j. Isolation: each test writes under its own id prefix (``prefix``)
and asserts only about its own ids, so tests neither wipe nor see each other's data.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver

from entanglements.core.db.driver import open_driver
from entanglements.core.schema import migrate
from entanglements.core.settings import Settings, get_settings
from entanglements.ingest.summary import IngestSummary

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def settings() -> Settings:
    settings = get_settings()
    if settings.home.name == ".entangle" and settings.port == 7687:
        pytest.exit("refusing to test against `make run`'s database; use `make test`", 2)
    return settings


@pytest.fixture(scope="session")
def driver(settings: Settings) -> Iterator[Driver]:
    with open_driver(settings) as driver:
        migrate(driver, settings)
        yield driver


@pytest.fixture
def prefix() -> str:
    """A unique id prefix for the records one test writes."""
    return f"t{uuid.uuid4().hex[:10]}-"


@pytest.fixture(scope="session")
def seed(driver: Driver, settings: Settings) -> IngestSummary:
    """The seed investigation (whatever data/seed/ holds), ingested once per session through
    the ingest pipeline; returns the ingest's summary. Ingesting is idempotent, so sessions
    sharing a database see the same seed."""
    from entanglements.ingest.pipeline import ingest_paths

    return ingest_paths(driver, settings, [ROOT / "data" / "seed"])
