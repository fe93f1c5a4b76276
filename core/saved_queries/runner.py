"""Running a saved query: checked, read-only, time-limited and row-capped.

Three locks, each enough on its own for what it covers:
1. the text check (``safety``), again at run time, because the file may have changed;
2. ``EXPLAIN`` in the same transaction, whose summary must say the query type is ``r``;
3. a read transaction, in which Neo4j itself refuses any write.
The transaction has ``ENTANGLE_QUERY_TIMEOUT`` as its server-side timeout, and at most
``ENTANGLE_MAX_ROWS`` rows come back (``truncated`` says when there were more).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, LiteralString

import neo4j
from neo4j import exceptions as neo4j_errors

from entanglements.core.db.database import Database
from entanglements.core.db.driver import translate
from entanglements.core.errors import BadInputError, EntangleError
from entanglements.core.saved_queries.library import Library, display_path, load_file, load_library
from entanglements.core.saved_queries.model import QueryResult, SavedQuery
from entanglements.core.saved_queries.params import coerce_parameters
from entanglements.core.saved_queries.safety import check_file_text
from entanglements.core.saved_queries.values import to_json
from entanglements.core.settings import Settings

READ_ONLY = "r"  # the query type of a plan that only reads


def prepare(
    settings: Settings,
    name: str,
    raw_params: Mapping[str, Any],
    *,
    from_strings: bool,
    library: Library | None = None,
) -> tuple[SavedQuery, dict[str, Any]]:
    """The query, re-read and re-checked from its file, and its Cypher parameters."""
    query = (library or load_library(settings)).get(name)
    # Re-load the file: what runs is what is on disk now, checked now.
    query = load_file(query.path)
    return query, coerce_parameters(query, raw_params, from_strings=from_strings)


def _statement(query: SavedQuery) -> LiteralString:
    """The query's text, checked again: what runs is what is on disk now, checked now."""
    check_file_text(query.text, display_path(query.path))
    # The driver types its text as LiteralString to discourage building Cypher from user
    # input. A saved query's text comes from a file the library checked; user input only ever
    # arrives as bound parameters. (mypy treats LiteralString as str, so no cast is needed.)
    return query.text.strip().removesuffix(";")


def _refuse_unless_read(query: SavedQuery, summary: neo4j.ResultSummary) -> None:
    if summary.query_type != READ_ONLY:
        raise BadInputError(
            f"{display_path(query.path)}: refused: Neo4j plans it as query type "
            f"{summary.query_type!r}, not read-only ('r')"
        )


def _result(columns: list[str], records: list[neo4j.Record], cap: int) -> QueryResult:
    """At most ``cap`` rows; the caller fetched ``cap + 1`` records to know if there were more."""
    rows = [[to_json(value) for value in record.values()] for record in records[:cap]]
    return QueryResult(columns, rows, truncated=len(records) > cap)


def _translate(exc: Exception, query: SavedQuery, settings: Settings) -> EntangleError:
    """Errors in the query itself name the query (never its file's path, which is the
    server's business); the rest are the database's."""
    if isinstance(exc, EntangleError):
        return exc
    code = getattr(exc, "code", None) or ""
    origin = f"saved query {query.name!r}"
    if "AccessMode" in code or "ForbiddenOnReadOnlyDatabase" in code:
        return BadInputError(f"{origin}: refused: Neo4j reports that it writes")
    if isinstance(exc, neo4j_errors.ClientError) and code.startswith("Neo.ClientError.Statement"):
        message = (getattr(exc, "message", None) or str(exc)).strip().splitlines()[0]
        return BadInputError(f"{origin}: Neo4j rejected the query: {message[:300]}")
    return translate(exc, settings)


async def run_saved_query(
    db: Database,
    name: str,
    raw_params: Mapping[str, Any],
    *,
    from_strings: bool = False,
    library: Library | None = None,
) -> QueryResult:
    """Run the saved query ``name`` with the caller's parameters (see the module doc)."""
    query, params = prepare(
        db.settings, name, raw_params, from_strings=from_strings, library=library
    )
    return await run_query(db, query, params)


async def run_query(db: Database, query: SavedQuery, params: dict[str, Any]) -> QueryResult:
    """Run an already prepared query in a READ transaction."""
    statement, cap = _statement(query), db.settings.max_rows

    @neo4j.unit_of_work(timeout=db.settings.query_timeout_s)
    async def work(tx: neo4j.AsyncManagedTransaction) -> QueryResult:
        explained = await tx.run("EXPLAIN " + statement, params)
        _refuse_unless_read(query, await explained.consume())
        result = await tx.run(statement, params)
        return _result(list(result.keys()), await result.fetch(cap + 1), cap)

    try:
        return await db.read_tx(work)
    except EntangleError as exc:
        cause = exc.__cause__
        if isinstance(cause, neo4j_errors.Neo4jError | neo4j_errors.DriverError):
            raise _translate(cause, query, db.settings) from cause
        raise
