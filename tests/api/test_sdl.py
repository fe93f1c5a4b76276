"""The exported SDL (api/schema.graphql) is the schema the code serves, and keeps the contract."""

from __future__ import annotations

from pathlib import Path

from graphql import build_schema, print_schema

from entanglements.api.export_schema import sdl

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "api" / "schema.graphql"

#: Field and argument spellings of the contract (issue 5), which clients rely on.
CONTRACT = [
    "scalar PartialDate",
    "scalar JSON",
    "enum Direction {\n  OUTGOING\n  INCOMING\n  BOTH\n}",
    "entity(id: ID!): Entity",
    "search(text: String!, kinds: [String!] = null, first: Int = 10",
    # Root fields that can fail for one argument are nullable (issue 25): one bad id
    # leaves the other fields of a response.
    "): [SearchHit!]\n",
    "sanctionsExposure(entityId: ID!, maxHops: Int = 3, asOf: PartialDate = null, "
    "lists: [ID!] = null, relationshipTypes: [String!] = null, first: Int = 50",
    "paths(fromId: ID!, toId: ID!, maxHops: Int = 4, first: Int = 3",
    "source(id: ID!): Source",
    "sanctionsLists: [SanctionsList!]",
    "ingestFindings(records: [JSON!]!",
    "savedQueries: [SavedQuery!]",
    "runSavedQuery(name: String!, parameters: JSON = null): SavedQueryResult\n",
    "columns: [String!]!",
    "rows: [[JSON]!]!",
    "relationships(types: [String!] = null, direction: Direction = BOTH, "
    "asOf: PartialDate = null, first: Int = 50, after: String = null",  # more may follow
    "): RelationshipConnection!",
    "includeRetracted: Boolean = false",
    "): IngestReport\n",
    "): ExposureReport\n",
    "matchedName: String!",
    "listedBeforeLink: Boolean",
    "from: Entity!",
    "to: Entity!",
    "totalCount: Int!",
    "publishedDate: PartialDate",
    "listedDate: PartialDate",
    "delistedDate: PartialDate",
    "startDate: PartialDate",
    "endDate: PartialDate",
    "list: SanctionsList!",
    "citations: [Citation!]!",
]


def test_exported_sdl_matches_the_code() -> None:
    assert SCHEMA_FILE.read_text() == sdl(), "api/schema.graphql is stale: run `make schema`"


def undescribed(text: str) -> str:
    """The SDL without descriptions: arguments then print on one line, as the contract
    spells them (descriptions are the linter's business, `make lint-schema`)."""
    schema = build_schema(text)
    for type_ in schema.type_map.values():
        type_.description = None
        for field in getattr(type_, "fields", {}).values():
            field.description = None
            for arg in getattr(field, "args", {}).values():
                arg.description = None
        for value in getattr(type_, "values", {}).values():
            value.description = None
    return print_schema(schema)


def test_sdl_keeps_the_contract() -> None:
    text = undescribed(sdl())
    for spelling in CONTRACT:
        assert spelling in text, spelling
