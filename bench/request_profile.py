"""What one GraphQL request costs inside the API process, without the network or a client.

The app is called as an ASGI application in this process (the same ``create_app`` that
``entangle serve`` runs, its lifespan included), ``--requests`` times in a row, with the
small query of the throughput figure or the 3-hop exposure report of the latency figure,
on seeded-random entities of whatever graph ``NEO4J_URI`` points at. It prints the CPU
time per request of this process (the API's share: the client and Neo4j are elsewhere),
the wall time, the Python function calls per request (``--profile``: cProfile; load on
the machine changes times, not call counts), and optionally writes the profile::

    NEO4J_URI=bolt://127.0.0.1:7724 ... python -m bench.request_profile --query small \\
        --requests 2000 --profile --out /tmp/small.prof
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import random
import time
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from bench.latency import EXPOSURE_QUERY
from bench.throughput import SMALL_QUERY
from entanglements.api.app import create_app
from entanglements.cli.database import with_database
from entanglements.core.db.database import Database
from entanglements.core.settings import get_settings

Message = MutableMapping[str, Any]


def _variables(kind: str, entity_id: str) -> dict[str, Any]:
    if kind == "small":
        return {"id": entity_id}
    return {"id": entity_id, "hops": 3, "first": 50}


class Client:
    """Drives the ASGI app in-process: lifespan, then one POST /graphql at a time."""

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        self.app = app
        self._lifespan: asyncio.Task[None] | None = None
        self._to_app: asyncio.Queue[Message] = asyncio.Queue()
        self._from_app: asyncio.Queue[Message] = asyncio.Queue()

    async def start(self) -> None:
        scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
        self._lifespan = asyncio.create_task(self.app(scope, self._to_app.get, self._from_app.put))
        await self._to_app.put({"type": "lifespan.startup"})
        message = await self._from_app.get()
        if message["type"] != "lifespan.startup.complete":
            raise RuntimeError(f"app start-up failed: {message}")

    async def stop(self) -> None:
        await self._to_app.put({"type": "lifespan.shutdown"})
        await self._from_app.get()
        if self._lifespan is not None:
            await self._lifespan

    async def post(self, body: bytes) -> tuple[int, bytes]:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/graphql",
            "raw_path": b"/graphql",
            "query_string": b"",
            "root_path": "",
            "headers": [
                (b"host", b"127.0.0.1:8000"),
                (b"content-type", b"application/json"),
                (b"accept", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
            "client": ("127.0.0.1", 40000),
            "server": ("127.0.0.1", 8000),
        }
        sent = False
        status = 0
        chunks: list[bytes] = []

        async def receive() -> Message:
            nonlocal sent
            if sent:
                await asyncio.sleep(3600)
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, send)
        return status, b"".join(chunks)


async def run(kind: str, ids: list[str], requests: int, profile: cProfile.Profile | None) -> None:
    query = SMALL_QUERY if kind == "small" else EXPOSURE_QUERY
    client = Client(create_app(get_settings()))
    await client.start()
    rng = random.Random(1)
    bodies = [
        json.dumps({"query": query, "variables": _variables(kind, rng.choice(ids))}).encode()
        for _ in range(requests)
    ]
    try:
        for body in bodies[: min(200, requests)]:  # warm-up: plan cache, caches of the app
            await client.post(body)
        cpu, wall = time.process_time(), time.perf_counter()
        if profile is not None:
            profile.enable()
        for body in bodies:
            status, answer = await client.post(body)
            if status != 200 or b'"errors"' in answer:
                raise RuntimeError(f"{status}: {answer[:300]!r}")
        if profile is not None:
            profile.disable()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    finally:
        await client.stop()
    print(
        f"{kind}: {requests} requests, API process CPU {cpu / requests * 1e3:.3f} ms/request, "
        f"wall {wall / requests * 1e3:.3f} ms/request"
    )


async def _ids(db: Database) -> list[dict[str, Any]]:
    return await db.read("MATCH (e:Entity) RETURN e.id AS id LIMIT 20000")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--query", choices=("small", "exposure3"), default="small")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--profile", action="store_true", help="cProfile the measured requests")
    parser.add_argument("--out", type=Path, help="write the cProfile stats here")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    settings = get_settings()
    rows = with_database(_ids, settings)
    ids = [r["id"] for r in rows]
    profile = cProfile.Profile() if args.profile else None
    asyncio.run(run(args.query, ids, args.requests, profile))
    if profile is not None:
        stats = pstats.Stats(profile)
        print(f"function calls per request: {stats.total_calls / args.requests:,.0f}")  # type: ignore[attr-defined]
        stats.sort_stats("cumulative").print_stats(args.top)
        if args.out:
            stats.dump_stats(str(args.out))


if __name__ == "__main__":
    main()
