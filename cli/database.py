"""Each command's one event loop and one ``Database``: ``with_database`` runs
``asyncio.run`` once, at the top of the command, and opens the database once inside it
(the CLI's retry time, ``ENTANGLE_RETRY_TIME``); everything the command reads or writes
goes through that one ``Database``.

^C and SIGTERM cancel the command's task, so it stops at an ``await``: an exception raised
by a signal handler at an arbitrary instruction could cut a Bolt message in half and leave
the connection speaking garbage. The cancellation leaves as ``KeyboardInterrupt`` (exit
130), as before."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Awaitable, Callable
from typing import TypeVar

from entanglements.core.db.database import Database
from entanglements.core.settings import Settings, get_settings

T = TypeVar("T")


def with_database(work: Callable[[Database], Awaitable[T]], settings: Settings | None = None) -> T:
    """Run ``work`` with the command's database and return what it returns."""
    chosen = settings or get_settings()

    async def main() -> T:
        task = asyncio.current_task()
        if task is not None:
            # asyncio.run already turns ^C into a cancellation; SIGTERM does the same here
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
        async with Database.open(chosen, role="cli") as db:
            return await work(db)

    try:
        return asyncio.run(main())
    except asyncio.CancelledError:
        raise KeyboardInterrupt from None


def with_bookmarks(
    work: Callable[[Database], Awaitable[T]], settings: Settings | None = None
) -> tuple[T, list[str]]:
    """``with_database``, and the bookmarks after the command's last write (what a writing
    command's ``--json`` prints, for a client to send on to the API: docs/api.md)."""

    async def both(db: Database) -> tuple[T, list[str]]:
        result = await work(db)
        return result, db.bookmarks

    return with_database(both, settings)
