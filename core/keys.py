"""API keys: creation, hashing, storage, lookup and revocation (shared by CLI and API).

A key is ``ent_`` + 32 random bytes (``secrets.token_urlsafe``). It is shown once, when
created; the graph keeps only its SHA-256 (``ApiKey.hash``), so a leaked database does not
leak usable keys. Because keys have 256 bits of entropy a fast hash is enough (no
password-stretching needed): nobody can guess a preimage.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString, get_args

from entanglements.core.db.database import Database
from entanglements.core.errors import BadInputError, NotFoundError
from entanglements.core.settings import Role

ROLES: tuple[Role, ...] = get_args(Role)
KEY_PREFIX = "ent_"
MAX_NAME = 200

_CREATE: LiteralString = (
    "CREATE (k:ApiKey {id: $id, name: $name, role: $role, hash: $hash, "
    "created_at: datetime(), revoked_at: null}) "
    "RETURN k {.id, .name, .role, .created_at, .revoked_at} AS k"
)
_LIST: LiteralString = (
    "MATCH (k:ApiKey) RETURN k {.id, .name, .role, .created_at, .revoked_at} AS k "
    "ORDER BY k.created_at, k.id"
)
_REVOKE: LiteralString = (
    "MATCH (k:ApiKey {id: $id}) SET k.revoked_at = coalesce(k.revoked_at, datetime()) "
    "RETURN k {.id, .name, .role, .created_at, .revoked_at} AS k"
)
_LOOKUP: LiteralString = (
    "MATCH (k:ApiKey {hash: $hash}) WHERE k.revoked_at IS NULL "
    "RETURN k {.id, .name, .role, .hash} AS k"
)


@dataclass(frozen=True, slots=True)
class ApiKey:
    """What is stored about a key: never the key itself."""

    id: str
    name: str
    role: Role
    created_at: datetime | None = None
    revoked_at: datetime | None = None

    @classmethod
    def of(cls, row: dict[str, Any]) -> ApiKey:
        return cls(
            id=row["id"],
            name=row["name"],
            role=row["role"],
            created_at=_native(row.get("created_at")),
            revoked_at=_native(row.get("revoked_at")),
        )


def _native(value: Any) -> datetime | None:
    """Neo4j's DateTime as a Python datetime (it never leaves this module raw)."""
    return value.to_native() if value is not None else None


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def check_role(role: str) -> Role:
    if role not in ROLES:
        raise BadInputError(f"unknown role {role[:20]!r}: expected one of {', '.join(ROLES)}")
    return role


async def create_key(db: Database, *, name: str, role: str) -> tuple[ApiKey, str]:
    """Store a new key for ``role``; return it with the secret, which is never stored."""
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise BadInputError(f"key name must be 1 to {MAX_NAME} characters")
    secret = new_key()
    params = {
        "id": "key_" + secrets.token_hex(6),
        "name": name,
        "role": check_role(role),
        "hash": hash_key(secret),
    }
    rows = await db.write_query(_CREATE, params)
    return ApiKey.of(rows[0]["k"]), secret


async def list_keys(db: Database) -> list[ApiKey]:
    return [ApiKey.of(r["k"]) for r in await db.read(_LIST)]


async def revoke_key(db: Database, key_id: str) -> ApiKey:
    """Mark a key revoked (idempotent: revoking twice keeps the first revocation time)."""
    rows = await db.write_query(_REVOKE, {"id": key_id})
    if not rows:
        raise NotFoundError(f"no API key with id {key_id!r}")
    return ApiKey.of(rows[0]["k"])


async def lookup(db: Database, key: str) -> ApiKey | None:
    """The active key ``key`` stands for, or None (unknown or revoked)."""
    digest = hash_key(key)
    rows = await db.read(_LOOKUP, {"hash": digest})
    if not rows:
        return None
    row = rows[0]["k"]
    # The index lookup already matched, but compare in constant time anyway so no code
    # path ever branches on a partial match of secret-derived bytes.
    if not hmac.compare_digest(row["hash"], digest):
        return None
    return ApiKey.of(row)
