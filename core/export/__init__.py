"""Exports of the graph or a part of it as FollowTheMoney JSON Lines or GraphML
(docs/export.md), shared by ``entangle export`` and the API's ``GET /export…`` routes.

``export_text`` is an async iterator of text chunks: it reads page by page
(``core.export.reads``) and writes each page's lines before reading the next, so the
memory an export takes does not grow with the graph. Only reads, with read access.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from enum import StrEnum

from entanglements.core.db.database import Database, Row
from entanglements.core.export import ftm, graphml, reads
from entanglements.core.export.reads import Part
from entanglements.core.export.scope import Scope, resolve_part


class Format(StrEnum):
    FTM = "ftm"
    GRAPHML = "graphml"

    @property
    def suffix(self) -> str:
        return ".ftm.jsonl" if self is Format.FTM else ".graphml"

    @property
    def media_type(self) -> str:
        return "application/x-ndjson" if self is Format.FTM else "application/graphml+xml"


#: ``progress(what, done)``: called as each kind of element is written (``what``:
#: entities, relationships, listings, sources), with the count so far.
ProgressCallback = Callable[[str, int], None]

#: Elements per chunk of text handed to the writer.
_CHUNK = 500


class _Counter:
    def __init__(self, progress: ProgressCallback | None) -> None:
        self.progress = progress
        self.counts: dict[str, int] = {}

    def tick(self, what: str) -> bool:
        """Count one element; True when a chunk is due."""
        done = self.counts[what] = self.counts.get(what, 0) + 1
        if done % _CHUNK == 0:
            if self.progress is not None:
                self.progress(what, done)
            return True
        return False

    def finish(self, what: str) -> None:
        if self.progress is not None:
            self.progress(what, self.counts.get(what, 0))


async def export_text(
    db: Database,
    scope: Scope,
    fmt: Format,
    progress: ProgressCallback | None = None,
    counts: dict[str, int] | None = None,
) -> AsyncIterator[str]:
    """The export of ``scope`` in ``fmt``, in chunks of text. The part is resolved first,
    so an unknown entity or a bad argument fails before any text (BadInputError,
    NotFoundError); ``counts`` (when given) receives how many of each kind were written."""
    part = await resolve_part(db, scope)
    counter = _Counter(progress)
    body = _ftm(db, part, counter) if fmt is Format.FTM else _graphml(db, part, counter)
    async for chunk in body:
        yield chunk
    if counts is not None:
        counts.update(counter.counts)


def _json(line: ftm.FtmEntity) -> str:
    return json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n"


def _stages(
    db: Database, part: Part | None
) -> list[tuple[str, AsyncIterator[Row], Callable[[Row], list[ftm.FtmEntity]], str]]:
    """(what, rows, the FtM lines of a row, the row's key of the cited element)."""
    return [
        ("entities", reads.entities(db, part), lambda r: ftm.entity_lines(r["e"]), "e"),
        (
            "relationships",
            reads.relationships(db, part),
            lambda r: ftm.relationship_lines(r["r"]),
            "r",
        ),
        ("listings", reads.listings(db, part), lambda r: ftm.listing_lines(r["l"], r["list"]), "l"),
    ]


async def _ftm(db: Database, part: Part | None, counter: _Counter) -> AsyncIterator[str]:
    # A part's documents are the sources it cites; the whole graph's are every source.
    cited: set[str] | None = None if part is None else set()
    buffer: list[str] = []
    for what, rows, lines, key in _stages(db, part):
        async for row in rows:
            buffer += map(_json, lines(row))
            if cited is not None:
                cited.update(row[key].get("cite_source") or ())
            if counter.tick(what):
                yield "".join(buffer)
                buffer.clear()
        counter.finish(what)
    async for row in reads.sources(db, cited):
        buffer.append(_json(ftm.document_line(row["s"])))
        if counter.tick("sources"):
            yield "".join(buffer)
            buffer.clear()
    counter.finish("sources")
    yield "".join(buffer)


async def _graphml(db: Database, part: Part | None, counter: _Counter) -> AsyncIterator[str]:
    buffer = [graphml.header()]
    async for row in reads.entities(db, part):
        buffer.append(graphml.node(row))
        if counter.tick("entities"):
            yield "".join(buffer)
            buffer.clear()
    counter.finish("entities")
    async for row in reads.relationships(db, part):
        buffer.append(graphml.edge(row))
        if counter.tick("relationships"):
            yield "".join(buffer)
            buffer.clear()
    counter.finish("relationships")
    buffer.append(graphml.FOOTER)
    yield "".join(buffer)


__all__ = ["Format", "Part", "ProgressCallback", "Scope", "export_text"]
