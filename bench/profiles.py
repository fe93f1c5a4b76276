"""The sizes the benchmark runs at, and the Neo4j memory each one gets.

``full`` and ``small`` are the scales of issue 7; ``tiny`` only exists to develop and check
the harness quickly (it is not a measurement anyone should quote).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str
    entities: int
    relationships: int
    heap: str
    pagecache: str
    #: What `neo4j-admin database import` may use off heap (it defaults to 90% of free memory,
    #: which would starve everything else on a shared machine).
    import_off_heap: str
    #: Each scale has its own ports, so a tiny run never collides with a small or full one.
    bolt_port: int = 7692
    http_port: int = 8692
    starts: int = 200
    #: Wall-clock cap of one maxHops level (both paths), so a pathological level cannot
    #: hold `make bench SCALE=small` past its 15 minutes; what it skips is reported.
    level_limit_s: float = 600.0
    throughput_s: float = 20.0
    clients: int = 16


PROFILES: dict[str, Profile] = {
    "tiny": Profile("tiny", 5_000, 25_000, "1g", "512m", "1g", 7694, 8694, 50, 60, 5),
    # 100 starts and 10 s of load per throughput figure (200 and 20 s at full): three runs
    # of every figure must fit in 15 minutes (200 starts took 3.5 minutes a run).
    "small": Profile(
        "small",
        100_000,
        500_000,
        "2g",
        "2g",
        "2g",
        7692,
        8692,
        starts=100,
        level_limit_s=120,
        throughput_s=10,
    ),
    # 2 cores / 24 GB: 6g heap + 6g page cache leave room for uvicorn, the clients and the OS.
    "full": Profile("full", 1_000_000, 5_000_000, "6g", "6g", "6g", 7693, 8693, level_limit_s=300),
}

#: maxHops values measured, as issue 7 lists them.
HOPS: tuple[int, ...] = (2, 3, 4, 6)
