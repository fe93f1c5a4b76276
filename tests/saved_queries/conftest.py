"""Fixtures of the saved-query tests: the seed data, and a library folder of one's own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from entanglements.core.settings import Settings
from tests.conftest import ROOT
from tests.db import SyncDb

SEED = ROOT / "data" / "seed"


@pytest.fixture(scope="session")
def seeded(request: pytest.FixtureRequest, db: SyncDb, settings: Settings) -> Any:
    """The seed dataset in the database: the shared ``seed`` fixture (tests/conftest.py).

    Until that fixture exists, load data/seed/ through the real ingest pipeline the same way
    (idempotent: ingesting the seed twice changes nothing).
    """
    try:
        return request.getfixturevalue("seed")
    except pytest.FixtureLookupError:
        from entanglements.ingest.pipeline import ingest_paths

        return db.run(ingest_paths, [SEED])


@pytest.fixture
def query_folder(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write ``NAME.cypher`` with the given text into a fresh folder; returns the file."""
    folder = tmp_path / "queries"
    folder.mkdir()

    def write(name: str, text: str) -> Path:
        path = folder / f"{name}.cypher"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def count_graph(db: SyncDb) -> tuple[int, int]:
    (record,) = db.rows(
        "MATCH (n) WITH count(n) AS nodes OPTIONAL MATCH ()-[r]->() RETURN nodes, count(r) AS rels"
    )
    return record["nodes"], record["rels"]
