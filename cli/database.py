"""Each command's one event loop and one ``Database``: ``with_database`` runs
``asyncio.run`` once, at the top of the command, and opens the database once inside it
(the CLI's retry time, ``ENTANGLE_RETRY_TIME``); everything the command reads or writes
goes through that one ``Database``."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from entanglements.core.db.database import Database
from entanglements.core.settings import Settings, get_settings

T = TypeVar("T")


def with_database(work: Callable[[Database], Awaitable[T]], settings: Settings | None = None) -> T:
    """Run ``work`` with the command's database and return what it returns."""
    chosen = settings or get_settings()

    async def main() -> T:
        async with Database.open(chosen, role="cli") as db:
            return await work(db)

    return asyncio.run(main())


def with_bookmarks(
    work: Callable[[Database], Awaitable[T]], settings: Settings | None = None
) -> tuple[T, list[str]]:
    """``with_database``, and the bookmarks after the command's last write (what a writing
    command's ``--json`` prints, for a client to send on to the API: docs/api.md)."""
    chosen = settings or get_settings()

    async def main() -> tuple[T, list[str]]:
        async with Database.open(chosen, role="cli") as db:
            result = await work(db)
            return result, db.bookmarks

    return asyncio.run(main())
