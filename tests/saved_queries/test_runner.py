"""Running: row cap, timeout, errors that name the file, the async path, typed JSON."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncManagedTransaction

from entanglements.core.db.database import Database
from entanglements.core.errors import BadInputError, DatabaseUnavailableError, QueryTimeoutError
from entanglements.core.saved_queries import run_saved_query
from entanglements.core.saved_queries.library import load_folders
from entanglements.core.settings import Settings
from tests.db import SyncDb


def _file(name: str, body: str, params: str = "") -> str:
    return f"// name: {name}\n// description: A test query.\n{params}{body}\n"


def test_row_cap_truncates(
    db: SyncDb, settings: Settings, query_folder: Callable[[str, str], Path]
) -> None:
    path = query_folder(
        "numbers", _file("numbers", "UNWIND range(1, $n) AS x RETURN x", "// param n: int  N.\n")
    )
    library = load_folders([path.parent])
    capped = settings.model_copy(update={"max_rows": 5})
    result = db.using(capped).run(run_saved_query, "numbers", {"n": 6}, library=library)
    assert result.columns == ["x"]
    assert result.rows == [[1], [2], [3], [4], [5]] and result.truncated
    exact = db.using(capped).run(run_saved_query, "numbers", {"n": 5}, library=library)
    assert len(exact.rows) == 5 and not exact.truncated


def test_timeout_stops_a_slow_query(
    db: SyncDb, settings: Settings, query_folder: Callable[[str, str], Path]
) -> None:
    slow = "UNWIND range(1, 1000000000) AS x WITH x WHERE x % 7 = 99 RETURN count(x) AS c"
    path = query_folder("slow", _file("slow", slow))
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError, match="longer than its time limit"):
        db.using(settings.model_copy(update={"query_timeout_s": 0.5})).run(
            run_saved_query,
            "slow",
            {},
            library=load_folders([path.parent]),
        )
    assert time.monotonic() - started < 10


def test_a_broken_query_names_the_query_not_its_path(
    db: SyncDb, settings: Settings, query_folder: Callable[[str, str], Path]
) -> None:
    path = query_folder("broken", _file("broken", "MATCH (n RETURN n"))
    rejected = r"^saved query 'broken': Neo4j rejected the query: "
    with pytest.raises(BadInputError, match=rejected) as e:
        db.run(run_saved_query, "broken", {}, library=load_folders([path.parent]))
    assert str(path.parent) not in str(e.value)  # the server's paths are its own business


@pytest.mark.asyncio
async def test_unreachable_database(settings: Settings) -> None:
    down = settings.model_copy(
        update={"neo4j_uri": "bolt://127.0.0.1:7999", "connect_timeout_s": 0.5}
    )
    async with Database.open(down, role="cli", verify=False) as db:
        with pytest.raises(DatabaseUnavailableError):
            await run_saved_query(db, "hubs", {})


def test_values_come_back_as_typed_json(
    db: SyncDb, settings: Settings, query_folder: Callable[[str, str], Path], prefix: str
) -> None:
    body = """\
CALL () {
  CREATE (a:Probe {id: $prefix + 'a', big: 9007199254740993, when: date('2019-04-12')})
         -[r:PROBE_LINK {share: 12.5}]->(b:Probe {id: $prefix + 'b'})
  RETURN a, r, b
}
RETURN a, r, [p = (a)-->(b) | p] AS paths, a.big AS big, a.when AS when,
       duration({days: 1, hours: 2}) AS span, 0.0 / 0.0 AS nan, [1, 'x', null] AS mixed
"""
    # A probe needs to create what it returns, so it is run here, outside the read-only runner,
    # and converted the way the runner converts.
    from entanglements.core.saved_queries.values import to_json

    async def probe(tx: AsyncManagedTransaction) -> dict[str, Any]:
        record = await (await tx.run(body, prefix=prefix)).single(strict=True)
        converted = {k: to_json(v) for k, v in record.items()}
        await tx.run(
            "MATCH (p:Probe) WHERE p.id STARTS WITH $prefix DETACH DELETE p", prefix=prefix
        )
        return converted

    row = db.write(probe)
    node = row["a"]
    assert set(node) == {"id", "labels", "properties"}
    assert node["labels"] == ["Probe"]
    assert node["properties"]["id"] == f"{prefix}a"
    assert node["properties"]["when"] == "2019-04-12"
    assert node["properties"]["big"] == "9007199254740993"
    rel = row["r"]
    assert rel["type"] == "PROBE_LINK" and rel["start"] == node["id"]
    assert rel["properties"] == {"share": 12.5}
    (path,) = row["paths"]
    assert [n["properties"]["id"] for n in path["nodes"]] == [f"{prefix}a", f"{prefix}b"]
    assert path["relationships"][0]["end"] == path["nodes"][1]["id"]
    assert row["big"] == "9007199254740993" and row["when"] == "2019-04-12"
    assert row["span"] == "P1DT2H" and row["nan"] is None and row["mixed"] == [1, "x", None]


@pytest.mark.asyncio
async def test_async_run_is_the_same(seeded: object, database: Database) -> None:
    result = await run_saved_query(database, "recent-ingest-runs", {"limit": 1, "outcome": "ok"})
    assert result.columns[0] == "run_id" and len(result.rows) == 1
    started = result.rows[0][1]
    assert isinstance(started, str) and datetime.fromisoformat(started[:26])
    with pytest.raises(BadInputError, match="'limit' expects int"):
        await run_saved_query(database, "hubs", {"limit": "ten"})
