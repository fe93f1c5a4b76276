"""Fewer garbage collections while an ingest runs.

Pass 1 allocates a few dozen objects per record (the parsed JSON, the pydantic model, the
write row) and keeps the cross-record checker's state alive throughout; with CPython's
default thresholds the collector ran a full (oldest-generation) scan over that state
every few thousand records. Measured on 100,000 relationships (validation only): 14 full
collections finding 712 objects, 12.6 s of CPU; with the first threshold at 50,000, 3
collections and 10.5 s (docs/performance.md, round 3). Records form no reference cycles,
so collecting rarely frees the same memory, only later.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Allocations (net) between two youngest-generation collections during an ingest.
INGEST_GC_THRESHOLD = 50_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the collector's first threshold for the block; restore it after."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], INGEST_GC_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
