"""The plain-data fast path (api/execution.py) answers exactly what graphql-core's executor
answers: data and errors, for every document shape it meets.

Two layers: a small strawberry schema with hand-made values (nulls where types forbid them,
enums, scalars, fragments, directives, resolvers mixed in), run in process with and
without the fast path; and the product's schema over the seed graph, through two apps.
"""

from __future__ import annotations

import asyncio
from enum import Enum
from typing import Any

import pytest
import strawberry
from fastapi.testclient import TestClient
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from entanglements.api.app import create_app
from entanglements.api.execution import PlainDataExecutionContext, has_resolve_hook
from entanglements.core.settings import Settings
from entanglements.ingest.summary import IngestSummary
from tests.api.conftest import api_settings, post
from tests.db import SyncDb


@strawberry.enum
class Colour(Enum):
    RED = "RED"
    BLUE = "BLUE"


@strawberry.type
class Leaf:
    name: str
    colour: Colour
    tags: list[str]
    score: float | None


@strawberry.type
class Node:
    id: strawberry.ID
    leaves: list[Leaf]
    maybe: Leaf | None

    @strawberry.field
    async def shout(self, times: int = 1) -> str:
        return str(self.id).upper() * times


def _leaf(name: Any, colour: Any = Colour.RED, tags: Any = ("a", "b")) -> Leaf:
    return Leaf(name=name, colour=colour, tags=list(tags) if tags is not None else tags, score=1.5)


@strawberry.type
class Query:
    @strawberry.field
    async def good(self) -> list[Node]:
        return [
            Node(
                id=strawberry.ID(str(i)),
                leaves=[_leaf(f"l{i}"), _leaf("x", Colour.BLUE)],
                maybe=None if i % 2 else _leaf("m"),
            )
            for i in range(3)
        ]

    @strawberry.field
    async def null_in_non_null(self) -> list[Node]:
        return [Node(id=strawberry.ID("1"), leaves=[_leaf(None)], maybe=_leaf("ok"))]

    @strawberry.field
    async def null_list(self) -> Node:
        return Node(id=strawberry.ID("2"), leaves=[_leaf("t", tags=None)], maybe=None)

    @strawberry.field
    async def bad_enum(self) -> Node:
        return Node(id=strawberry.ID("3"), leaves=[_leaf("e", colour="GREEN")], maybe=None)

    @strawberry.field
    async def bad_scalar(self) -> Node:
        return Node(id=strawberry.ID("4"), leaves=[], maybe=_leaf(object()))


DOCUMENTS = {
    "plain": "{ good { id leaves { name colour tags score } maybe { name } } }",
    "aliases-typename": "{ a: good { __typename x: id leaves { n: name __typename } } }",
    "fragments": "{ good { ...N } } fragment N on Node { id ... on Node { leaves { ...L } } } "
    "fragment L on Leaf { name colour }",
    "directives": "query($on: Boolean!) { good { id @include(if: $on) "
    "leaves @skip(if: $on) { name } maybe { name @include(if: $on) tags } } }",
    "resolver-mixed": "{ good { id shout(times: 2) leaves { name } } }",
    "null-in-non-null": "{ nullInNonNull { id leaves { name colour } maybe { name } } }",
    "null-list": "{ nullList { leaves { name tags } } }",
    "bad-enum": "{ badEnum { id leaves { colour } } }",
    "bad-scalar": "{ badScalar { id maybe { name } } }",
}


def _run(context_class: type[StrawberryGraphQLCoreExecutionContext], document: str) -> Any:
    schema = strawberry.Schema(query=Query, execution_context_class=context_class)
    result = asyncio.run(schema.execute(document, variable_values={"on": True}))
    errors = [(e.message, e.path) for e in result.errors or []]
    return result.data, errors


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_fast_path_answers_what_the_executor_answers(name: str) -> None:
    document = DOCUMENTS[name]
    fast = _run(PlainDataExecutionContext, document)
    assert fast == _run(StrawberryGraphQLCoreExecutionContext, document)
    expect_errors = name.startswith(("null", "bad"))
    assert bool(fast[1]) is expect_errors, fast


def test_an_extension_that_hooks_every_field_turns_the_fast_path_off() -> None:
    class Hooked(strawberry.extensions.SchemaExtension):
        def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
            return _next(root, info, *args, **kwargs)

    assert has_resolve_hook(Hooked())
    assert not has_resolve_hook(strawberry.extensions.ParserCache())


SEED_DOCUMENTS = {
    "report": """{ sanctionsExposure(entityId: "xjtlu", maxHops: 3) {
        totalCount entity { id name kind }
        exposures { distance listedBeforeLink entity { id name countries }
          listings { id program listedDate delistedDate list { id name authority } }
          paths { length nodes { id name } relationships { id type startDate endDate
            from { id } to { id } citations { quote locator source { id title url } } } } } } }""",
    "report-with-resolvers": """{ sanctionsExposure(entityId: "xjtlu", maxHops: 2, first: 3) {
        exposures { entity { id listings { id list { name } } }
          paths { nodes { ...E } } } } }
        fragment E on Entity { __typename id relationships(first: 2) { totalCount
          edges { cursor node { id from { name } } } } }""",
    "entity-and-paths": """{ entity(id: "xjtlu") { id aliases tags
          listings { id } relationships(first: 5) { pageInfo { hasNextPage endCursor } } }
        paths(fromId: "xjtlu", toId: "sugon", maxHops: 3) { length
          relationships { type citations { source { title } } } } }""",
}


@pytest.fixture(scope="module")
def executor_client(settings: Settings, db: SyncDb) -> Any:
    app = create_app(api_settings(settings), plain_data_fast_path=False)
    with TestClient(app) as client:
        yield client


@pytest.mark.parametrize("name", sorted(SEED_DOCUMENTS))
def test_the_product_schema_answers_the_same_on_the_seed(
    name: str, seed: IngestSummary, client: TestClient, executor_client: TestClient
) -> None:
    fast = post(client, SEED_DOCUMENTS[name])
    slow = post(executor_client, SEED_DOCUMENTS[name])
    assert "errors" not in fast, fast
    assert fast == slow
    assert len(str(fast)) > 400  # a real answer, not two empty ones
