"""A small pool of worker processes for CPU-bound work (the matcher) that the caller can
really stop.

The matcher is pure Python: on the event loop it stalls every other request, and in a
thread it still holds the GIL and cannot be interrupted (a thread cannot be killed).
:class:`WorkerPool` runs each call in one of ``size`` long-lived processes, fresh
interpreters (a fork of a process holding a driver and an event loop is unsafe), each warmed
up once before its first call. At most ``size`` calls run at once; more wait for a free
worker. When the awaiting task is cancelled (the request timeout, a client gone), the worker
running its call is killed and a fresh one started in its place, so an abandoned call costs
no more CPU.

Functions and arguments cross a pipe: they must be picklable (module-level functions,
dataclasses, plain data).
"""

from __future__ import annotations

import asyncio
import atexit
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar, cast

T = TypeVar("T")

#: How much lower the workers' scheduling priority is than the server's (Unix ``nice``).
WORKER_NICENESS = 10
#: Seconds a worker gets to exit after its pipe closes before it is killed.
_JOIN_S = 2.0


def _serve(fd: int) -> None:
    """The worker's loop: run each (function, args) received, send back its outcome."""
    conn = Connection(fd)
    # Below the server's priority: while the workers use every core, the event loop (health
    # checks, cheap queries) still gets the CPU when it needs it.
    os.nice(WORKER_NICENESS)
    while True:
        try:
            fn, args = conn.recv()
        except (EOFError, OSError):  # the pool closed its end (or its process ended)
            return
        try:
            conn.send(("ok", fn(*args)))
        except Exception as exc:  # handed to the caller, who re-raises it
            conn.send(("error", exc))


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class _Worker:
    """One process started as ``python -m entanglements.core.workers FD``: a fresh
    interpreter (no copy of the server's driver, loop or threads, and unlike
    multiprocessing's spawn, no re-import of the parent's ``__main__``)."""

    def __init__(self, warm_up: Callable[[], None] | None) -> None:
        mine, theirs = socket.socketpair()
        self.process = subprocess.Popen(  # our own interpreter and module
            [sys.executable, "-m", "entanglements.core.workers", str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        self.conn = Connection(mine.detach())
        self.warming = warm_up is not None
        if warm_up is not None:
            self.conn.send((warm_up, ()))

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
        try:
            return cast(tuple[str, Any], self.conn.recv())
        except EOFError:
            raise RuntimeError("a worker process died") from None

    async def call(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, Any]:
        """("ok", result) or ("error", the exception ``fn`` raised)."""
        if self.warming:
            await self.receive()  # the warm-up's outcome
            self.warming = False
        self.conn.send((fn, args))
        return await self.receive()

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(_JOIN_S)
        self.conn.close()

    def close(self) -> None:
        self.conn.close()  # the worker reads EOF and exits
        try:
            self.process.wait(_JOIN_S)
        except subprocess.TimeoutExpired:
            self.kill()


class WorkerPool:
    """``size`` worker processes; ``await pool.run(fn, *args)`` runs ``fn(*args)`` in one.

    The processes belong to the pool, the waiting to the event loop that awaits: several
    apps in one process (tests) can share a pool, each from its own loop.
    """

    def __init__(self, size: int, warm_up: Callable[[], None] | None = None) -> None:
        self.size = size
        self.warm_up = warm_up
        self.idle = [_Worker(warm_up) for _ in range(size)]
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
            # A warm worker first: a replacement may still be warming up.
            warm = [w for w in self.idle if not w.warming or w.conn.poll()]
            worker = (warm or self.idle)[-1]
            self.idle.remove(worker)
            try:
                status, value = await worker.call(fn, args)
            except BaseException:
                # Cancelled mid-call (or the worker died): stop it, start a fresh one.
                worker.kill()
                worker = _Worker(self.warm_up)
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


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
