"""A small pool of worker processes for CPU-bound work (the matcher) that the caller can
really stop.

The matcher is pure Python: on the event loop it stalls every other request, and in a
thread it still holds the GIL and cannot be interrupted (a thread cannot be killed).
:class:`WorkerPool` runs each call in one of ``size`` long-lived processes, forked from the
server once it has warmed the matcher up (rigour's taggers: about 11 s of CPU), so every
worker, and every replacement, starts warm. A worker runs only the matcher: it never touches
the server's driver or event loop, ignores ^C (the server stops it) and ends when the server
process is gone. At most ``size`` calls run at once; more wait for a free worker. When the
awaiting task is cancelled (the request timeout, a client gone), the worker running its call
is killed and a fresh one forked in its place, so an abandoned call costs no more CPU.

Functions and arguments cross a pipe: they must be picklable (module-level functions,
dataclasses, plain data).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar, cast

T = TypeVar("T")

#: Workers are forks of the (warmed-up) server process: ready at once, also as replacements.
_FORK = multiprocessing.get_context("fork")
#: How much lower the workers' scheduling priority is than the server's (Unix ``nice``).
WORKER_NICENESS = 10
#: Seconds a worker gets to exit after it is asked to before it is killed.
_JOIN_S = 2.0
#: Seconds between a waiting worker's checks that the server process still lives.
_ORPHAN_CHECK_S = 1.0


def _serve(conn: Connection, parent: int) -> None:
    """The worker's loop: run each (function, args) received, send back its outcome; end on
    None, on a closed pipe, or when the server process is gone."""
    # The server's handlers belong to its event loop, which never runs here: ^C is the
    # server's to handle (it stops us), SIGTERM ends us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.set_wakeup_fd(-1)
    # Below the server's priority: while the workers use every core, the event loop (health
    # checks, cheap queries) still gets the CPU when it needs it.
    os.nice(WORKER_NICENESS)
    while True:
        try:
            while not conn.poll(_ORPHAN_CHECK_S):
                if os.getppid() != parent:
                    return
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        fn, args = message
        try:
            conn.send(("ok", fn(*args)))
        except Exception as exc:  # handed to the caller, who re-raises it
            conn.send(("error", exc))


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class _Worker:
    """One forked process and the server's end of its pipe."""

    def __init__(self) -> None:
        self.conn, child = _FORK.Pipe()
        self.process = _FORK.Process(
            target=_serve, args=(child, os.getpid()), daemon=True, name="entangle-matcher"
        )
        self.process.start()
        child.close()

    async def receive(self) -> tuple[str, Any]:
        """The next message, awaited without blocking the loop (the pipe's fd is watched)."""
        loop = asyncio.get_running_loop()
        while not self.conn.poll():
            readable: asyncio.Future[None] = loop.create_future()
            fd = self.conn.fileno()
            loop.add_reader(fd, _wake, readable)
            try:
                await readable
            finally:
                loop.remove_reader(fd)
                # uvloop leaves a watched fd non-blocking: a message larger than the pipe's
                # buffer would then fail half-read (EAGAIN). recv and send block, briefly.
                os.set_blocking(fd, True)
        try:
            return cast(tuple[str, Any], self.conn.recv())
        except EOFError:
            raise RuntimeError("a worker process died") from None

    async def call(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, Any]:
        """("ok", result) or ("error", the exception ``fn`` raised)."""
        self.conn.send((fn, args))
        return await self.receive()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(_JOIN_S)
        self.conn.close()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(_JOIN_S)
        if self.process.is_alive():
            self.process.kill()
        self.conn.close()


class WorkerPool:
    """``size`` worker processes; ``await pool.run(fn, *args)`` runs ``fn(*args)`` in one.

    The processes belong to the pool, the waiting to the event loop that awaits: several
    apps in one process (tests) can share a pool, each from its own loop.
    """

    def __init__(self, size: int, warm_up: Callable[[], None] | None = None) -> None:
        if warm_up is not None:
            warm_up()  # once, here: every worker forked from now on starts warm
        self.size = size
        self.idle = [_Worker() for _ in range(size)]
        self._gates: dict[asyncio.AbstractEventLoop, asyncio.Semaphore] = {}

    def _gate(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        gate = self._gates.get(loop)
        if gate is None:
            self._gates = {k: v for k, v in self._gates.items() if not k.is_closed()}
            gate = self._gates[loop] = asyncio.Semaphore(self.size)
        return gate

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        async with self._gate():
            while not self.idle:  # another event loop holds them all (tests only)
                await asyncio.sleep(0.01)
            worker = self.idle.pop()
            try:
                status, value = await worker.call(fn, args)
            except BaseException:
                # Cancelled mid-call (or the worker died): stop it, start a fresh one.
                worker.kill()
                worker = _Worker()
                raise
            finally:
                self.idle.append(worker)
        if status == "error":
            raise value
        return cast(T, value)

    def close(self) -> None:
        for worker in self.idle:
            worker.close()
        self.idle = []


_shared: dict[tuple[int, Callable[[], None] | None], WorkerPool] = {}


def shared_pool(size: int, warm_up: Callable[[], None] | None = None) -> WorkerPool:
    """The process's pool of this size (one per process, like its driver), started on first
    use and stopped when the process exits."""
    key = (size, warm_up)
    pool = _shared.get(key)
    if pool is None:
        pool = _shared[key] = WorkerPool(size, warm_up)
        if len(_shared) == 1:
            atexit.register(_close_all)
    return pool


def _close_all() -> None:
    for pool in _shared.values():
        pool.close()
    _shared.clear()
