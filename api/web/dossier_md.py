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

from entanglements.api.auth import authenticate
from entanglements.api.context import Context
from entanglements.api.state import AppState

OPERATION = """query($id: ID!, $maxHops: Int, $asOf: PartialDate, $lists: [ID!], $first: Int) {
  dossier(entityId: $id, maxHops: $maxHops, asOf: $asOf, lists: $lists, first: $first) {
    markdown
  }
}"""
STATUS = {"NOT_FOUND": 404, "BAD_USER_INPUT": 400, "FORBIDDEN": 403, "DATABASE_UNAVAILABLE": 503}


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
    return int(value) if value is not None and value.lstrip("-").isdigit() else value


async def dossier_markdown(entity_id: str, request: Request) -> PlainTextResponse:
    state: AppState = request.app.state.entangle
    role = await authenticate(request, state.keys, state.settings.anonymous_role)
    variables = _variables(entity_id, request)
    variables["maxHops"] = _int_or_text(variables["maxHops"])
    variables["first"] = _int_or_text(variables["first"])
    result = await request.app.state.schema.execute(
        OPERATION, variable_values=variables, context_value=Context(state, role)
    )
    if result.errors:
        error = result.errors[0]
        code = (error.extensions or {}).get("code", "INTERNAL")
        return PlainTextResponse(f"{code}: {error.message}\n", status_code=STATUS.get(code, 500))
    filename = re.sub(r"[^A-Za-z0-9._-]", "_", entity_id)[:100] or "entity"
    return PlainTextResponse(
        result.data["dossier"]["markdown"],
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="{filename}-dossier.md"'},
    )
