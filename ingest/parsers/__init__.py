"""Parsers: each turns one input into a stream of ``Item``s (a record or a located error)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from entanglements.ingest.inputs import CSL, FINDINGS_CSV, FINDINGS_JSONL, FINDINGS_YAML, FTM, Input
from entanglements.ingest.parsers.base import Item
from entanglements.ingest.parsers.csl import parse_csl
from entanglements.ingest.parsers.findings_csv import parse_findings_csv
from entanglements.ingest.parsers.findings_jsonl import parse_findings_jsonl
from entanglements.ingest.parsers.findings_yaml import parse_findings_yaml
from entanglements.ingest.parsers.ftm import parse_ftm

PARSERS: dict[str, Callable[[Input], Iterator[Item]]] = {
    FINDINGS_JSONL: parse_findings_jsonl,
    FINDINGS_CSV: parse_findings_csv,
    FINDINGS_YAML: parse_findings_yaml,
    FTM: parse_ftm,
    CSL: parse_csl,
}


def parse(source: Input) -> Iterator[Item]:
    return PARSERS[source.fmt](source)


__all__ = ["Item", "parse"]
