"""Global object identification (docs/api.md, "Global ids"): the ``Node`` interface that
every type with an identity implements, so that ``node(id:)`` refetches any of them and
clients (Relay, Apollo) normalise their caches by ``id``."""

from __future__ import annotations

import strawberry
from strawberry import ID

from entanglements.core.vocab import NodeKind, global_id

ID_DESCRIPTION = (
    "Global id, unique across every type: an entity's id as it is (`xjtlu`), "
    "`<kind>:<key>` for every other type (`source:aspi-xjtlu-2025`); `node(id:)` takes it."
)


@strawberry.interface(description="An object with a global id that `node(id:)` fetches again.")
class Node:
    id: ID = strawberry.field(description=ID_DESCRIPTION)


def node_id(kind: NodeKind, key: str) -> ID:
    return ID(global_id(kind, key))
