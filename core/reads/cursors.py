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
