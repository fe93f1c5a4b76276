"""Id arguments: each takes a global id of its kind (``list:us-ofac-sdn``) or the bare key
(``us-ofac-sdn``, as the CLI and files spell it); resolvers pass the key on to core."""

from __future__ import annotations

from collections.abc import Sequence

from strawberry import ID

from entanglements.core.vocab import NodeKind, key_of


def key(kind: NodeKind, value: ID | str) -> str:
    return key_of(kind, str(value))


def keys(kind: NodeKind, values: Sequence[str] | None) -> list[str] | None:
    return [key_of(kind, str(v)) for v in values] if values is not None else None
