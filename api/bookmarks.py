"""Read your writes across instances: Neo4j bookmarks in and out of the API.

A mutation's answer carries the bookmarks of the transactions it committed in
``extensions.bookmarks`` (a JSON list of raw bookmark strings, as Neo4j returned them). A
client sends them back on any later request, to any instance, in one ``Entangle-Bookmarks``
header, comma-separated (several such headers are joined, as HTTP joins list headers); the
request's reads and writes then start only once the member serving them has the state those
bookmarks name (docs/api.md, docs/deployment.md). Neo4j 5's bookmarks are ``FB:`` and
base64, never a comma. A malformed value is BAD_USER_INPUT (HTTP 400) before anything runs;
one the server does not know as a bookmark is BAD_USER_INPUT too (core/db/database.py).
"""

from __future__ import annotations

from typing import Any, LiteralString

from starlette.requests import HTTPConnection
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from entanglements.core.db.database import Database

HEADER = "Entangle-Bookmarks"


def requested(connection: HTTPConnection) -> list[str]:
    """The raw bookmarks the client sent (none when it sent no header)."""
    values = connection.headers.getlist(HEADER)
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


async def view(db: Database, connection: HTTPConnection) -> Database:
    """The request's own view of the app's database: it starts after the client's
    bookmarks and keeps those of the request's writes, never another request's.

    With bookmarks, one trivial read runs first: the member serving it waits until it has
    their state (Neo4j's ``db.transaction.bookmark_ready_timeout``, then
    DATABASE_UNAVAILABLE) or refuses them, so a bad bookmark is one BAD_USER_INPUT (HTTP
    400) for the request rather than an error on every field, and the request's own reads
    do not wait again."""
    bookmarks = requested(connection)
    found = db.after(bookmarks)  # BadInputError on a malformed one
    if bookmarks:
        await found.read(_CAUGHT_UP)
    return found


_CAUGHT_UP: LiteralString = "RETURN true AS caught_up"


class MutationBookmarks(SchemaExtension):
    """``extensions.bookmarks`` on every mutation's answer: the bookmarks after its last
    write (those the client sent when it wrote nothing, e.g. a refused mutation)."""

    def get_results(self) -> dict[str, Any]:
        execution = self.execution_context
        if execution.graphql_document is None:  # it did not parse: no operation ran
            return {}
        try:
            kind = execution.operation_type
        except RuntimeError:  # no operation of the name asked for: nothing ran
            return {}
        if kind is not OperationType.MUTATION:
            return {}
        db = getattr(execution.context, "db", None)
        return {"bookmarks": db.bookmarks if isinstance(db, Database) else []}
