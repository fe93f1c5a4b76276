"""``entangle screen`` and ``entangle compare``: the matcher over files.

``screen PARTNERS.csv`` looks every row up in the graph (100 rows per round trip, two
round trips in flight), scores the candidates in ``ENTANGLE_MATCH_WORKERS`` processes, and
writes each input row with its best candidates, scores, verdicts, explanations and
listings; with ``--exposure-hops N`` also the listed parties within N hops of the best
match. ``compare PAIRS`` scores pairs of names without the database. Output is CSV or JSON
Lines by ``--out``'s extension, a table on standard output without it.

Partner files are dirty: a cell that cannot be read (a date, a country, a kind) is ignored
for its row and said in the row's ``warnings``; a row with no usable name is not screened,
is named on standard error by its line, and appears in the output with its ``error``; the
command then exits ``SOME_SKIPPED`` (3) after writing everything else. A file that is not
a readable CSV with a ``name`` column is an error (exit 2), and for ``compare`` so is any
bad row (``file:line: reason``).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from entanglements.cli.database import with_database
from entanglements.cli.output import (
    ProgressBar,
    atomic_output,
    note,
    out,
    table,
    text_cell,
    write_csv,
)
from entanglements.core.db.database import Database
from entanglements.core.dossier.build import hop_text
from entanglements.core.errors import BadInputError
from entanglements.core.matching import compare as core_compare
from entanglements.core.matching.files import PartyRow, UnscreenableRow, read_pairs, read_parties
from entanglements.core.matching.screening import MAX_BATCH, Candidate, fetch, rank_in
from entanglements.core.reads.exposure import sanctions_exposure
from entanglements.core.settings import Settings, get_settings
from entanglements.core.workers import WorkerPool

Record = dict[str, Any]

#: Exit code of ``screen`` when every row it could screen is written but some could not be.
SOME_SKIPPED = 3

ListsOption = Annotated[
    list[str] | None,
    typer.Option("--lists", help="Only candidates listed on these list ids (repeatable)."),
]
ThresholdOption = Annotated[
    float | None,
    typer.Option(
        help="Score from which a candidate is a match (default ENTANGLE_MATCH_THRESHOLD)."
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", help="Write .csv or .jsonl here (default: a table on standard output)."),
]


def threshold_of(settings: Settings, value: float | None) -> float:
    if value is None:
        return settings.match_threshold
    if not 0.0 <= value <= 1.0:
        raise BadInputError(f"--threshold must be between 0 and 1, got {value}")
    return value


def screen(
    partners: Annotated[
        Path, typer.Argument(help="CSV with a name column (see docs/screening.md).")
    ],
    lists: ListsOption = None,
    threshold: ThresholdOption = None,
    first: Annotated[int, typer.Option(min=1, max=50, help="Candidates per row.")] = 3,
    exposure_hops: Annotated[
        int | None,
        typer.Option(min=1, help="Also list the listed parties within N hops of the best match."),
    ] = None,
    out_path: OutOption = None,
) -> None:
    """Screen a partner list against the graph (or against --lists)."""
    settings = get_settings()
    limit = threshold_of(settings, threshold)
    _check_out(out_path)
    if exposure_hops is not None and exposure_hops > settings.max_hops:
        raise BadInputError(f"--exposure-hops: at most {settings.max_hops} (ENTANGLE_MAX_HOPS)")
    rows = read_parties(partners)
    screenable = [r for r in rows if isinstance(r, PartyRow)]
    unscreenable = [r for r in rows if isinstance(r, UnscreenableRow)]
    records = with_database(
        lambda db: _screen(db, screenable, lists, limit, first, exposure_hops), settings
    )
    records += [{**r.values, "line": r.line, "error": r.reason} for r in unscreenable]
    records.sort(key=lambda r: int(r["line"]))
    columns = ["line", "name", "match_id", "match_name", "score", "match", "warnings", "error"]
    emit(records, out_path, columns)
    for row in unscreenable:
        note(f"{partners}:{row.line}: not screened: {row.reason}")
    if unscreenable:
        note(f"{len(unscreenable)} of {len(rows)} rows not screened (exit {SOME_SKIPPED})")
        raise typer.Exit(SOME_SKIPPED)


#: Candidate lookups in flight while the matcher scores: Neo4j answers one on each core.
AHEAD = 2


async def _screen(
    db: Database,
    rows: list[PartyRow],
    lists: Sequence[str] | None,
    threshold: float,
    first: int,
    hops: int | None,
) -> list[Record]:
    """Neo4j looks up the next batches while the matcher's worker processes score this one."""
    records: list[Record] = []
    batches = [rows[i : i + MAX_BATCH] for i in range(0, len(rows), MAX_BATCH)]
    pending: dict[int, asyncio.Task[list[dict[str, Any]]]] = {}

    def look_up(n: int) -> None:
        if n < len(batches) and n not in pending:
            pending[n] = asyncio.create_task(fetch(db, [r.party for r in batches[n]], lists, first))

    # Forked before any connection is open, and cold: each worker builds rigour's taggers
    # for the kinds it meets, on first use (seconds of CPU, at a lower priority than Neo4j).
    # Warming up here first would hold the GIL for seconds, starving the lookups, and build
    # the taggers of every kind, most of which a partner list never needs.
    pool = WorkerPool(db.settings.match_workers)
    try:
        for n in range(AHEAD):
            look_up(n)
        with ProgressBar("rows") as bar:
            for n, batch in enumerate(batches):
                fetched = await pending.pop(n)
                look_up(n + AHEAD)
                found = await rank_in(pool, [r.party for r in batch], fetched, threshold, first)
                for row, candidates in zip(batch, found, strict=True):
                    record = _screened(row, candidates)
                    if hops is not None and candidates and candidates[0].comparison.match:
                        record["exposure"] = await _exposure(db, candidates[0], hops, lists)
                    records.append(record)
                bar.advance("screening", len(batch), len(rows))
    finally:
        for task in pending.values():
            task.cancel()
        pool.close()
    return records


def _screened(row: PartyRow, candidates: list[Candidate]) -> Record:
    best = candidates[0] if candidates else None
    return {
        **row.values,
        "line": row.line,
        "warnings": list(row.warnings),
        "error": "",
        "match_id": best.entity.id if best else "",
        "match_name": best.entity.name if best else "",
        "score": best.comparison.score if best else 0.0,
        "match": bool(best and best.comparison.match),
        "lists": list(best.lists) if best else [],
        "explanation": best.comparison.explanation if best else "no candidate",
        "candidates": [
            {
                "id": c.entity.id,
                "name": c.entity.name,
                "kind": c.entity.kind,
                "score": c.comparison.score,
                "match": c.comparison.match,
                "lists": list(c.lists),
                "explanation": c.comparison.explanation,
            }
            for c in candidates
        ],
    }


async def _exposure(
    db: Database, best: Candidate, hops: int, lists: Sequence[str] | None
) -> list[Record]:
    report = await sanctions_exposure(db, best.entity.id, max_hops=hops, lists=lists, first=50)
    refs = report.references
    return [
        {
            "id": e.entity.id,
            "name": e.entity.name,
            "distance": e.distance,
            "lists": sorted({li.list_id for li in e.listings}),
            # the shortest path, hop by hop (a judgement hop says who judged it)
            "path": [hop_text(h, refs) for h in e.paths[0].hops] if e.paths else [],
        }
        for e in report.exposures
    ]


def compare(
    pairs: Annotated[
        Path, typer.Argument(help="CSV schema,name1,name2 or JSON Lines {schema,a,b}.")
    ],
    threshold: ThresholdOption = None,
    out_path: OutOption = None,
) -> None:
    """Score pairs of names (no database): every input row with score, match, explanation."""
    limit = threshold_of(get_settings(), threshold)
    _check_out(out_path)
    records = []
    for row in read_pairs(pairs):
        result = core_compare(row.a, row.b, limit)
        records.append(
            {
                **row.values,
                "line": row.line,
                "score": result.score,
                "match": result.match,
                "explanation": result.explanation,
            }
        )
    emit(records, out_path, ["line", "name1", "name2", "score", "match"])


def _check_out(path: Path | None) -> None:
    if path is not None and path.suffix.lower() not in (".csv", ".jsonl"):
        raise BadInputError(f"--out {path}: expected a .csv or .jsonl file name")


def _cell(value: Any) -> str:
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return "; ".join(_summary(v) for v in value)
        return ";".join(str(v) for v in value)
    return text_cell(value)


def _summary(item: Record) -> str:
    text = f"{item.get('name', '')} [{item.get('id', '')}]"
    if "score" in item:
        text += f" {item['score']:.2f}"
    if "distance" in item:
        text += f" ({item['distance']} hops)"
    if item.get("lists"):
        text += f" on {','.join(item['lists'])}"
    if item.get("path"):
        text += f" via {' | '.join(item['path'])}"
    return text


def emit(records: list[Record], path: Path | None, table_columns: list[str]) -> None:
    if path is None:
        columns = [*table_columns, "explanation"]
        out.print(table(columns, ([_cell(r.get(c)) for c in columns] for r in records)))
        return
    with atomic_output(path) as f:
        if path.suffix.lower() == ".jsonl":
            for record in records:
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            columns = list(dict.fromkeys(k for r in records for k in r))
            write_csv(f, columns, ([_cell(r.get(c)) for c in columns] for r in records))
    note(f"wrote {len(records)} rows to {path}")
