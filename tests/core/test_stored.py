"""Each record's fields are declared once (``core/stored.py`` markers on ``core/models.py``);
the write rows, statements, CSV columns and read projections are derived from that, and
the read rows and GraphQL types, which are written out for typing, must agree with it."""

from __future__ import annotations

import dataclasses
import re

import pytest
from pydantic import BaseModel
from strawberry.types.base import get_object_definition

from entanglements.api.types import graph
from entanglements.core.models import (
    EntityRecord,
    ListingRecord,
    ListRecord,
    RelationshipRecord,
    SourceRecord,
)
from entanglements.core.reads import records as reads
from entanglements.core.stored import Stored, stored_fields
from entanglements.ingest import statements, write_rows
from entanglements.ingest.parsers.findings_csv import COLUMNS

MODELS: list[tuple[type[BaseModel], type, type]] = [
    (EntityRecord, reads.EntityRow, graph.Entity),
    (RelationshipRecord, reads.RelationshipRow, graph.Relationship),
    (ListingRecord, reads.ListingRow, graph.Listing),
    (SourceRecord, reads.SourceRow, graph.Source),
    (ListRecord, reads.ListRow, graph.SanctionsList),
]
#: Where the API names a stored field differently (dates say they are dates).
API_NAMES = {
    "start": "start_date",
    "end": "end_date",
    "listed": "listed_date",
    "delisted": "delisted_date",
    "published": "published_date",
}
NOT_IN_API = {(EntityRecord, "citations")}  # an entity's own evidence: not served yet


def attrs(model: type[BaseModel], *skip: Stored) -> set[str]:
    return {f.attr for f in stored_fields(model) if f.how not in skip}


@pytest.mark.parametrize(("model", "row", "api"), MODELS, ids=lambda m: getattr(m, "__name__", ""))
def test_read_row_holds_every_stored_field(model: type[BaseModel], row: type, api: type) -> None:
    fields = {f.name for f in dataclasses.fields(row)}
    expected = attrs(model, Stored.END, Stored.CITATIONS)
    assert expected - fields == set()


@pytest.mark.parametrize(("model", "row", "api"), MODELS, ids=lambda m: getattr(m, "__name__", ""))
def test_graphql_type_serves_every_stored_field(
    model: type[BaseModel], row: type, api: type
) -> None:
    definition = get_object_definition(api, strict=True)
    served = {f.python_name for f in definition.fields}
    expected = {
        API_NAMES.get(a, a) for a in attrs(model, Stored.END) if (model, a) not in NOT_IN_API
    }
    assert expected - served == set()


@pytest.mark.parametrize("kind", ["source", "list", "entity", "relationship", "listing"])
def test_csv_columns_are_the_record_fields(kind: str) -> None:
    model = {"source": SourceRecord, "list": ListRecord, "entity": EntityRecord,
             "relationship": RelationshipRecord, "listing": ListingRecord}[kind]  # fmt: skip
    keys = {info.alias or name for name, info in model.model_fields.items()}
    assert set(COLUMNS[kind]) == keys - {"record", "citations"}


def test_every_stored_property_is_written_and_read() -> None:
    entity = EntityRecord(id="e", kind="Person", name="N", birth_dates=["1970"], gender="male")
    row = write_rows.to_row(entity)
    for f in stored_fields(EntityRecord):
        if f.how is Stored.CITATIONS:
            assert {"cs", "cq", "cl"} <= row.keys()
            continue
        assert f.key in row
        for prop in f.properties:
            assert re.search(rf"\b{prop}:", statements.ENTITIES), prop
            assert re.search(rf"\b{prop}:", statements.statements("entity").create or ""), prop
        if f.how is not Stored.CITATIONS:
            assert f".{f.key}" in reads.ENTITY_MAP


def test_a_default_never_overwrites_what_another_file_stated() -> None:
    unstated = SourceRecord(id="s", title="T")
    stated = SourceRecord(id="s", title="T", kind="article")
    assert write_rows.to_row(unstated)["kind"] is None
    assert write_rows.to_row(stated)["kind"] == "article"
    assert "coalesce(row.kind, s.kind, 'other')" in statements.SOURCES
