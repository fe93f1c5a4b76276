"""Reading a JSON-lines input: one JSON value per line, with the line it came from.

Shared by the findings JSON Lines and FollowTheMoney parsers: an undecodable, over-long or
malformed line becomes an error naming its line, blank lines are skipped, and a file with
no line at all is an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from entanglements.core.json_input import loads
from entanglements.ingest.inputs import Input, decoded_lines, open_binary
from entanglements.ingest.parsers.base import Item


def json_lines(source: Input) -> Iterator[tuple[str, Any] | Item]:
    """``(location, value)`` per non-blank line, or an ``Item`` with the line's error."""
    seen = False
    with open_binary(source.path) as stream:
        for number, text, error in decoded_lines(stream):
            location = f"{source.label}:{number}"
            if error is not None:
                seen = True
                yield Item(location, None, error=error)
                continue
            if not text.strip():
                continue
            seen = True
            try:
                yield location, loads(text)
            except ValueError as exc:
                yield Item(location, text.rstrip("\r\n"), error=f"malformed JSON: {exc}")
    if not seen:
        yield Item(f"{source.label}:1", None, error="empty file: no records")
