"""Throughput: requests/s that 16 concurrent clients get from the API for 20 s.

Each client is one keep-alive connection sending its next request as soon as the last one
is answered (a closed loop), which is how a pool of investigators' tools behaves. Only
requests answered without GraphQL errors count.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.httpclient import GraphQLConnection, HttpError
from bench.stats import summary_ms

SMALL_QUERY = """
query Small($id: ID!) {
  entity(id: $id) { id name listings { id program listedDate delistedDate list { id name } } }
}
"""
EXPOSURE3_QUERY = """
query Exposure3($id: ID!) {
  sanctionsExposure(entityId: $id, maxHops: 3, first: 50) {
    totalCount
    exposures { distance entity { id name } listings { id program } paths { length } }
  }
}
"""


@dataclass
class Load:
    ok: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    first_error: str | None = None
    seconds: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "rps": round(self.ok / self.seconds, 1) if self.seconds else 0.0,
            "ok": self.ok,
            "errors": self.errors,
            "seconds": round(self.seconds, 2),
            "latency": summary_ms(self.latencies) if self.latencies else None,
            "first_error": self.first_error,
        }


async def _client(
    conn: GraphQLConnection,
    query: str,
    ids: Sequence[str],
    rng: random.Random,
    deadline: float,
    load: Load,
) -> None:
    while time.perf_counter() < deadline:
        began = time.perf_counter()
        try:
            status, body = await conn.post(query, {"id": rng.choice(ids)})
            errors = json.loads(body).get("errors") if status == 200 else [{"message": status}]
        except (HttpError, OSError) as exc:
            await conn.close()
            errors = [{"message": f"{type(exc).__name__}: {exc}"}]
        if errors:
            load.errors += 1
            load.first_error = load.first_error or str(errors[0].get("message"))[:200]
        else:
            load.ok += 1
            load.latencies.append(time.perf_counter() - began)


async def run_load(
    host: str,
    port: int,
    query: str,
    ids: Sequence[str],
    clients: int,
    seconds: float,
    seed: int,
) -> Load:
    """``clients`` closed-loop clients for ``seconds``; requests/s over the window."""
    conns = [GraphQLConnection(host, port) for _ in range(clients)]
    load = Load()
    began = time.perf_counter()
    deadline = began + seconds
    try:
        await asyncio.gather(
            *(
                _client(conn, query, ids, random.Random(seed * 1000 + i), deadline, load)
                for i, conn in enumerate(conns)
            )
        )
    finally:
        load.seconds = time.perf_counter() - began
        for conn in conns:
            await conn.close()
    return load
