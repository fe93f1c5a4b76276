"""Global object identification (docs/api.md, "Global ids"): the ``Node`` interface that
every type with an identity implements, so that ``node(id:)`` refetches any of them and
clients (Relay, Apollo) normalise their caches by ``id``."""

from __future__ import annotations

import hashlib
import json

import strawberry
from strawberry import ID

from entanglements.core.vocab import RESULT_KINDS, NodeKind, global_id

ID_DESCRIPTION = (
    "Global id, unique across every type: an entity's id as it is (`xjtlu`), "
    "`<kind>:<key>` for every other type (`source:aspi-xjtlu-2025`); `node(id:)` takes it."
)


@strawberry.interface(description="An object with a global id that `node(id:)` fetches again.")
class Node:
    id: ID = strawberry.field(description=ID_DESCRIPTION)


def node_id(kind: NodeKind, key: str) -> ID:
    return ID(global_id(kind, key))


def result_id(kind: str, *parts: object) -> ID:
    """The id of a computed result (RESULT_KINDS): the same inputs give the same id, so a
    client's cache updates the result in place; ``node(id:)`` does not serve these."""
    assert kind in RESULT_KINDS, kind
    text = json.dumps([p if isinstance(p, str | int | bool | None) else str(p) for p in parts])
    return ID(f"{kind}:{hashlib.sha256(text.encode()).hexdigest()[:24]}")


RESULT_ID = (
    "Stable id of this computed result: the same arguments give the same id (a client's "
    "cache updates it in place); unique across every type."
)
