"""Spreadsheets through FollowTheMoney mappings (``entangle ingest --mapping``,
docs/ingest.md): the mapping format FtM defines and Aleph uses, read and applied by the
``followthemoney`` package itself (``load_mapping_file``, ``Model.make_mapping``,
``EntityMapping.map``), extended by one key per query for the evidence:

    citation: {source: SOURCE_ID, quote_column: COLUMN, locator_column: COLUMN}

Each CSV row becomes FtM entities, which become records exactly as an FtM file's lines do
(``ingest.parsers.ftm.line_items``), every record citing the row: the source, the row's
quote and locator. Locations are ``file.csv:LINE (dataset.entity-key)``.

Decisions: ids are FtM's (``id_column`` as given, so a row can name an entity already in
the graph; ``keys`` hashed with the dataset name as prefix), never signed with a
namespace (that would change an ``id_column`` id). CSV files given on the command line are
read for every query instead of its ``csv_url``; a ``csv_url`` is a path relative to the
mapping file (URLs are refused: an ingest fetches nothing). SQL ``database`` queries are
refused.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from banal import keys_values
from followthemoney import model
from followthemoney.cli.util import load_mapping_file
from followthemoney.exc import FollowTheMoneyException
from followthemoney.mapping import QueryMapping
from followthemoney.mapping.csv import CSVSource
from followthemoney.util import sanitize_text

from entanglements.core.errors import BadInputError
from entanglements.ingest.inputs import LineError, open_binary, text_lines
from entanglements.ingest.parsers.base import Item
from entanglements.ingest.parsers.ftm import line_items

CITATION = "citation"
_CITATION_KEYS = {"source", "quote_column", "locator_column"}


@dataclass(frozen=True, slots=True)
class Citation:
    """A query's ``citation`` key."""

    source: str
    quote_column: str | None = None
    locator_column: str | None = None

    def of(self, row: dict[str, str]) -> dict[str, Any]:
        cite: dict[str, Any] = {"source": self.source}
        if self.quote_column and row.get(self.quote_column):
            cite["quote"] = row[self.quote_column]
        if self.locator_column and row.get(self.locator_column):
            cite["locator"] = row[self.locator_column]
        return cite

    @property
    def columns(self) -> set[str]:
        return {c for c in (self.quote_column, self.locator_column) if c}


@dataclass(frozen=True, slots=True)
class Query:
    """One query of the mapping: its name for locations, FtM's mapping, the evidence."""

    name: str  # dataset.queries[i]
    dataset: str
    mapping: QueryMapping
    citation: Citation
    csv_files: tuple[Path, ...]


@dataclass(frozen=True, slots=True)
class MappedInput:
    """One CSV file read through one query: what the pipeline ingests as an input."""

    label: str
    path: Path
    items: Iterator[Item]


class _RowCitation:
    """``ftm.Provenance`` for a mapped row: no sources of its own, the row's citation."""

    def __init__(self, cite: dict[str, Any]) -> None:
        self.cite = cite

    def records(self, entity: object) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        return [], [self.cite]


def _citation(data: Any, where: str) -> Citation:
    if not isinstance(data, dict):
        raise BadInputError(
            f"{where}: every query needs a '{CITATION}' with a 'source' (the evidence of its "
            "rows; docs/ingest.md)"
        )
    unknown = sorted(set(data) - _CITATION_KEYS)
    if unknown:
        raise BadInputError(f"{where}.{CITATION}: unknown key {unknown[0]!r}")
    values = {k: data.get(k) for k in _CITATION_KEYS}
    if not isinstance(values["source"], str) or not values["source"].strip():
        raise BadInputError(f"{where}.{CITATION}.source: a source id is required")
    for key in ("quote_column", "locator_column"):
        if values[key] is not None and not isinstance(values[key], str):
            raise BadInputError(f"{where}.{CITATION}.{key}: expected a column name")
    return Citation(values["source"].strip(), values["quote_column"], values["locator_column"])


def _csv_files(data: dict[str, Any], given: list[Path], folder: Path, where: str) -> list[Path]:
    if given:
        return given
    urls = [str(u) for u in keys_values(data, "csv_url", "csv_urls")]
    if not urls:
        raise BadInputError(f"{where}: no csv_url, and no CSV file given on the command line")
    files = []
    for url in urls:
        if "://" in url:
            raise BadInputError(f"{where}: csv_url {url[:80]!r}: only local files are read")
        files.append(folder / url)
    return files


def load_queries(mapping_path: Path, csv_files: list[Path]) -> list[Query]:
    """Every query of the mapping file, checked by FtM (BadInputError naming the query)."""
    if not mapping_path.is_file():
        raise BadInputError(f"{mapping_path}: no such mapping file")
    try:
        config = load_mapping_file(mapping_path)
    except Exception as exc:  # YAML errors, a missing include: one line either way
        raise BadInputError(f"{mapping_path}: cannot read the mapping: {exc}") from None
    if not isinstance(config, dict) or not config:
        raise BadInputError(f"{mapping_path}: expected datasets, each with 'queries'")
    queries = []
    for dataset, meta in config.items():
        entries = keys_values(meta, "queries", "query") if isinstance(meta, dict) else []
        if not entries:
            raise BadInputError(f"{mapping_path}: {dataset}: no queries")
        for i, data in enumerate(entries):
            where = f"{mapping_path}: {dataset}.queries[{i}]"
            queries.append(_query(dict(data), str(dataset), where, mapping_path, csv_files))
    return queries


def _query(
    data: dict[str, Any], dataset: str, where: str, mapping_path: Path, given: list[Path]
) -> Query:
    if "database" in data:
        raise BadInputError(f"{where}: SQL queries are not supported; export the table as CSV")
    citation = _citation(data.pop(CITATION, None), where)
    files = _csv_files(data, given, mapping_path.parent, where)
    data["csv_url"] = str(files[0])  # FtM's source needs one; the rows are read below
    data.pop("csv_urls", None)
    try:
        mapping = model.make_mapping(data, key_prefix=dataset)
    except FollowTheMoneyException as exc:
        raise BadInputError(f"{where}: {exc}") from None
    return Query(where.split(": ", 1)[1], dataset, mapping, citation, tuple(files))


def mapped_inputs(mapping_path: Path, csv_files: list[Path]) -> list[MappedInput]:
    """One input per query and CSV file (the files are checked to exist now)."""
    inputs = []
    for query in load_queries(mapping_path, csv_files):
        for path in query.csv_files:
            if not path.is_file():
                raise BadInputError(f"{path}: no such CSV file ({query.name})")
            inputs.append(MappedInput(str(path), path, _items(query, path)))
    return inputs


class _Refusals(logging.Handler):
    """FtM logs (does not raise) a value its type refuses or an entity without an id: each
    such message of one row is collected, to be counted as skipped."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _items(query: Query, path: Path) -> Iterator[Item]:
    refusals = _Refusals()
    logger = logging.getLogger("followthemoney")
    logger.addHandler(refusals)
    previous, logger.propagate = logger.propagate, False
    try:
        yield from _rows(query, path, refusals)
    finally:
        logger.removeHandler(refusals)
        logger.propagate = previous


def _rows(query: Query, path: Path, refusals: _Refusals) -> Iterator[Item]:
    source = query.mapping.source
    assert isinstance(source, CSVSource)
    lists: set[str] = set()
    try:
        with open_binary(path) as stream:
            reader = csv.DictReader(text_lines(stream), skipinitialspace=True)
            missing = _missing_columns(query, reader.fieldnames or [])
            if missing:
                yield Item(f"{path}:1 ({query.name})", None, error=missing)
                return
            for raw in reader:
                row = {k: v for k, v in _clean(raw).items() if v is not None}
                if source.check_filters(row):
                    yield from _row_items(query, f"{path}:{reader.line_num}", row, lists, refusals)
    except LineError as exc:
        yield Item(f"{path}:{exc.line}", None, error=exc.message)
    except csv.Error as exc:
        yield Item(f"{path}:{reader.line_num}", None, error=f"not CSV: {exc}")


def _clean(raw: dict[str | None, Any]) -> dict[str, str | None]:
    """FtM's own cleaning of a cell (``CSVSource.read_csv``); extra cells are dropped."""
    return {k: sanitize_text(v) for k, v in raw.items() if isinstance(k, str)}


def _missing_columns(query: Query, header: Sequence[str]) -> str | None:
    for column in sorted(query.mapping.refs | query.citation.columns):
        if column not in header:
            return f"no column {column!r}, which the mapping uses"
    return None


def _row_items(
    query: Query, where: str, row: dict[str, str], lists: set[str], refusals: _Refusals
) -> Iterator[Item]:
    """Each entity mapping applied to the row, in FtM's dependency order (as
    ``QueryMapping.map``, but one at a time, so each item names its mapping key)."""
    prov = _RowCitation(query.citation.of(row))
    done: dict[str, Any] = {}
    for entity in query.mapping.entities:
        location = f"{where} ({query.dataset}.{entity.name})"
        refusals.messages.clear()
        try:
            proxy = entity.map(row, done)
        except FollowTheMoneyException as exc:
            yield Item(location, row, error=str(exc))
            continue
        for message in refusals.messages:
            yield Item(location, row, skipped=f"mapped value or entity FtM refused: {message}")
        if proxy is None:
            continue
        done[entity.name] = proxy
        yield from line_items(location, proxy.to_dict(), prov, lists)
