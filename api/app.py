"""The HTTP app: ``POST /graphql`` (GraphiQL on GET when enabled), ``/healthz``, ``/readyz``,
and the web app (``api/web``: ``/``, ``/entities/{id}``, ... and ``/static``).

``create_app(settings)`` builds an app whose lifespan owns one Neo4j ``AsyncDriver`` for
all requests. The app starts even when Neo4j is down (``/readyz`` says 503 meanwhile) and
recovers by itself when it returns: the driver's pool reconnects, and nothing caches a
failed state.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Annotated, cast

import anyio.to_thread
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.requests import HTTPConnection

from entanglements.api import bookmarks
from entanglements.api.auth import authenticate
from entanglements.api.context import Context
from entanglements.api.errors import handle_entangle_error
from entanglements.api.hosts import HostCheck, allowed_hosts
from entanglements.api.limits import BodyLimit
from entanglements.api.router import Router
from entanglements.api.schema import build_schema
from entanglements.api.state import AppState
from entanglements.api.web.headers import SecurityHeaders
from entanglements.api.web.routes import mount_web
from entanglements.core.db.database import Database
from entanglements.core.errors import EntangleError
from entanglements.core.reads.health import readiness
from entanglements.core.settings import Settings, get_settings


async def get_state(connection: HTTPConnection) -> AppState:
    # async: FastAPI would run a plain function in a worker thread, per request.
    state: AppState = connection.app.state.entangle
    return state


State = Annotated[AppState, Depends(get_state)]


async def get_context(connection: HTTPConnection, state: State) -> Context:
    """Authenticate (raising UNAUTHENTICATED → HTTP 401) and build the request's context.
    A WebSocket is authenticated by ``Router.on_ws_connect`` instead: browsers cannot send
    headers with it, so the key comes in ``connection_init``."""
    if connection.scope["type"] == "websocket":
        return Context(state, None)
    request = cast(Request, connection)
    role = await authenticate(request, state.keys, state.settings.anonymous_role)
    db = await bookmarks.view(state.db, request)  # a bad bookmark: 400 before GraphQL runs
    return Context(state, role, caller=getattr(request.state, "caller", "anonymous"), db=db)


async def healthz() -> dict[str, str]:
    """Liveness: the process answers (no database call)."""
    return {"status": "ok"}


async def readyz(state: State) -> JSONResponse:
    """Readiness: Neo4j answers and the schema is migrated; 503 with the reason otherwise."""
    reason = await readiness(state.db)
    if reason is None:
        return JSONResponse({"status": "ready"})
    return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)


def create_app(settings: Settings | None = None, *, plain_data_fast_path: bool = True) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Not verified at start: an app started before Neo4j answers /readyz with 503 and
        # serves once it is up (the driver's pool connects on first use).
        async with Database.open(settings, role="api", verify=False) as db:
            state = AppState(settings, db)
            app.state.entangle = state
            # rigour builds its name taggers on first use (seconds): pay it before serving,
            # in a worker thread, rather than in the first screening request's time budget;
            # the matcher's worker processes are forked from this warm process.
            await anyio.to_thread.run_sync(lambda: state.matcher)
            try:
                yield
            finally:
                await state.close()

    app = FastAPI(
        title="Entanglements",
        summary="Sourced links between institutions and sanctioned parties.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    schema = build_schema(settings, plain_data_fast_path=plain_data_fast_path)
    app.state.schema = schema  # dossier.md runs its operation through the public schema
    router = Router(
        schema,
        path="/graphql",
        graphql_ide="graphiql" if settings.graphiql else None,
        allow_queries_via_get=True,  # queries only: strawberry refuses mutations over GET
        context_getter=get_context,
        # WebSockets: the same key check (Router.on_ws_connect) and document limits as
        # HTTP, and bounds of their own: a connection must say who it is within 10 s and
        # holds at most 10 subscriptions.
        connection_init_wait_timeout=timedelta(seconds=10),
        max_subscriptions_per_connection=10,
    )
    app.include_router(router)
    app.add_api_route("/healthz", healthz, methods=["GET"])
    app.add_api_route("/readyz", readyz, methods=["GET"], response_model=None)
    mount_web(app)
    app.add_exception_handler(EntangleError, handle_entangle_error)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    # Last added, so outermost: a foreign Host is refused before anything else runs.
    app.add_middleware(HostCheck, allowed=allowed_hosts(settings))
    return app


def app_from_env() -> FastAPI:
    """The factory ``entangle serve`` hands to uvicorn (each worker builds its own app)."""
    return create_app(get_settings())
