"""``entangle db import``: a first load through ``neo4j-admin database import full``.

The same pass 1 as ``entangle ingest`` (parsers, models, checks, write rows: ``validated``
in ingest/pipeline.py) feeds the import's CSV files (ingest/bulk_csv.py) instead of the
write statements. The command line (cli/db.py) replaces the store with the imported one;
then :func:`complete` brings the graph to what the ingest would have written:

1. the list properties the CSV cannot carry (empty lists) are set;
2. the schema is applied (``core/schema.migrate``: constraints and indexes are built once,
   over the whole graph, instead of upkept row by row);
3. an id the input states more than once went into the CSV at its first statement; its
   later statements are written now by the ingest's own ``write_batch``, in the batches
   the ingest would have written them in, so repeated records merge exactly as they do
   there (union of lists and citations, the newest scalar wins);
4. every derived structure is recomputed (``core/derived.RECOMPUTES``);
5. the run is recorded as an ``IngestRun``, with the counts the ingest would report.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import LiteralString

from entanglements.core.db.database import Database
from entanglements.core.db.driver import translate
from entanglements.core.derived import RECOMPUTES
from entanglements.core.errors import BadInputError, EntangleError
from entanglements.core.schema import migrate
from entanglements.core.stored import CITATION_PROPERTIES
from entanglements.ingest.bulk_csv import (
    NODE_GROUPS,
    CsvWriter,
    ImportFiles,
    element_of,
    list_properties,
    model_of,
)
from entanglements.ingest.pipeline import ProgressCallback, Validated, validated
from entanglements.ingest.runs import Run
from entanglements.ingest.spool import WRITE_ORDER
from entanglements.ingest.summary import IngestSummary, TypeCounts
from entanglements.ingest.write_rows import Row
from entanglements.ingest.writer import write_batch

#: Nodes a database may hold and still count as empty: the schema's own record, and the
#: graph version (core/db/version.py; the import replaces the store, so the next write
#: draws a new epoch and no instance's cache survives it).
_BOOKKEEPING = ("SchemaMigration", "GraphVersion")
#: Rows per transaction when the missing list properties are set.
_FILL_BATCH = 20_000

Say = Callable[[str], None]


@dataclass
class Replay:
    """The later statements of ids stated more than once, from one batch of the ingest."""

    group: str
    #: First stated earlier in the same batch: the ingest creates the id, then updates it.
    fresh: list[Row] = field(default_factory=list)
    #: First stated in an earlier batch: the ingest diffs them against the graph.
    later: list[Row] = field(default_factory=list)


@dataclass
class Converted:
    run: Run
    summary: IngestSummary
    files: ImportFiles
    replays: list[Replay]
    batch_size: int


async def ensure_empty(db: Database) -> None:
    """Refuse a database that holds anything but the schema's record (counted per label
    from Neo4j's count store: cheap on any size)."""
    labels = await db.read("CALL db.labels() YIELD label RETURN label")
    found = []
    for label in sorted(str(r["label"]) for r in labels):
        if label in _BOOKKEEPING:
            continue
        # The label comes from the database's own token list, never from a user.
        count = (await db.read(_count_query(label)))[0]["n"]
        if count:
            found.append(f"{count:,} {label}")
    if found:
        raise BadInputError(
            f"database {db.settings.neo4j_database!r} is not empty (it holds {', '.join(found)} "
            "nodes): `entangle db import` loads an empty database only; use `entangle ingest` "
            "to add to it"
        )


def _count_query(label: str) -> LiteralString:
    escaped = label.replace("`", "``")
    return "MATCH (n:`" + escaped + "`) RETURN count(n) AS n"


async def convert(
    db: Database,
    paths: Sequence[str | Path],
    folder: Path,
    *,
    fmt: str = "auto",
    skip_invalid: bool = False,
    batch_size: int | None = None,
    progress: ProgressCallback | None = None,
    version_date: str | None = None,
    mapping: str | Path | None = None,
) -> Converted:
    """Validate the input (raising ``InvalidInputError`` as the ingest does) and write the
    import's CSV files into ``folder``. Nothing is written to the database."""
    async with validated(
        db,
        paths,
        fmt=fmt,
        skip_invalid=skip_invalid,
        batch_size=batch_size,
        progress=progress,
        version_date=version_date,
        mapping=mapping,
    ) as valid:
        replays: list[Replay] = []
        with CsvWriter(folder, valid.run.id) as csv_files:
            for group in WRITE_ORDER:
                # CPU and disk only: off the event loop.
                replays += await asyncio.to_thread(_convert_group, valid, group, csv_files)
        return Converted(valid.run, valid.summary, csv_files.files, replays, valid.batch_size)


def _convert_group(valid: Validated, group: str, csv_files: CsvWriter) -> list[Replay]:
    """A group's first statement of each id to the CSV, the later ones to replay."""
    kind = group.split(":", 1)[0]
    tracked = kind not in ("entity", "relationship", "listing")  # few: every id is followed
    seen: set[str] = set()
    counts = valid.summary.counts.setdefault(kind, TypeCounts())
    replays = []
    for rows in valid.batches(group):
        replay = Replay(group)
        first_here: set[str] = set()
        for row in rows:
            id_ = row["id"]
            if not tracked and not valid.checker.repeats(kind, id_):
                csv_files.write(group, row)
                counts.created += 1
            elif id_ not in seen:
                seen.add(id_)
                first_here.add(id_)
                csv_files.write(group, row)
                counts.created += 1
            elif id_ in first_here:
                replay.fresh.append(row)
            else:
                replay.later.append(row)
        if replay.fresh or replay.later:
            replays.append(replay)
    return replays


async def complete(db: Database, converted: Converted, say: Say) -> IngestSummary:
    """After the import: what the ingest writes beyond new elements (module docstring)."""
    summary, run = converted.summary, converted.run
    try:
        say("setting the list properties the CSV files cannot carry")
        await fill_lists(db, converted.files)
        say("applying the schema (constraints and indexes over the whole graph)")
        await migrate(db)
        if converted.replays:
            say(f"writing the later statements of repeated ids ({_replayed(converted):,} rows)")
            await _replay(db, converted)
        for name, recompute in RECOMPUTES:
            say(f"recomputing {name}")
            await recompute(db)
        await run.start(db)
        await run.finish(db, summary)
    except EntangleError:
        raise
    except Exception as exc:
        raise translate(exc, db.settings) from exc
    return summary


def _replayed(converted: Converted) -> int:
    return sum(len(r.fresh) + len(r.later) for r in converted.replays)


async def _replay(db: Database, converted: Converted) -> None:
    run_id = converted.run.id
    for replay in converted.replays:
        counts = converted.summary.counts[replay.group.split(":", 1)[0]]
        if replay.fresh:
            await write_batch(db, replay.group, replay.fresh, run_id)
            counts.updated += len(replay.fresh)
        if replay.later:
            done = await write_batch(db, replay.group, replay.later, run_id)
            counts.created += done.created
            counts.updated += done.updated
            counts.unchanged += done.unchanged
            counts.retracted_kept += done.retracted


def fill_query(group: str, props: set[str]) -> LiteralString:
    """Set each of ``props`` (list properties) that an element lacks (module docstring of
    ingest/bulk_csv.py): ``[]``, or for a citation's quotes and locators one ``''`` per
    cited source. Built from the stored-field declaration and the fixed vocabulary only."""
    source, *parallel = (prop for prop, _ in CITATION_PROPERTIES)
    chosen = [p for p in list_properties(model_of(group)) if p in props]
    sets = [
        f"{p}: coalesce(x.{p}, [s IN coalesce(x.{source}, []) | ''])"
        if p in parallel
        else f"{p}: coalesce(x.{p}, [])"
        for p in chosen
    ]
    missing = " OR ".join(f"x.{p} IS NULL" for p in chosen)
    element = element_of(group)
    match = f"(x:{element})" if group in NODE_GROUPS else f"()-[x:{element}]->()"
    return (
        f"MATCH {match} WHERE {missing} "
        f"CALL (x) {{ SET x += {{{', '.join(sets)}}} }} IN TRANSACTIONS OF {_FILL_BATCH} ROWS"
    )


async def fill_lists(db: Database, files: ImportFiles) -> None:
    """In batches that commit themselves (``CALL ... IN TRANSACTIONS``)."""
    for group in WRITE_ORDER:
        if files.unfilled.get(group):
            await db.write_in_transactions(fill_query(group, files.unfilled[group]))
