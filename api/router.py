"""The GraphQL endpoint: strawberry's FastAPI router, stricter about request bodies, with
automatic persisted queries, cacheable GET queries and subscriptions over WebSocket.

strawberry answers HTTP 500 to a body that is JSON but neither an object nor an array
(``null``, ``5``), that nests deeper than Python's recursion limit, or that is not UTF-8.
All are the client's fault, so they get the same 400 as malformed JSON
(tests/faults/test_hostile_graphql.py).

Persisted queries follow Apollo's protocol (``extensions.persistedQuery``; docs/api.md):
an unknown hash answers ``PERSISTED_QUERY_NOT_FOUND`` (HTTP 200, so Apollo's link sends the
document next), hash and document are checked and stored in Neo4j, and the hash alone then
stands for the document on every instance. The schema's document cache (api/documents.py),
keyed by the same hash, answers a hash this process stored or found in the store with its
parsed and validated document, without a round trip. GET runs queries only (strawberry refuses a
mutation over GET with 405), never registers a document, and a successful GET answer may
be cached privately for ``ENTANGLE_GET_MAX_AGE`` seconds.

WebSockets speak ``graphql-transport-ws`` (and the older ``graphql-ws``). The key is checked
in ``connection_init`` (``{"Authorization": "Bearer <key>"}``, since browsers cannot set
headers on a WebSocket) or from the handshake's Authorization header, with the same rules
as HTTP; a refused key closes the socket with 4403. The handshake's Origin must be this
host's (strawberry's check; ORIGIN_HOOK below is where the deployment's allowed hosts
plug in).

GraphiQL is the copy the app serves from ``/static/vendor/`` (``api/web/static/graphiql.html``),
not strawberry's page, which loads React and GraphiQL from a CDN and so never loads offline.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException  # HTTPException: a 4xx
from fastapi import Request, Response
from graphql import GraphQLError
from strawberry.exceptions import ConnectionRejectionError
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.base import BaseRequestProtocol
from strawberry.types import ExecutionResult
from strawberry.types.unset import UnsetType

from entanglements.api.auth import is_ide_page, role_for
from entanglements.api.context import Context
from entanglements.api.documents import DocumentCache, Prepared
from entanglements.api.schema import EntangleSchema
from entanglements.api.web.routes import STATIC
from entanglements.core.errors import UnauthenticatedError
from entanglements.core.json_input import loads
from entanglements.core.persisted_queries import sha256

_HASH = re.compile(r"^[0-9a-f]{64}$")
NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"


def _dumps(data: object) -> bytes:
    """orjson: a large report's JSON in a fraction of ``json.dumps``'s time. It refuses
    what ``json`` would write differently (an integer past 64 bits, a key that is not a
    string): those few go through ``json``, so every answer still encodes."""
    try:
        return orjson.dumps(data)
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(data, separators=(",", ":")).encode()


def _error(message: str, code: str) -> ExecutionResult:
    return ExecutionResult(data=None, errors=[GraphQLError(message, extensions={"code": code})])


class Router(GraphQLRouter[Context, None]):
    def __init__(self, schema: EntangleSchema, **kwargs: Any) -> None:
        super().__init__(schema, **kwargs)
        self.documents = schema.documents

    def encode_json(self, data: object) -> str:
        """Text, which WebSocket messages must be (``bytes`` would go as binary frames)."""
        return _dumps(data).decode()

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        """strawberry's, with the body encoded once, as bytes."""
        response = Response(
            _dumps(response_data),
            media_type="application/json",
            status_code=sub_response.status_code or 200,
        )
        response.headers.raw.extend(sub_response.headers.raw)
        return response

    def parse_json(self, data: str | bytes) -> Any:
        try:
            value = loads(data)
        except ValueError as exc:  # JSON, nesting and Unicode decode errors too
            raise HTTPException(400, "Unable to parse request body as JSON") from exc
        if not isinstance(value, dict | list):
            raise HTTPException(400, "The request body must be a JSON object")
        return value

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        """GraphiQL for a browser's plain GET; a GET carrying an operation (a query or a
        persisted query's hash) is run."""
        return is_ide_page(request.method, request.query_params, request.headers)

    @property
    def graphql_ide_html(self) -> str:
        return (STATIC / "graphiql.html").read_text(encoding="utf-8")

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        found = await _persisted(
            context, self.documents, request_data, store=request_adapter.method == "POST"
        )
        if isinstance(found, ExecutionResult):
            return found
        result = await super().execute_single(
            request, request_adapter, sub_response, context, root_value, found
        )
        if request_adapter.method == "GET":
            # The answer depends on the key: private caches only, and only what succeeded.
            max_age = context.settings.get_max_age_s
            cache = f"private, max-age={max_age}" if not result.errors else "no-store"
            sub_response.headers["Cache-Control"] = cache
            sub_response.headers["Vary"] = "Authorization, Entangle-Bookmarks"
        return result

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Authenticate a WebSocket as HTTP would, from connection_init or the handshake."""
        params = context.connection_params if isinstance(context.connection_params, dict) else {}
        header = params.get("Authorization") or params.get("authorization")
        if not isinstance(header, str):
            header = context.request.headers.get("authorization") if context.request else None
        try:
            context.role, context.caller = await role_for(
                header, context.state.keys, context.settings.anonymous_role
            )
        except UnauthenticatedError as exc:
            raise ConnectionRejectionError({"message": str(exc)}) from exc
        return None

    # ORIGIN_HOOK: strawberry refuses a cross-origin handshake unless the origin is in
    # ``allowed_origins`` (empty: same origin only). The deployment's allowed hosts
    # (ENTANGLE_ALLOWED_HOSTS, issue 23) extend it here once they exist.


async def _persisted(
    context: Context, documents: DocumentCache, data: GraphQLRequestData, *, store: bool
) -> GraphQLRequestData | ExecutionResult:
    """The request with its document filled in from the cache or the store, or the
    protocol's error. Only a POST registers a document: a GET has no side effects (a page
    on another site could otherwise fill the store through image tags), and so a document
    only answers for its hash once it is in the store (``stored``), not merely because this
    process ran it."""
    extension = (data.extensions or {}).get("persistedQuery")
    if extension is None:
        return data
    if not isinstance(extension, dict) or extension.get("version") != 1:
        return _error("persistedQuery: only version 1 is supported", "BAD_USER_INPUT")
    digest = extension.get("sha256Hash")
    if not isinstance(digest, str) or not _HASH.match(digest):
        return _error(
            "persistedQuery: sha256Hash must be 64 lower-case hex digits", "BAD_USER_INPUT"
        )
    persisted = context.state.persisted
    if data.query is None:
        cached = documents.get(digest)
        if cached is not None and cached.stored:
            return replace(data, query=cached.query)
        query = await persisted.get(digest)
        if query is None:
            return _error("PersistedQueryNotFound", NOT_FOUND)
        found = _prepared(documents, query, digest)
        if found is not None:
            found.stored = True
        return replace(data, query=query)
    if sha256(data.query) != digest:
        return _error("persistedQuery: sha256Hash does not match the query", "BAD_USER_INPUT")
    if store and persisted.cap > 0:
        prepared = _prepared(documents, data.query, digest)
        if prepared is not None and not prepared.stored:
            await persisted.put(digest, data.query)
            prepared.stored = True
    return data


def _prepared(documents: DocumentCache, query: str, digest: str) -> Prepared | None:
    """The document parsed and validated (cached), or None when it does not parse: only
    documents that parse are stored (execution reports the others as usual)."""
    try:
        return documents.prepare(query, digest)
    except GraphQLError:
        return None
