"""The one database access path (core/db/database.py) against the real server: reads are
one auto-commit round trip with READ access, retried only where the driver's managed
transactions would have retried; the server refuses a write through a read; writes keep
their bookmarks and views start after them; malformed bookmarks are bad input."""

from __future__ import annotations

import ast
import uuid
from pathlib import Path

import pytest
from neo4j import AsyncManagedTransaction
from neo4j import exceptions as neo4j_errors

from entanglements.core.db.database import Database, _retryable, retry_time
from entanglements.core.errors import (
    BadInputError,
    DatabaseUnavailableError,
    EntangleError,
    QueryTimeoutError,
)
from entanglements.core.settings import Settings
from tests import REPO_ROOT


def test_retryable_failures() -> None:
    assert _retryable(neo4j_errors.ServiceUnavailable("gone"))
    assert _retryable(neo4j_errors.SessionExpired("expired"))
    assert not _retryable(neo4j_errors.ConfigurationError("bad"))
    assert not _retryable(ValueError("ours"))


def test_the_role_sets_the_retry_time(settings: Settings) -> None:
    tuned = settings.model_copy(update={"api_retry_time_s": 0.5, "retry_time_s": 7.0})
    assert retry_time(tuned, "api") == 0.5
    assert retry_time(tuned, "cli") == 7.0


@pytest.mark.asyncio
async def test_one_read_returns_rows_and_counts_one_round_trip(settings: Settings) -> None:
    async with Database.open(settings, role="api") as db:
        rows = await db.read("UNWIND range(1, $n) AS i RETURN i, {twice: 2 * i} AS m", {"n": 3})
        assert rows == [{"i": i, "m": {"twice": 2 * i}} for i in (1, 2, 3)]
        assert db.round_trips == 1


@pytest.mark.asyncio
async def test_a_rejected_query_is_not_retried(settings: Settings) -> None:
    async with Database.open(settings, role="api") as db:
        with pytest.raises(EntangleError) as raised:
            await db.read("RETURN nonsense(")
        assert not isinstance(raised.value, QueryTimeoutError)
        assert "rejected" in str(raised.value)


@pytest.mark.asyncio
async def test_an_unreachable_server_fails_fast_on_open(settings: Settings) -> None:
    nowhere = settings.model_copy(
        update={"neo4j_uri": "bolt://127.0.0.1:9", "connect_timeout_s": 1.0}
    )
    with pytest.raises(DatabaseUnavailableError, match="not reachable"):
        async with Database.open(nowhere, role="cli"):
            pass


async def _create_probe(tx: AsyncManagedTransaction, key: str) -> None:
    await (await tx.run("CREATE (:AccessProbe {key: $key})", key=key)).consume()


@pytest.mark.asyncio
async def test_the_server_refuses_a_write_through_a_read(settings: Settings) -> None:
    """Neo4j enforces the access mode on a single server too: a write slipped into a read
    fails here as it would on a cluster's follower, and nothing is written."""
    key = uuid.uuid4().hex
    async with Database.open(settings, role="api") as db:
        with pytest.raises(EntangleError, match="read access mode"):
            await db.read("CREATE (:AccessProbe {key: $key})", {"key": key})

        async def create(tx: AsyncManagedTransaction) -> None:
            await _create_probe(tx, key)

        with pytest.raises(EntangleError, match="read access mode"):
            await db.read_tx(create)
        rows = await db.read("MATCH (p:AccessProbe {key: $key}) RETURN count(p) AS n", {"key": key})
        assert rows == [{"n": 0}]


@pytest.mark.asyncio
async def test_a_write_keeps_its_bookmarks_and_a_view_starts_after_them(
    settings: Settings,
) -> None:
    key = uuid.uuid4().hex
    async with Database.open(settings, role="cli") as db:
        writer = db.after([])
        assert writer.bookmarks == []

        async def create(tx: AsyncManagedTransaction) -> str:
            await _create_probe(tx, key)
            return key

        try:
            assert await writer.write(create) == key
            bookmarks = writer.bookmarks
            assert bookmarks and all(isinstance(b, str) and b for b in bookmarks)
            # the root's own bookmarks are untouched by its view's write
            assert db.bookmarks == []

            reader = db.after(bookmarks)
            assert reader.bookmarks == bookmarks
            rows = await reader.read(
                "MATCH (p:AccessProbe {key: $key}) RETURN count(p) AS n", {"key": key}
            )
            assert rows == [{"n": 1}]

            async def count(tx: AsyncManagedTransaction) -> int:
                result = await tx.run(
                    "MATCH (p:AccessProbe {key: $key}) RETURN count(p) AS n", key=key
                )
                record = await result.single(strict=True)
                return int(record["n"])

            assert await reader.read_tx(count) == 1
            # the view and its root count round trips together
            assert db.round_trips == reader.round_trips == 2
        finally:

            async def remove(tx: AsyncManagedTransaction) -> None:
                await tx.run("MATCH (p:AccessProbe {key: $key}) DELETE p", key=key)

            await db.write(remove)
        assert db.bookmarks and db.bookmarks != bookmarks


@pytest.mark.parametrize(
    "bookmarks",
    [[""], ["has space"], ["FB:ok", "tab\there"], ["é"], ["x" * 513], ["FB:a"] * 17, [42]],
    ids=["empty", "space", "tab", "non-ascii", "too-long", "too-many", "not-a-string"],
)
def test_a_malformed_bookmark_is_bad_input(settings: Settings, bookmarks: list[str]) -> None:
    db = Database(None, settings)  # type: ignore[arg-type]  # after() never touches the driver
    with pytest.raises(BadInputError, match="bookmark"):
        db.after(bookmarks)


@pytest.mark.asyncio
@pytest.mark.parametrize("garbage", ["FB:garbage", "not-a-bookmark", "FB:kcwQ"])
async def test_a_bookmark_the_server_cannot_read_is_bad_input(
    settings: Settings, garbage: str
) -> None:
    """Well-formed to the eye, refused by the server (its InvalidBookmark): bad input on
    read, read transaction and write alike, and nothing written."""
    key = uuid.uuid4().hex
    async with Database.open(settings, role="api") as db:
        view = db.after([garbage])
        with pytest.raises(BadInputError, match="bookmark"):
            await view.read("RETURN 1 AS one")

        async def one(tx: AsyncManagedTransaction) -> None:
            await (await tx.run("RETURN 1")).consume()

        with pytest.raises(BadInputError, match="bookmark"):
            await view.read_tx(one)

        async def create(tx: AsyncManagedTransaction) -> None:
            await _create_probe(tx, key)

        with pytest.raises(BadInputError, match="bookmark"):
            await view.write(create)
        rows = await db.read("MATCH (p:AccessProbe {key: $key}) RETURN count(p) AS n", {"key": key})
        assert rows == [{"n": 0}]


@pytest.mark.asyncio
async def test_write_in_transactions_runs_a_batched_auto_commit_write(
    settings: Settings,
) -> None:
    key = uuid.uuid4().hex
    async with Database.open(settings, role="cli") as db:
        await db.write_in_transactions(
            "UNWIND range(1, 5) AS i CALL (i) { CREATE (:AccessProbe {key: $key, i: i}) } "
            "IN TRANSACTIONS OF 2 ROWS",
            {"key": key},
        )
        assert db.bookmarks
        rows = await db.after(db.bookmarks).read(
            "MATCH (p:AccessProbe {key: $key}) RETURN count(p) AS n", {"key": key}
        )
        assert rows == [{"n": 5}]
        await db.write_in_transactions(
            "MATCH (p:AccessProbe {key: $key}) CALL (p) { DELETE p } IN TRANSACTIONS",
            {"key": key},
        )
        rows = await db.read("MATCH (p:AccessProbe {key: $key}) RETURN count(p) AS n", {"key": key})
        assert rows == [{"n": 0}]


# --- by construction: the one path ----------------------------------------------------------

#: The driver's entry points and its synchronous API: only core/db/ may name them.
DRIVER_NAMES = {
    "GraphDatabase",
    "AsyncGraphDatabase",
    "Driver",
    "Session",
    "AsyncSession",
    "ManagedTransaction",
}
CHECKED = ("core", "ingest", "api", "cli", "bench", "tests")


def _offences(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "neo4j":
            names = {a.name for a in node.names} & DRIVER_NAMES
            found += [f"{path}:{node.lineno} imports neo4j.{n}" for n in sorted(names)]
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in DRIVER_NAMES
            and isinstance(node.value, ast.Name)
            and node.value.id == "neo4j"
        ):
            found.append(f"{path}:{node.lineno} uses neo4j.{node.attr}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "session"
        ):
            found.append(f"{path}:{node.lineno} opens a session")
    return sorted(found, key=lambda o: int(o.rsplit(":", 1)[1].split()[0]))


def test_no_module_outside_core_db_opens_a_session_or_a_driver() -> None:
    """Every read and write goes through ``Database``, which decides the access mode: no
    other module opens a session, creates a driver or uses the synchronous API."""
    files = [p for layer in CHECKED for p in sorted((REPO_ROOT / layer).rglob("*.py"))]
    assert len(files) > 100
    core_db = REPO_ROOT / "core" / "db"
    offences = [o for p in files if core_db not in p.parents for o in _offences(p)]
    assert offences == []


def test_the_structural_check_sees_what_it_forbids(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import neo4j\nfrom neo4j import GraphDatabase, Query\n"
        "def f(d: neo4j.Driver) -> None:\n    d.session(database='x')\n"
    )
    assert [o.split(":", 1)[1] for o in _offences(probe)] == [
        "2 imports neo4j.GraphDatabase",
        "3 uses neo4j.Driver",
        "4 opens a session",
    ]
