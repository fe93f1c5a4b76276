"""The saved-query library (cypher/queries/, docs/queries.md) as GraphQL types."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from entanglements.api.types.node import Node, node_id
from entanglements.core.saved_queries import Parameter, QueryResult
from entanglements.core.saved_queries import SavedQuery as CoreSavedQuery
from entanglements.core.vocab import NodeKind


@strawberry.type(description="One parameter of a saved query.")
class SavedQueryParameter:
    name: str
    type: str = strawberry.field(description="string, int, float, bool, date or list<...>")
    required: bool
    default: JSON | None = strawberry.field(description="Used when the parameter is omitted.")
    description: str

    @classmethod
    def of(cls, param: Parameter) -> SavedQueryParameter:
        return cls(
            name=param.name,
            type=param.type,
            required=param.required,
            default=None if param.required else param.default,
            description=param.description,
        )


@strawberry.type(description="A vetted, read-only Cypher query of the library.")
class SavedQuery(Node):
    name: str
    description: str
    parameters: list[SavedQueryParameter]

    @classmethod
    def of(cls, query: CoreSavedQuery) -> SavedQuery:
        return cls(
            id=node_id(NodeKind.QUERY, query.name),
            name=query.name,
            description=query.description,
            parameters=[SavedQueryParameter.of(p) for p in query.parameters],
        )


@strawberry.type(description="A saved query's rows: one JSON value per column.")
class SavedQueryResult:
    columns: list[str]
    rows: list[list[JSON | None]]
    truncated: bool = strawberry.field(description="True when ENTANGLE_MAX_ROWS cut the rows.")

    @classmethod
    def of(cls, result: QueryResult) -> SavedQueryResult:
        return cls(columns=result.columns, rows=result.rows, truncated=result.truncated)  # type: ignore[arg-type]
