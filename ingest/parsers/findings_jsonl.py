"""Findings as JSON Lines: one ``{"record": ..., ...}`` object per line."""

from __future__ import annotations

import json
from collections.abc import Iterator

from entanglements.ingest.inputs import Input, decoded_lines, open_binary
from entanglements.ingest.parsers.base import Item, item


def parse_findings_jsonl(source: Input) -> Iterator[Item]:
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
                data = json.loads(text)
            except ValueError as exc:
                yield Item(location, text.rstrip("\r\n"), error=f"malformed JSON: {exc}")
                continue
            yield item(location, data)
    if not seen:
        yield Item(f"{source.label}:1", None, error="empty file: no records")
