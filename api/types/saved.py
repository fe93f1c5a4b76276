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
    name: str = strawberry.field(description="Its name.")
    type: str = strawberry.field(
        description="Its type: string, int, float, bool, date or list<...>."
    )
    required: bool = strawberry.field(description="True when it has no default.")
    default: JSON | None = strawberry.field(description="Used when the parameter is omitted.")
    description: str = strawberry.field(description="What it means.")

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
    name: str = strawberry.field(description="Its name, as runSavedQuery takes it.")
    description: str = strawberry.field(description="What it answers.")
    parameters: list[SavedQueryParameter] = strawberry.field(description="The parameters it takes.")

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
    columns: list[str] = strawberry.field(description="The column names, in order.")
    rows: list[list[JSON | None]] = strawberry.field(
        description="The rows: one JSON value per column."
    )
    truncated: bool = strawberry.field(description="True when ENTANGLE_MAX_ROWS cut the rows.")

    @classmethod
    def of(cls, result: QueryResult) -> SavedQueryResult:
        return cls(columns=result.columns, rows=result.rows, truncated=result.truncated)  # type: ignore[arg-type]
