"""The request limits that keep one client from exhausting the server.

- Body size: ``BodyLimit`` answers 413 before the GraphQL layer reads an oversized body
  (by ``Content-Length``, and by counting when the body is streamed without one).
- Document: depth, aliases and tokens (strawberry's validators, see ``document_rules``),
  measured once per document (api/documents.py).
- Arguments: ``maxHops`` and ``first`` are checked by the resolvers (core/queries/filters).
- Time: the whole operation runs under ``ENTANGLE_REQUEST_TIMEOUT`` (api/schema.py) and
  every Cypher query under ``ENTANGLE_QUERY_TIMEOUT`` on the server side.
- Batched operations (a JSON array of queries) are refused: strawberry's default.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from graphql.validation import ASTValidationRule
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions.max_aliases import create_validator as aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule

from entanglements.api.errors import ascii_int, send_error
from entanglements.core.errors import RateLimitedError
from entanglements.core.settings import Settings


def document_rules(settings: Settings) -> list[type[ASTValidationRule]]:
    """The depth and alias limits as validation rules, built once per schema: they are part
    of validating a document, which the document cache (api/documents.py) does once per
    document. The token limit applies while parsing (``ENTANGLE_MAX_TOKENS``)."""
    return [
        depth_rule(settings.max_depth, None, None),
        aliases_rule(settings.max_aliases),
    ]


class BodyTooLargeError(Exception):
    pass


class BodyLimit:
    """ASGI middleware: 413 for request bodies above ``limit`` bytes."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = dict(scope["headers"]).get(b"content-length")
        declared = ascii_int(header)
        if header is not None and (declared is None or declared < 0):
            await self._refuse(send, 400, "invalid Content-Length header")
            return
        if declared is not None and declared > self.limit:
            await self._refuse(send)
            return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise BodyTooLargeError
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLargeError:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send, status: int = 413, message: str | None = None) -> None:
        message = message or f"request body larger than {self.limit} bytes"
        await send_error(send, status, message, "BAD_USER_INPUT")


class CallerLimit:
    """At most ``limit`` expensive requests (screening, compare) in flight per caller: per
    API key, and for all anonymous callers together. One more is refused at once with
    RATE_LIMITED (and ``Retry-After``), not queued: a client looping heavy requests cannot
    hold every worker, and the others' requests still find one."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.running: dict[str, int] = {}

    @contextmanager
    def hold(self, caller: str, field: str) -> Iterator[None]:
        if self.running.get(caller, 0) >= self.limit:
            raise RateLimitedError(
                f"{field}: {self.limit} expensive requests of yours are still running "
                "(ENTANGLE_MATCH_CONCURRENCY); retry when one ends"
            )
        self.running[caller] = self.running.get(caller, 0) + 1
        try:
            yield
        finally:
            self.running[caller] -= 1
            if not self.running[caller]:
                del self.running[caller]
