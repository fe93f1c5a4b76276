"""The API's read path: one auto-commit read, retried only where the driver's managed
transactions would have retried (core/db/async_reader.py)."""

from __future__ import annotations

import pytest
from neo4j import exceptions as neo4j_errors

from entanglements.core.db.async_reader import Database, _retryable
from entanglements.core.db.driver import async_driver
from entanglements.core.errors import EntangleError, QueryTimeoutError
from entanglements.core.settings import Settings


def test_retryable_failures() -> None:
    assert _retryable(neo4j_errors.ServiceUnavailable("gone"))
    assert _retryable(neo4j_errors.SessionExpired("expired"))
    assert not _retryable(neo4j_errors.ConfigurationError("bad"))
    assert not _retryable(ValueError("ours"))


@pytest.mark.asyncio
async def test_one_read_returns_rows_and_counts_one_round_trip(settings: Settings) -> None:
    driver = async_driver(settings)
    try:
        db = Database(driver, settings)
        rows = await db.read("UNWIND range(1, $n) AS i RETURN i, {twice: 2 * i} AS m", {"n": 3})
        assert rows == [{"i": i, "m": {"twice": 2 * i}} for i in (1, 2, 3)]
        assert db.round_trips == 1
    finally:
        await driver.close()


@pytest.mark.asyncio
async def test_a_rejected_query_is_not_retried(settings: Settings) -> None:
    driver = async_driver(settings)
    try:
        db = Database(driver, settings)
        with pytest.raises(EntangleError) as raised:
            await db.read("RETURN nonsense(")
        assert not isinstance(raised.value, QueryTimeoutError)
        assert "rejected" in str(raised.value)
    finally:
        await driver.close()
