"""Exports of the graph or a part of it as FollowTheMoney JSON Lines or GraphML
(docs/export.md), shared by ``entangle export`` and the API's ``GET /export…`` routes.

``export_text`` is an async iterator of text chunks: it reads page by page
(``core.export.reads``) and writes each page's lines before reading the next, so the
memory an export takes does not grow with the graph. Only reads, with read access.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterable
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


class _Chunks:
    """The export's text in chunks of ``_CHUNK`` elements of a kind, with the counts (and
    ``progress`` called at each chunk and at the end of each kind)."""

    def __init__(self, progress: ProgressCallback | None) -> None:
        self.progress = progress
        self.counts: dict[str, int] = {}
        self.buffer: list[str] = []

    async def stage(
        self,
        what: str,
        rows: AsyncIterator[Row],
        render: Callable[[Row], Iterable[str]],
        seen: Callable[[Row], None] | None = None,
    ) -> AsyncIterator[str]:
        """Every row of one kind rendered; ``seen`` is told of each row."""
        async for row in rows:
            self.buffer += render(row)
            if seen is not None:
                seen(row)
            done = self.counts[what] = self.counts.get(what, 0) + 1
            if done % _CHUNK == 0:
                self._report(what)
                yield self.flush()
        self._report(what)

    def flush(self) -> str:
        text = "".join(self.buffer)
        self.buffer.clear()
        return text

    def _report(self, what: str) -> None:
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
    chunks = _Chunks(progress)
    body = _ftm(db, part, chunks) if fmt is Format.FTM else _graphml(db, part, chunks)
    async for chunk in body:
        yield chunk
    if counts is not None:
        counts.update(chunks.counts)


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


async def _ftm(db: Database, part: Part | None, chunks: _Chunks) -> AsyncIterator[str]:
    # A part's documents are the sources it cites; the whole graph's are every source.
    cited: set[str] | None = None if part is None else set()
    for what, rows, lines, key in _stages(db, part):
        seen = None if cited is None else _citing(cited, key)
        async for chunk in chunks.stage(what, rows, _json_lines(lines), seen):
            yield chunk
    documents = reads.sources(db, cited)  # once every cited source is known
    async for chunk in chunks.stage("sources", documents, _one(_document)):
        yield chunk
    yield chunks.flush()


async def _graphml(db: Database, part: Part | None, chunks: _Chunks) -> AsyncIterator[str]:
    chunks.buffer.append(graphml.header())
    kinds: tuple[tuple[str, AsyncIterator[Row], Callable[[Row], str]], ...] = (
        ("entities", reads.entities(db, part), graphml.node),
        ("relationships", reads.relationships(db, part), graphml.edge),
        ("same-as links", reads.same_as(db, part), graphml.judgement_edge),
    )
    for what, rows, render in kinds:
        async for chunk in chunks.stage(what, rows, _one(render)):
            yield chunk
    chunks.buffer.append(graphml.FOOTER)
    yield chunks.flush()


def _json_lines(lines: Callable[[Row], list[ftm.FtmEntity]]) -> Callable[[Row], list[str]]:
    return lambda row: [_json(line) for line in lines(row)]


def _one(render: Callable[[Row], str]) -> Callable[[Row], list[str]]:
    return lambda row: [render(row)]


def _document(row: Row) -> str:
    return _json(ftm.document_line(row["s"]))


def _citing(cited: set[str], key: str) -> Callable[[Row], None]:
    """Adds the sources the element under ``key`` of each row cites to ``cited``."""
    return lambda row: cited.update(row[key].get("cite_source") or ())


__all__ = ["Format", "Part", "ProgressCallback", "Scope", "export_text"]
