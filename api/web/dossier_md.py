"""``GET /entities/{id}/dossier.md``: the dossier as a Markdown file.

It runs the ``dossier`` operation through the public schema with the caller's credentials
(the same key check and roles as ``POST /graphql``), so it can show nothing the API would not.
Query parameters as the exposure page's: ``maxHops``, ``asOf``, ``list`` (repeated), ``first``.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import Request
from fastapi.responses import PlainTextResponse

from entanglements.api import bookmarks
from entanglements.api.auth import authenticate
from entanglements.api.context import Context
from entanglements.api.errors import HTTP_STATUS, INTERNAL_MESSAGE, ascii_int
from entanglements.api.state import AppState
from entanglements.core.errors import EntangleError

OPERATION = """query($id: ID!, $maxHops: Int, $asOf: PartialDate, $lists: [ID!], $first: Int) {
  dossier(entityId: $id, maxHops: $maxHops, asOf: $asOf, lists: $lists, first: $first) {
    markdown
  }
}"""


def _variables(entity_id: str, request: Request) -> dict[str, Any]:
    query = request.query_params
    return {
        "id": entity_id,
        "maxHops": query.get("maxHops"),  # the scalars check them: a bad one is BAD_USER_INPUT
        "asOf": query.get("asOf") or None,
        "lists": query.getlist("list") or None,
        "first": query.get("first"),
    }


def _int_or_text(value: str | None) -> int | str | None:
    """ASCII digits as a number; anything else as text, which the Int scalar refuses."""
    number = ascii_int(value)
    return value if number is None else number


def _line(code: str, message: str) -> PlainTextResponse:
    """An error as the one line docs/api.md promises, with the code's HTTP status."""
    headers = {"WWW-Authenticate": "Bearer"} if code == "UNAUTHENTICATED" else None
    if code not in HTTP_STATUS:
        code, message = "INTERNAL", INTERNAL_MESSAGE
    status = HTTP_STATUS.get(code, 500)
    return PlainTextResponse(f"{code}: {message}\n", status_code=status, headers=headers)


async def dossier_markdown(entity_id: str, request: Request) -> PlainTextResponse:
    state: AppState = request.app.state.entangle
    try:
        role = await authenticate(request, state.keys, state.settings.anonymous_role)
        db = await bookmarks.view(state.db, request)  # the client's own writes included
    except EntangleError as exc:
        return _line(exc.code, str(exc))
    variables = _variables(entity_id, request)
    variables["maxHops"] = _int_or_text(variables["maxHops"])
    variables["first"] = _int_or_text(variables["first"])
    result = await request.app.state.schema.execute(
        OPERATION, variable_values=variables, context_value=Context(state, role, db=db)
    )
    if result.errors:
        error = result.errors[0]
        return _line(str((error.extensions or {}).get("code", "INTERNAL")), error.message)
    filename = re.sub(r"[^A-Za-z0-9._-]", "_", entity_id)[:100] or "entity"
    return PlainTextResponse(
        result.data["dossier"]["markdown"],
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="{filename}-dossier.md"'},
    )
