"""Opaque Relay cursors: a page's last key behind a prefix that says what it pages through,
so a cursor of one connection is refused by another instead of paging from a wrong key."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from entanglements.core.errors import BadInputError


@dataclass(frozen=True, slots=True)
class Cursors:
    prefix: str  # e.g. "rel:"; a cursor is urlsafe base64 of prefix + key

    def encode(self, key: str) -> str:
        return base64.urlsafe_b64encode((self.prefix + key).encode()).decode()

    def decode(self, cursor: str) -> str:
        """The key a cursor stands for; BAD_USER_INPUT for anything we did not issue."""
        try:
            text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode()
        except (binascii.Error, UnicodeError, ValueError):
            text = ""
        if not text.startswith(self.prefix) or len(text) == len(self.prefix):
            raise BadInputError(f"after: invalid cursor {cursor[:40]!r}")
        return text[len(self.prefix) :]


@dataclass(frozen=True, slots=True)
class OffsetCursors:
    """Cursors that stand for a position in a ranked answer (search hits, exposures): the
    answer is recomputed for offset + first items, so a page follows the previous one
    exactly while the data does not change."""

    cursors: Cursors

    def __init__(self, prefix: str) -> None:
        object.__setattr__(self, "cursors", Cursors(prefix))

    def at(self, position: int) -> str:
        return self.cursors.encode(str(position))

    def offset(self, after: str | None) -> int:
        """How many items come before the page that follows ``after``."""
        if after is None:
            return 0
        key = self.cursors.decode(after)
        if not key.isdigit() or int(key) > MAX_OFFSET:
            raise BadInputError(f"after: invalid cursor {after[:40]!r}")
        return int(key) + 1


#: The deepest position a cursor may point at: offset + first bounds a recomputed answer.
MAX_OFFSET = 10_000
