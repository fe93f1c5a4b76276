"""Who is calling: ``Authorization: Bearer <key>`` or the anonymous role.

Decisions (docs/api.md): a request that cannot be authenticated is refused before any
GraphQL runs, with HTTP 401 and a GraphQL-shaped body (``extensions.code``
UNAUTHENTICATED) plus ``WWW-Authenticate: Bearer``. A presented key that is unknown or
revoked is always 401, even when anonymous access is allowed: a typo must not silently
downgrade a caller. Role checks on fields (``ingestFindings`` needs editor) happen during
execution and answer HTTP 200 with a FORBIDDEN error on that field.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Mapping

from starlette.requests import Request

from entanglements.core.db.database import Database
from entanglements.core.errors import UnauthenticatedError
from entanglements.core.keys import ApiKey, hash_key, lookup
from entanglements.core.settings import Role

CACHE_SIZE = 1_024


class KeyCache:
    """A small TTL cache of key lookups (hits and misses) so that a burst of requests
    with one key costs one database lookup; keyed by the SHA-256, never by the key.

    Keys live in Neo4j, shared by every instance; ``ttl_s`` (``ENTANGLE_KEY_CACHE``) bounds
    how long an instance may still accept a key revoked elsewhere. The bound is a setting
    rather than the graph version because a version read per request would cost as much as
    the lookup it saves."""

    def __init__(self, db: Database, ttl_s: float) -> None:
        self.db = db
        self.ttl_s = ttl_s
        self._entries: OrderedDict[str, tuple[float, ApiKey | None]] = OrderedDict()

    async def lookup(self, key: str) -> ApiKey | None:
        digest = hash_key(key)
        now = time.monotonic()
        entry = self._entries.get(digest)
        if entry is not None and entry[0] > now:
            return entry[1]
        found = await lookup(self.db, key)  # a database failure propagates, uncached
        self._entries[digest] = (now + self.ttl_s, found)
        self._entries.move_to_end(digest)
        while len(self._entries) > CACHE_SIZE:
            self._entries.popitem(last=False)
        return found

    def clear(self) -> None:
        self._entries.clear()


def is_ide_page(method: str, params: Mapping[str, object], headers: Mapping[str, str]) -> bool:
    """GraphiQL's HTML page: a browser's GET without an operation (a query, or a persisted
    query's hash in ``extensions``). It needs no key; every query it then sends does."""
    accept = headers.get("accept", "")
    operation = "query" in params or "extensions" in params
    return method == "GET" and "text/html" in accept and not operation


async def authenticate(request: Request, keys: KeyCache, anonymous: Role | None) -> Role | None:
    """The caller's role; raises UNAUTHENTICATED. None only for the GraphiQL page."""
    header = request.headers.get("authorization")
    if header is None and anonymous is None and is_ide_page(*_parts(request)):
        return None
    role, caller = await role_for(header, keys, anonymous)
    request.state.caller = caller  # who, for what the caller writes (judgements)
    return role


def _parts(request: Request) -> tuple[str, Mapping[str, object], Mapping[str, str]]:
    return request.method, request.query_params, request.headers


async def role_for(header: str | None, keys: KeyCache, anonymous: Role | None) -> tuple[Role, str]:
    """The role and name (``key:<name>`` or ``anonymous``) an Authorization value stands
    for: HTTP requests send it as a header, WebSocket clients in ``connection_init``."""
    if header is None:
        if anonymous is not None:
            return anonymous, "anonymous"
        raise UnauthenticatedError("an API key is required: send Authorization: Bearer <key>")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise UnauthenticatedError("malformed Authorization header: expected Bearer <key>")
    key = await keys.lookup(token)
    if key is None:
        raise UnauthenticatedError("unknown or revoked API key")
    return key.role, f"key:{key.name}"
