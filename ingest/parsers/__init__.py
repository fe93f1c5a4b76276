"""Parsers: each turns one input into a stream of ``Item``s (a record or a located error)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from entanglements.ingest.inputs import CSL, FINDINGS_CSV, FINDINGS_JSONL, FINDINGS_YAML, FTM, Input
from entanglements.ingest.official_inputs import (
    BIS_DPL,
    EU_FSF,
    OFAC_CSV,
    OFAC_CSV_PART,
    OFAC_XML,
    UK_HMT,
    UN_SC,
)
from entanglements.ingest.parsers.base import Item
from entanglements.ingest.parsers.csl import parse_csl
from entanglements.ingest.parsers.findings_csv import parse_findings_csv
from entanglements.ingest.parsers.findings_jsonl import parse_findings_jsonl
from entanglements.ingest.parsers.findings_yaml import parse_findings_yaml
from entanglements.ingest.parsers.ftm import parse_ftm
from entanglements.ingest.parsers.lists.bis_dpl import parse_bis_dpl
from entanglements.ingest.parsers.lists.eu_fsf import parse_eu_fsf
from entanglements.ingest.parsers.lists.ofac_csv import parse_ofac_csv
from entanglements.ingest.parsers.lists.ofac_xml import parse_ofac_xml
from entanglements.ingest.parsers.lists.uk_hmt import parse_uk_hmt
from entanglements.ingest.parsers.lists.un_sc import parse_un_sc

PARSERS: dict[str, Callable[[Input], Iterator[Item]]] = {
    FINDINGS_JSONL: parse_findings_jsonl,
    FINDINGS_CSV: parse_findings_csv,
    FINDINGS_YAML: parse_findings_yaml,
    FTM: parse_ftm,
    CSL: parse_csl,
    UN_SC: parse_un_sc,
    OFAC_XML: parse_ofac_xml,
    OFAC_CSV: parse_ofac_csv,
    EU_FSF: parse_eu_fsf,
    UK_HMT: parse_uk_hmt,
    BIS_DPL: parse_bis_dpl,
    OFAC_CSV_PART: lambda _: iter(()),  # read by its primary file's parser
}


def parse(source: Input) -> Iterator[Item]:
    return PARSERS[source.fmt](source)


__all__ = ["Item", "parse"]
