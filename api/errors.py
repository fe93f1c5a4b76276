"""One error mapping for the whole API.

- An ``EntangleError`` (core/errors.py) keeps its message; ``extensions.code`` is its class's
  ``code`` (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, TIMEOUT, DATABASE_UNAVAILABLE, ...).
- A request error found before execution (syntax, validation, a limit, a variable or
  literal that does not coerce, e.g. a bad ``PartialDate``) is BAD_USER_INPUT.
- Anything else is a bug: logged here with its traceback, answered as INTERNAL with a fixed
  message, so no stack trace, Cypher text or driver detail ever reaches a client.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from graphql import ArgumentNode, GraphQLError, Node, Visitor, parse, visit
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import Send

from entanglements.core.errors import BadInputError, EntangleError

log = logging.getLogger("entangle.api")

INTERNAL_MESSAGE = "internal error"

#: The HTTP status of each code where a route answers with one (docs/api.md); a code not
#: here is a bug, answered 500 with the fixed message.
HTTP_STATUS = {
    "UNAUTHENTICATED": 401,
    "FORBIDDEN": 403,
    "BAD_USER_INPUT": 400,
    "NOT_FOUND": 404,
    "RATE_LIMITED": 429,
    "TIMEOUT": 504,
    "DATABASE_UNAVAILABLE": 503,
}


def ascii_int(value: str | bytes | None) -> int | None:
    """An integer written in ASCII digits (with an optional ``-``), else None: ``str.isdigit``
    also accepts ``²`` and other digits ``int()`` then refuses."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    return int(text) if re.fullmatch(r"-?[0-9]{1,30}", text) else None


def shape(error: GraphQLError) -> GraphQLError:
    """The error as the client sees it (idempotent: shaped errors pass through)."""
    if error.extensions and "code" in error.extensions:
        return error
    original = error.original_error
    if isinstance(original, EntangleError) and original.code != "INTERNAL":
        return _with(error, str(original), original.code)
    if error.path is None and _is_request_error(original):
        return _with(error, _name_argument(error), BadInputError.code)
    log.error("unexpected error in %s", error.path or "the request", exc_info=original or error)
    return _with(error, INTERNAL_MESSAGE, "INTERNAL")


def _is_request_error(original: BaseException | None) -> bool:
    """Errors graphql-core raises about the document or its values (not our bugs)."""
    return original is None or isinstance(original, ValueError | TypeError | GraphQLError)


def _with(error: GraphQLError, message: str, code: str) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions={"code": code},
    )


class _FindArgument(Visitor):
    def __init__(self, start: int) -> None:
        super().__init__()
        self.start = start
        self.name: str | None = None

    def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
        if node.value.loc is not None and node.value.loc.start == self.start:
            self.name = node.name.value


def _name_argument(error: GraphQLError) -> str:
    """Prefix a literal's coercion error with the argument it was given for.

    graphql-core reports ``Expected value of type 'PartialDate', found "2019-13"; ...``
    without saying which argument; the value's position in the document tells.
    """
    node: Node | None = error.nodes[0] if error.nodes else None
    if node is None or node.loc is None or error.source is None:
        return error.message
    if not error.message.startswith("Expected value of type"):
        return error.message
    finder = _FindArgument(node.loc.start)
    visit(parse(error.source), finder)
    return f"argument {finder.name}: {error.message}" if finder.name else error.message


def error_body(message: str, code: str) -> dict[str, Any]:
    return {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]}


async def send_error(send: Send, status: int, message: str, code: str) -> None:
    """A GraphQL-shaped JSON error answered straight from ASGI middleware."""
    body = json.dumps(error_body(message, code)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def error_response(exc: EntangleError) -> JSONResponse:
    """An error raised before GraphQL runs (authentication, a database outage while
    checking a key) as a GraphQL-shaped body with a matching HTTP status."""
    code = exc.code
    message = str(exc) if code != "INTERNAL" else INTERNAL_MESSAGE
    headers = {"WWW-Authenticate": "Bearer"} if code == "UNAUTHENTICATED" else None
    return JSONResponse(error_body(message, code), HTTP_STATUS.get(code, 500), headers=headers)


async def handle_entangle_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, EntangleError)
    if exc.code == "INTERNAL":
        log.error("unexpected error before execution", exc_info=exc)
    return error_response(exc)
