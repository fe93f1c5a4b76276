"""``entangle resolve`` and ``entangle judge``: entity resolution from the command line.

``resolve`` proposes pairs of entities that are probably one party (docs/screening.md);
``--auto-accept SCORE`` judges the pairs scoring at least SCORE the same (off unless
asked). ``judge A B same|different|unsure|none`` records an analyst's decision.
"""

from __future__ import annotations

import getpass
from typing import Annotated, Any

import typer

from entanglements.cli.database import with_bookmarks, with_database
from entanglements.cli.output import JsonOption, err, written
from entanglements.cli.screen import ListsOption, OutOption, ThresholdOption, emit, threshold_of
from entanglements.core.db.database import Database
from entanglements.core.errors import BadInputError
from entanglements.core.matching.resolve import Proposal, propose
from entanglements.core.resolution.judgements import Judgement
from entanglements.core.resolution.judgements import judge as core_judge
from entanglements.core.settings import get_settings


def _who() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def judge(
    a: Annotated[str, typer.Argument(help="An entity id.")],
    b: Annotated[str, typer.Argument(help="Another entity id.")],
    judgement: Annotated[Judgement, typer.Argument(help="same, different, unsure or none (undo).")],
    note: Annotated[str | None, typer.Option(help="Why (kept with the judgement).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Judge whether two entities are the same party."""
    by = _who()
    row, bookmarks = with_bookmarks(lambda db: core_judge(db, a, b, judgement, note=note, by=by))
    if as_json:
        written(row, bookmarks)
    err.print(f"judged {row.a} / {row.b}: {row.verdict.value} (by {row.by}, {row.at})")


def resolve(
    lists: ListsOption = None,
    threshold: ThresholdOption = None,
    auto_accept: Annotated[
        float | None,
        typer.Option(help="Judge SAME every proposal scoring at least this (off by default)."),
    ] = None,
    out_path: OutOption = None,
) -> None:
    """Propose pairs of entities from different sources that are probably the same."""
    settings = get_settings()
    limit = threshold_of(settings, threshold)
    if auto_accept is not None and not limit <= auto_accept <= 1.0:
        raise BadInputError(f"--auto-accept must be between the threshold and 1, got {auto_accept}")
    by = f"{_who()} --auto-accept"

    async def work(db: Database) -> tuple[list[Proposal], int]:
        proposals = await propose(db, lists=lists, threshold=limit)
        accepted = 0
        if auto_accept is not None:
            for p in proposals:
                if p.comparison.score >= auto_accept:
                    note = f"auto-accepted at score {p.comparison.score:.2f}"
                    await core_judge(db, p.a.id, p.b.id, Judgement.SAME, note=note, by=by)
                    accepted += 1
        return proposals, accepted

    proposals, accepted = with_database(work, settings)
    emit(
        [_record(p, auto_accept) for p in proposals],
        out_path,
        ["a", "a_name", "b", "b_name", "score", "judged"],
    )
    if auto_accept is not None:
        err.print(f"{accepted} of {len(proposals)} proposals judged same")


def _record(p: Proposal, auto_accept: float | None) -> dict[str, Any]:
    accepted = auto_accept is not None and p.comparison.score >= auto_accept
    return {
        "a": p.a.id,
        "a_name": p.a.name,
        "b": p.b.id,
        "b_name": p.b.name,
        "score": p.comparison.score,
        "judged": "same" if accepted else "",
        "explanation": p.comparison.explanation,
    }
