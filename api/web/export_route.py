"""``GET /export/ftm`` and ``GET /export/graphml``: the exports of ``entangle export`` as
downloads (docs/api.md, "Exports"; docs/export.md).

Query parameters name the part, as the command's options: ``entity`` + ``hops``;
``exposure`` + ``hops``, ``list`` (repeated), ``asOf``, ``type`` (repeated), ``direction``,
``first``; ``throughJudgements=false`` for either; ``query`` + ``p`` (repeated
``NAME=VALUE``). The same key check as ``POST /graphql``; a part needs the ``reader``
role, the whole graph (no part named) ``admin``: it is a bulk download. ``hops`` and
``first`` have the API's bounds (``ENTANGLE_MAX_HOPS``, ``ENTANGLE_MAX_FIRST``), and each
page read the query timeout. The part is resolved before the first byte, so a bad
argument or an unknown entity is an HTTP error with one line (400, 404); the body then
streams page by page.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

from fastapi import Request
from fastapi.responses import PlainTextResponse, Response, StreamingResponse

from entanglements.api import bookmarks
from entanglements.api.auth import authenticate
from entanglements.api.context import Context
from entanglements.api.ids import keys
from entanglements.api.state import AppState
from entanglements.core.dates import PartialDate, PartialDateError
from entanglements.core.errors import BadInputError, EntangleError
from entanglements.core.export import Format, Scope, export_text
from entanglements.core.reads.filters import Direction, rel_types
from entanglements.core.vocab import NodeKind

STATUS = {
    "NOT_FOUND": 404,
    "BAD_USER_INPUT": 400,
    "FORBIDDEN": 403,
    "UNAUTHENTICATED": 401,
    "DATABASE_UNAVAILABLE": 503,
    "TIMEOUT": 504,
}


def _int(name: str, text: str | None) -> int | None:
    if text is None or text == "":
        return None
    if not text.lstrip("-").isdigit():
        raise BadInputError(f"{name} must be an integer, got {text[:40]!r}")
    return int(text)


def _params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise BadInputError(f"p {pair[:60]!r}: expected p=NAME=VALUE")
        params[name.strip()] = value
    return params


def scope_of(request: Request) -> Scope:
    """The part a request names (BadInputError for a malformed parameter)."""
    q = request.query_params
    try:
        as_of = PartialDate.parse(q["asOf"]) if q.get("asOf") else None
    except PartialDateError as exc:
        raise BadInputError(f"asOf: {exc}") from None
    try:
        direction = Direction(q.get("direction", "BOTH").upper())
    except ValueError:
        raise BadInputError("direction must be OUTGOING, INCOMING or BOTH") from None
    through = q.get("throughJudgements", "true").lower()
    if through not in ("true", "false"):
        raise BadInputError(f"throughJudgements must be true or false, got {through[:40]!r}")
    return Scope(
        entity=q.get("entity") or None,
        exposure=q.get("exposure") or None,
        query=q.get("query") or None,
        hops=_int("hops", q.get("hops")),
        params=_params(q.getlist("p")),
        as_of=as_of,
        lists=keys(NodeKind.LIST, q.getlist("list")) or None,  # the pages' global ids too
        types=rel_types(q.getlist("type") or None, "type"),
        direction=direction,
        first=_int("first", q.get("first")),
        judgements=through == "true",
    )


def _filename(scope: Scope, fmt: Format) -> str:
    base = scope.entity or scope.exposure or scope.query or "graph"
    kind = "exposure" if scope.exposure else "export"
    return re.sub(r"[^A-Za-z0-9._-]", "_", base)[:100] + f"-{kind}{fmt.suffix}"


async def export_download(fmt: str, request: Request) -> Response:
    state: AppState = request.app.state.entangle
    try:
        chosen = Format(fmt)
    except ValueError:
        return PlainTextResponse("NOT_FOUND: export formats are ftm and graphml\n", 404)
    try:
        role = await authenticate(request, state.keys, state.settings.anonymous_role)
        scope = scope_of(request)
        db = await bookmarks.view(state.db, request)  # the client's own writes included
        Context(state, role, db=db).require("admin" if scope.whole else "reader", "this export")
        chunks = export_text(db, scope, chosen)
        first = await anext(chunks)  # resolves the part: its errors are still HTTP errors
    except EntangleError as exc:
        status = STATUS.get(exc.code, 500)
        message = str(exc) if status != 500 else "the export failed"
        return PlainTextResponse(f"{exc.code}: {message}\n", status_code=status)

    async def body() -> AsyncIterator[str]:
        yield first
        async for chunk in chunks:
            yield chunk

    return StreamingResponse(
        body(),
        media_type=f"{chosen.media_type}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_filename(scope, chosen)}"'},
    )
