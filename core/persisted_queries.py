"""Automatic persisted queries (Apollo's protocol; docs/api.md): GraphQL documents stored by
their SHA-256 in Neo4j, so every server instance knows a hash any of them was given.

A client first sends the hash alone; an unknown hash answers ``PERSISTED_QUERY_NOT_FOUND``
and the client sends hash and document, which are checked, stored and answered. The store
is capped (``ENTANGLE_PERSISTED_QUERIES``): registering past the cap drops the least
recently registered documents. The API's document cache (api/documents.py), keyed by the
same hash, keeps the documents this process stored or read here, parsed and validated, so
a hit costs no round trip.
"""

from __future__ import annotations

import hashlib
from typing import LiteralString

from entanglements.core.db.database import Database

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

    async def get(self, digest: str) -> str | None:
        rows = await self.db.read(_GET, {"hash": digest})
        return rows[0]["query"] if rows else None

    async def put(self, digest: str, query: str) -> None:
        """Store a document the caller checked (its hash matches, it parses)."""
        await self.db.write_query(_PUT, {"hash": digest, "query": query, "cap": self.cap})
