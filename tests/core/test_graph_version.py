"""The graph version (core/db/version.py): every write transaction through ``Database``
bumps it in the same transaction, a schema change does not, a failed write leaves it as
it was, and the version keys the ownership derivations an instance keeps."""

from __future__ import annotations

import pytest
from neo4j import AsyncManagedTransaction

from entanglements.core.db import version
from entanglements.core.db.database import Database
from entanglements.core.errors import BadInputError


async def _noop(tx: AsyncManagedTransaction) -> None:
    await (await tx.run("RETURN 1")).consume()


@pytest.mark.asyncio
async def test_every_write_bumps_the_version_and_nothing_else_does(database: Database) -> None:
    before = await version.current(database)
    await database.write(_noop)  # any write transaction, even one that changed nothing
    after = await version.current(database)
    assert after.epoch is not None and after.n == before.n + 1
    if before.epoch is not None:
        assert after.epoch == before.epoch

    # (the suite runs one test at a time: nothing else writes meanwhile)
    await database.read("MATCH (n:Entity) RETURN count(n) AS n")
    await database.write(_noop, schema=True)  # a schema change changes no data
    assert await version.current(database) == after

    async def refused(tx: AsyncManagedTransaction) -> None:
        await _noop(tx)
        raise BadInputError("refused")

    with pytest.raises(BadInputError):
        await database.write(refused)
    assert await version.current(database) == after  # rolled back, its bump with it


def test_the_version_of_a_row() -> None:
    assert version.GraphVersion.of({"epoch": None, "n": None}) == version.GraphVersion(None, 0)
    assert version.GraphVersion.of({"epoch": "e", "n": 3}) == version.GraphVersion("e", 3)
