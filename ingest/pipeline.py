"""The ingest: validate everything (pass 1), then write it in batches (pass 2).

Pass 1 streams every input through its parser and the pydantic models, checks references
and id meanings across the whole input set and against the graph, and spools the valid
rows to disk. Unless ``skip_invalid``, one invalid record means nothing is written. Pass 2
writes the spooled rows, one managed transaction per batch, under an ``IngestRun``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import tempfile
import time
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from entanglements.core.dates import PartialDate, PartialDateError
from entanglements.core.db.database import Database
from entanglements.core.db.driver import translate
from entanglements.core.errors import BadInputError, EntangleError
from entanglements.core.models import MAX_ENTITY_NAMES, EntityRecord, ListingRecord
from entanglements.core.schema import is_migrated, migrate
from entanglements.core.settings import Settings
from entanglements.core.watch.check import check_watches
from entanglements.ingest.checks import Checker, Rejection
from entanglements.ingest.collector import fewer_collections
from entanglements.ingest.concurrency import ConcurrentWrites
from entanglements.ingest.errors import InvalidInputError
from entanglements.ingest.inputs import resolve, sha256
from entanglements.ingest.lookup import FromThread, GraphLookup
from entanglements.ingest.parsers import Item, parse
from entanglements.ingest.parsers.base import item
from entanglements.ingest.parsers.ftm_mapping import mapped_inputs
from entanglements.ingest.parsers.lists.entries import ListVersion
from entanglements.ingest.rejects import RejectsWriter
from entanglements.ingest.runs import Run, close_abandoned
from entanglements.ingest.snapshot import Snapshot
from entanglements.ingest.spool import WRITE_ORDER, Spool
from entanglements.ingest.summary import RECORD_TYPES, IngestSummary, Problem, TypeCounts
from entanglements.ingest.write_rows import Row, group_of, to_row
from entanglements.ingest.writer import BatchCounts, creates, write_batch

#: Problems kept on the summary; beyond this they are counted, not listed.
MAX_PROBLEMS = 10_000
#: Validation progress is reported every this many records.
PROGRESS_EVERY = 2_000


@dataclass(frozen=True, slots=True)
class Progress:
    phase: Literal["validate", "write"]
    done: int
    total: int | None


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True, slots=True)
class _Stream:
    """The items of one input, where its rejects go, and its record type if it has one."""

    label: str
    items: Iterable[Item]
    rejects: Path | None
    record_type: str | None = None


async def ingest_paths(
    db: Database,
    paths: Sequence[str | Path],
    *,
    fmt: str = "auto",
    dry_run: bool = False,
    skip_invalid: bool = False,
    batch_size: int | None = None,
    progress: ProgressCallback | None = None,
    snapshot: bool = False,
    version_date: str | None = None,
    mapping: str | Path | None = None,
) -> IngestSummary:
    """Ingest files and folders (``-`` is standard input). Raises ``InvalidInputError``
    (a ``BadInputError``) for invalid input and ``DatabaseUnavailableError`` when Neo4j fails.

    ``snapshot``: every official list file is the whole current version of its lists
    (ingest/snapshot.py); ``version_date`` dates list files that state no date.
    ``mapping``: a FollowTheMoney mapping file; ``paths`` are then CSV files it is applied
    to (none: its queries' ``csv_url``), ingest/parsers/ftm_mapping.py."""
    with tempfile.TemporaryDirectory(prefix="entangle-ingest-") as tmp:
        streams, run = await _streams(paths, fmt, Path(tmp), skip_invalid, version_date, mapping)
        job = _Job(db, run, Path(tmp), skip_invalid, batch_size, progress)
        job.snapshot = Snapshot(db, job.blocking) if snapshot else None
        return await job.execute(streams, dry_run=dry_run)


@dataclass
class Validated:
    """Pass 1's outcome without pass 2 (the bulk import, ingest/bulk.py): the run to
    record, the summary with every record read, and the spooled valid rows."""

    run: Run
    summary: IngestSummary
    spool: Spool
    rejected: set[int]
    batch_size: int
    checker: Checker

    def batches(self, group: str) -> Iterator[list[Row]]:
        """The rows of a write group in the batches pass 2 would write them in."""
        return self.spool.batches(group, self.batch_size, self.rejected)


@contextlib.asynccontextmanager
async def validated(
    db: Database,
    paths: Sequence[str | Path],
    *,
    fmt: str = "auto",
    skip_invalid: bool = False,
    batch_size: int | None = None,
    progress: ProgressCallback | None = None,
    version_date: str | None = None,
    mapping: str | Path | None = None,
) -> AsyncIterator[Validated]:
    """Pass 1 of ``ingest_paths`` alone, with the same parsers, checks and rows; the rows
    stay on disk while the caller uses them. Raises ``InvalidInputError`` as the ingest
    does, but records no run (nothing is written)."""
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="entangle-ingest-") as tmp, fewer_collections():
        streams, run = await _streams(paths, fmt, Path(tmp), skip_invalid, version_date, mapping)
        job = _Job(db, run, Path(tmp), skip_invalid, batch_size, progress)
        try:
            await job.pass_one(streams)
            assert job.checker is not None
            job.summary.seconds = round(time.perf_counter() - began, 3)
            yield Validated(run, job.summary, job.spool, job.rejected, job.batch_size, job.checker)
        finally:
            job.spool.discard()


async def _streams(
    paths: Sequence[str | Path],
    fmt: str,
    tmp: Path,
    skip_invalid: bool,
    version_date: str | None,
    mapping: str | Path | None,
) -> tuple[list[_Stream], Run]:
    """Every input's stream of items, and the run that records them."""
    if mapping is not None:
        return _mapped(Path(mapping), paths, skip_invalid)
    inputs = await asyncio.to_thread(resolve, list(paths), fmt, tmp, _checked_date(version_date))
    streams = [
        _Stream(i.label, parse(i), i.rejects_path if skip_invalid else None, i.record_type)
        for i in inputs
    ]
    return streams, Run("cli", [i.label for i in inputs], [sha256(i.path) for i in inputs])


def _mapped(
    mapping: Path, paths: Sequence[str | Path], skip_invalid: bool
) -> tuple[list[_Stream], Run]:
    """The streams of a mapping's queries over their CSV files, and the run that names the
    mapping file and every CSV file read."""
    if any(str(p) == "-" for p in paths):
        raise BadInputError("--mapping reads CSV files, not standard input")
    inputs = mapped_inputs(mapping, [Path(p) for p in paths])
    streams = [
        _Stream(
            i.label,
            i.items,
            i.path.with_name(i.path.name + ".rejects.jsonl") if skip_invalid else None,
        )
        for i in inputs
    ]
    files = [mapping, *dict.fromkeys(i.path for i in inputs)]
    return streams, Run("cli", [str(f) for f in files], [sha256(f) for f in files])


def _checked_date(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        return str(PartialDate.parse(text))
    except PartialDateError as exc:
        raise BadInputError(f"--version-date: {exc}") from None


async def ingest_records(
    db: Database,
    records: Sequence[Mapping[str, Any]],
    *,
    origin: str = "api",
    skip_invalid: bool = False,
) -> IngestSummary:
    """Ingest findings records given as mappings with a ``record`` key (the GraphQL
    mutation ``ingestFindings``); locations are ``records[i]``."""
    data = [dict(r) if isinstance(r, Mapping) else r for r in records]
    digest = await asyncio.to_thread(_digest, data)
    items = (item(f"records[{i}]", r) for i, r in enumerate(data))
    with tempfile.TemporaryDirectory(prefix="entangle-ingest-") as tmp:
        run = Run(origin, ["records"], [digest])
        job = _Job(db, run, Path(tmp), skip_invalid, None, None)
        return await job.execute([_Stream("records", items, None)], dry_run=False)


def _digest(data: list[Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


class _Job:
    def __init__(
        self,
        db: Database,
        run: Run,
        folder: Path,
        skip_invalid: bool,
        batch_size: int | None,
        progress: ProgressCallback | None,
    ) -> None:
        self.db = db
        self.settings: Settings = db.settings
        self.blocking = FromThread(asyncio.get_running_loop())
        self.run = run
        self.spool = Spool(folder)
        self.skip_invalid = skip_invalid
        self.batch_size = batch_size or self.settings.batch_size
        self.progress = progress or (lambda _: None)
        self.summary = IngestSummary(run_id=run.id, outcome="ok", inputs=run.inputs)
        self.rejects = RejectsWriter()
        self.rejected: set[int] = set()
        self.rejects_of: dict[str, Path | None] = {}
        self.hidden_problems = 0
        self.checker: Checker | None = None
        self.snapshot: Snapshot | None = None
        self.total = self.done = 0  # pass 2's progress
        self.stopping = False  # set when the command is interrupted during validation

    async def execute(self, streams: list[_Stream], *, dry_run: bool) -> IngestSummary:
        began = time.perf_counter()
        with fewer_collections():
            return await self._execute(streams, dry_run=dry_run, began=began)

    async def _execute(
        self, streams: list[_Stream], *, dry_run: bool, began: float
    ) -> IngestSummary:
        try:
            if not dry_run:
                await self._ensure_schema()
            try:
                await self.pass_one(streams)
            except InvalidInputError:
                if not dry_run:
                    await self.run.finish(self.db, self.summary)
                raise
            if dry_run:
                self.summary.outcome = "dry-run"
                self.summary.delisted = self.snapshot.absent() if self.snapshot else 0
            else:
                await self._write()
                await self._check_watches()
            return self.summary
        finally:
            self.spool.discard()
            self.summary.seconds = round(time.perf_counter() - began, 3)

    async def _check_watches(self) -> None:
        """The end of every ingest: compare each watched entity's exposure with the last
        one (core/watch/). A failing check is reported, not raised: the data is written."""
        if not self.settings.watch_after_ingest:
            return
        try:
            result = await check_watches(self.db, run_id=self.run.id)
        except EntangleError as exc:
            self.summary.watch_error = str(exc)
            return
        self.summary.alerts = len(result.alerts)

    async def _ensure_schema(self) -> None:
        try:
            if not await is_migrated(self.db):
                await migrate(self.db)
            await close_abandoned(self.db)  # runs a killed process left running
        except Exception as exc:
            raise translate(exc, self.settings) from exc

    # --- pass 1 -------------------------------------------------------------------------

    async def pass_one(self, streams: list[_Stream]) -> None:
        """Validate and spool every input; ``InvalidInputError`` (outcome ``invalid``) when
        a record is invalid and ``skip_invalid`` is off."""
        lookup = await GraphLookup.open(self.db, self.blocking)
        # Parsing and validation are CPU-bound and synchronous: a worker thread runs
        # them, off the event loop; their graph reads come back to it (``FromThread``).
        try:
            await asyncio.to_thread(self._validate, streams, lookup)
        except asyncio.CancelledError:
            self.stopping = True  # the thread stops at its next record
            raise
        self.summary.rejects_files = self.rejects.close()
        if self.summary.errors and not self.skip_invalid:
            self.summary.outcome = "invalid"
            raise InvalidInputError(self.summary)

    def _validate(self, streams: list[_Stream], lookup: GraphLookup) -> None:
        checker = self.checker = Checker(lookup, keep_raw=self.skip_invalid)
        seq = 0
        for stream in streams:
            self.rejects_of[stream.label] = stream.rejects
            for entry in stream.items:
                if self.stopping:
                    return
                seq += 1
                if seq % PROGRESS_EVERY == 0:
                    self.progress(Progress("validate", seq, None))
                if entry.version is not None:
                    self._version(entry.version)
                    continue
                if entry.skipped is not None:
                    self.summary.skipped[entry.skipped] = (
                        self.summary.skipped.get(entry.skipped, 0) + 1
                    )
                    continue
                record = entry.record
                if isinstance(record, EntityRecord):
                    record = self._bounded(record)
                if self.snapshot is not None and isinstance(record, ListingRecord):
                    record = self.snapshot.listing(record)
                problem = entry.error
                if record is not None and problem is None:
                    problem = checker.check(seq, entry.location, record, entry.raw)
                kind = record.record if record is not None else _type_of(entry.raw, stream)
                if problem is not None:
                    self._reject(seq, kind, stream.rejects, entry.location, problem, entry.raw)
                    continue
                assert record is not None
                self._counts(kind).read += 1
                self.spool.add(group_of(record), seq, to_row(record))
        self.progress(Progress("validate", seq, None))
        for late in checker.finish():
            self._late(late)
        self.spool.close()

    def _bounded(self, record: EntityRecord) -> EntityRecord:
        record, dropped = record.bounded_names()
        if dropped:
            key = f"names beyond {MAX_ENTITY_NAMES} per entity"
            self.summary.skipped[key] = self.summary.skipped.get(key, 0) + dropped
        return record

    def _version(self, version: ListVersion) -> None:
        """An official list file: the run records its version; a snapshot reads its lists."""
        self.summary.versions.append(version.source_id)
        self.run.versions.append(version.source_id)
        if self.snapshot is not None:
            self.snapshot.begin(version)

    def _late(self, late: Rejection) -> None:
        if late.seq not in self.rejected:
            self._counts(late.record_type).read -= 1
        label = late.location.rsplit(":", 1)[0]
        rejects = self.rejects_of.get(label)
        self._reject(late.seq, late.record_type, rejects, late.location, late.message, late.raw)

    def _reject(
        self, seq: int, kind: str, rejects: Path | None, location: str, message: str, raw: Any
    ) -> None:
        if seq not in self.rejected:
            self.rejected.add(seq)
            self._counts(kind).rejected += 1
        if len(self.summary.errors) < MAX_PROBLEMS:
            self.summary.errors.append(Problem(location=location, message=message))
        else:
            self.hidden_problems += 1
        if self.skip_invalid:
            self.rejects.add(rejects, location, message, raw)

    def _counts(self, kind: str) -> TypeCounts:
        return self.summary.counts.setdefault(kind, TypeCounts())

    # --- pass 2 -------------------------------------------------------------------------

    async def _write(self) -> None:
        self.total = sum(c.read for c in self.summary.counts.values())
        self.done = 0
        # Pass 2 begins: a bar's clock (and the benchmark's split of the passes) starts here.
        self.progress(Progress("write", 0, self.total))
        await self.run.start(self.db)
        writes = ConcurrentWrites(self.settings.ingest_writers, self._written)
        try:
            for group in WRITE_ORDER:
                kind = group.split(":", 1)[0]
                for rows in self.spool.batches(group, self.batch_size, self.rejected):
                    all_new = self._all_new(kind, rows)
                    job = self._job(group, kind, rows, all_new)
                    await writes.submit(job, independent=all_new and creates(group))
                await writes.drain()  # a group's references must be in the graph before the next
            if self.snapshot is not None:
                self.summary.delisted = await self.snapshot.delist(self.run.id, self.batch_size)
        except (EntangleError, KeyboardInterrupt, asyncio.CancelledError) as exc:
            await writes.close()
            self.summary.outcome = "failed"
            reason = str(exc) if isinstance(exc, EntangleError) else "interrupted"
            await self._record_failure(reason)
            raise
        await writes.close()
        await self.run.finish(self.db, self.summary)

    def _job(
        self, group: str, kind: str, rows: list[Row], all_new: bool
    ) -> Callable[[], Awaitable[tuple[str, int, BatchCounts]]]:
        async def job() -> tuple[str, int, BatchCounts]:
            counts = await write_batch(self.db, group, rows, self.run.id, all_new=all_new)
            return kind, len(rows), counts

        return job

    def _written(self, result: tuple[str, int, BatchCounts]) -> None:
        kind, size, counts = result
        tally = self._counts(kind)
        tally.created += counts.created
        tally.updated += counts.updated
        tally.unchanged += counts.unchanged
        tally.retracted_kept += counts.retracted
        self.done += size
        self.progress(Progress("write", self.done, self.total))

    def _all_new(self, kind: str, rows: list[Row]) -> bool:
        """Pass 1 already asked the graph about these ids: a batch of ids it lacks (and
        the input states once) needs no second look before it is created, and no other
        batch writes its elements, so it may run beside others (ingest/concurrency.py)."""
        checker = self.checker
        return checker is not None and all(checker.certainly_new(kind, r["id"]) for r in rows)

    async def _record_failure(self, reason: str) -> None:
        """Best effort: mark the run failed (the database may be what failed: then the next
        ingest or server start marks it, ``close_abandoned``)."""
        with contextlib.suppress(EntangleError):
            await self.run.finish(self.db, self.summary, failure=reason)


def _type_of(raw: Any, stream: _Stream) -> str:
    """The record type of input that did not validate, when it can be told."""
    if stream.record_type is not None:
        return stream.record_type
    if isinstance(raw, dict) and raw.get("record") in RECORD_TYPES:
        return str(raw["record"])
    return "unknown"
