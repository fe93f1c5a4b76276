"""Findings as JSON Lines: one ``{"record": ..., ...}`` object per line."""

from __future__ import annotations

from collections.abc import Iterator

from entanglements.ingest.inputs import Input
from entanglements.ingest.parsers.base import Item, item
from entanglements.ingest.parsers.json_lines import json_lines


def parse_findings_jsonl(source: Input) -> Iterator[Item]:
    for entry in json_lines(source):
        yield entry if isinstance(entry, Item) else item(*entry)
