"""The GraphQL HTTP endpoint: strawberry's FastAPI router, stricter about request bodies.

strawberry answers HTTP 500 to a body that is JSON but neither an object nor an array
(``null``, ``5``), that nests deeper than Python's recursion limit, or that is not UTF-8.
All are the client's fault, so they get the same 400 as malformed JSON
(tests/faults/test_hostile_graphql.py).

GraphiQL is the copy the app serves from ``/static/vendor/`` (``api/web/static/graphiql.html``),
not strawberry's page, which loads React and GraphiQL from a CDN and so never loads offline.
"""

from __future__ import annotations

from typing import Any

from cross_web import HTTPException  # the exception strawberry's views turn into a 4xx
from strawberry.fastapi import GraphQLRouter

from entanglements.api.context import Context
from entanglements.api.web.routes import STATIC
from entanglements.core.json_input import loads


class Router(GraphQLRouter[Context, None]):
    def parse_json(self, data: str | bytes) -> Any:
        try:
            value = loads(data)
        except ValueError as exc:  # JSON, nesting and Unicode decode errors too
            raise HTTPException(400, "Unable to parse request body as JSON") from exc
        if not isinstance(value, dict | list):
            raise HTTPException(400, "The request body must be a JSON object")
        return value

    @property
    def graphql_ide_html(self) -> str:
        return (STATIC / "graphiql.html").read_text(encoding="utf-8")
