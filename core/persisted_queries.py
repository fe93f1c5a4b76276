"""Automatic persisted queries (Apollo's protocol; docs/api.md): GraphQL documents stored by
their SHA-256 in Neo4j, so every server instance knows a hash any of them was given.

A client first sends the hash alone; an unknown hash answers ``PERSISTED_QUERY_NOT_FOUND``
and the client sends hash and document, which are checked, stored and answered. The store
is capped (``ENTANGLE_PERSISTED_QUERIES``): registering past the cap drops the least
recently registered documents. Each process keeps the documents it has seen in a bounded
LRU, so a hit costs no round trip.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import LiteralString

from entanglements.core.db.database import Database

#: Documents each process keeps in memory.
LOCAL_SIZE = 1_024

_GET: LiteralString = "MATCH (p:PersistedQuery {hash: $hash}) RETURN p.query AS query"
_PUT: LiteralString = (
    "MERGE (p:PersistedQuery {hash: $hash}) "
    "ON CREATE SET p.query = $query, p.stored_at = datetime() "
    "WITH count(*) AS _ "
    "MATCH (x:PersistedQuery) WITH count(x) AS n WHERE n > $cap "  # over the cap only
    "MATCH (old:PersistedQuery) WITH n, old ORDER BY old.stored_at, old.hash "
    "WITH n, collect(old) AS olds "
    "FOREACH (o IN olds[0..n - $cap] | DETACH DELETE o)"
)


def sha256(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


class PersistedQueries:
    def __init__(self, db: Database, cap: int) -> None:
        self.db = db
        self.cap = cap
        self._local: OrderedDict[str, str] = OrderedDict()

    async def get(self, digest: str) -> str | None:
        query = self._local.get(digest)
        if query is None:
            rows = await self.db.read(_GET, {"hash": digest})
            query = rows[0]["query"] if rows else None
        if query is not None:
            self._remember(digest, query)
        return query

    async def put(self, digest: str, query: str) -> None:
        """Store a document the caller checked (its hash matches, it parses)."""
        if digest in self._local:
            return
        await self.db.write_query(_PUT, {"hash": digest, "query": query, "cap": self.cap})
        self._remember(digest, query)

    def _remember(self, digest: str, query: str) -> None:
        self._local[digest] = query
        self._local.move_to_end(digest)
        while len(self._local) > LOCAL_SIZE:
            self._local.popitem(last=False)
