"""Validated rows wait on disk between the two passes, one file per write group.

Pass 1 parses and validates each record once and spools its row; pass 2 streams the rows
back in write order (sources, lists, entities, relationships per type, listings), so no
input is parsed twice, input order does not matter, and memory holds one batch at a time.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from entanglements.core.vocab import RelType
from entanglements.ingest.write_rows import Row

#: Rows per pickled chunk: small enough to bound memory per group, big enough to be fast.
CHUNK = 1_000

WRITE_ORDER: tuple[str, ...] = (
    "source",
    "list",
    "entity",
    *(f"relationship:{t.neo4j_type}" for t in RelType),
    "listing",
)


class Spool:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: dict[str, IO[bytes]] = {}
        self.buffers: dict[str, list[tuple[int, Row]]] = {}
        self.counts: dict[str, int] = dict.fromkeys(WRITE_ORDER, 0)

    def add(self, group: str, seq: int, row: Row) -> None:
        buffer = self.buffers.setdefault(group, [])
        buffer.append((seq, row))
        self.counts[group] += 1
        if len(buffer) >= CHUNK:
            self._flush(group)

    def _flush(self, group: str) -> None:
        if group not in self.files:
            name = group.replace(":", "-").lower()
            self.files[group] = (self.folder / f"{name}.spool").open("w+b")
        pickle.dump(self.buffers.pop(group, []), self.files[group], pickle.HIGHEST_PROTOCOL)

    def close(self) -> None:
        """End of pass 1: flush what is buffered."""
        for group in list(self.buffers):
            self._flush(group)

    def total(self) -> int:
        return sum(self.counts.values())

    def batches(self, group: str, size: int, skip: set[int]) -> Iterator[list[Row]]:
        """Rows of a group in input order, ``skip`` sequence numbers left out."""
        handle = self.files.get(group)
        if handle is None:
            return
        handle.seek(0)
        batch: list[Row] = []
        while True:
            try:
                chunk: list[tuple[int, Any]] = pickle.load(handle)  # noqa: S301 - our own file
            except EOFError:
                break
            for seq, row in chunk:
                if seq in skip:
                    continue
                batch.append(row)
                if len(batch) >= size:
                    yield batch
                    batch = []
        if batch:
            yield batch

    def discard(self) -> None:
        for handle in self.files.values():
            handle.close()
        self.files.clear()
