"""API keys: only hashes stored, `entangle keys create/list/revoke` as a person runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from entanglements.core.errors import BadInputError, NotFoundError
from entanglements.core.keys import KEY_PREFIX, create_key, hash_key, list_keys, revoke_key
from entanglements.core.settings import Settings
from tests.db import SyncDb

ENTANGLE = str(Path(sys.executable).with_name("entangle"))


def entangle(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ENTANGLE, "keys", *args], env=dict(os.environ), capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip


def stored(db: SyncDb, settings: Settings, key_id: str) -> dict[str, object]:
    rows = db.rows("MATCH (k:ApiKey {id: $id}) RETURN properties(k) AS k", id=key_id)
    return dict(rows[0]["k"])


def test_only_the_hash_is_stored(db: SyncDb, settings: Settings, prefix: str) -> None:
    key, secret = db.run(create_key, name=f"{prefix}k", role="editor")
    assert secret.startswith(KEY_PREFIX) and len(secret) > 40
    props = stored(db, settings, key.id)
    assert props["hash"] == hash_key(secret) and len(str(props["hash"])) == 64
    assert secret not in {str(v) for v in props.values()}
    assert (
        props["role"] == "editor" and props["revoked_at"] is None if "revoked_at" in props else True
    )
    assert key.created_at is not None
    other = db.run(create_key, name=f"{prefix}k", role="editor")[1]
    assert other != secret


def test_revoke_is_idempotent(db: SyncDb, settings: Settings, prefix: str) -> None:
    key, _ = db.run(create_key, name=f"{prefix}k", role="reader")
    first = db.run(revoke_key, key.id)
    assert first.revoked_at is not None
    assert db.run(revoke_key, key.id).revoked_at == first.revoked_at
    assert any(k.id == key.id and k.revoked_at for k in db.run(list_keys))
    with pytest.raises(NotFoundError):
        db.run(revoke_key, f"{prefix}missing")


@pytest.mark.parametrize(
    ("name", "role"), [("x", "superuser"), ("", "reader"), ("x" * 201, "reader")]
)
def test_bad_input(db: SyncDb, settings: Settings, name: str, role: str) -> None:
    with pytest.raises(BadInputError):
        db.run(create_key, name=name, role=role)


def test_cli_create_list_revoke(db: SyncDb, settings: Settings, prefix: str) -> None:
    created = entangle("create", "--role", "reader", "--name", f"{prefix}cli")
    assert created.returncode == 0, created.stderr
    secret = created.stdout.strip()
    assert secret.startswith(KEY_PREFIX) and "\n" not in secret  # the key alone, once
    key_id = next(k.id for k in db.run(list_keys) if k.name == f"{prefix}cli")
    assert stored(db, settings, key_id)["hash"] == hash_key(secret)

    listed = entangle("list")
    assert listed.returncode == 0 and key_id in listed.stdout and secret not in listed.stdout

    revoked = entangle("revoke", key_id)
    assert revoked.returncode == 0 and key_id in revoked.stdout
    assert stored(db, settings, key_id)["revoked_at"] is not None


def test_cli_errors_are_one_line(prefix: str) -> None:
    bad_role = entangle("create", "--role", "root", "--name", f"{prefix}x")
    assert bad_role.returncode == 2 and "unknown role" in bad_role.stderr
    missing = entangle("revoke", f"{prefix}nope")
    assert missing.returncode == 2 and "no API key" in missing.stderr
    assert "Traceback" not in bad_role.stderr + missing.stderr
