"""The saved queries ignore retracted claims (docs/corrections.md): a retracted seed
relationship appears in no answer until it is unretracted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from entanglements.core.corrections.retractions import Target, retract, unretract
from entanglements.core.saved_queries import run_saved_query
from entanglements.core.settings import Settings
from tests.db import SyncDb

Rows = list[dict[str, Any]]


def runner(db: SyncDb, settings: Settings) -> Callable[..., Rows]:
    def run(name: str, **params: Any) -> Rows:
        result = db.run(run_saved_query, name, params)
        return [dict(zip(result.columns, row, strict=True)) for row in result.rows]

    return run


def mentions(run: Callable[..., Rows], rel_id: str, party: str, sources: list[str]) -> Any:
    """Where the relationship shows: the dossier, the paths to the party, the single-source
    claims, and the reliance counts of the sources it cites."""
    reliance = {r["source_id"]: r["claims"] for r in run("source-reliance", limit=1000)}
    return {
        "dossier": any(r["claim_id"] == rel_id for r in run("entity-dossier", entity_id="xjtlu")),
        "paths": any(
            link["id"] == rel_id
            for r in run("path-between", a_id="xjtlu", b_id=party, max_hops=2)
            for link in r["links"]
        ),
        "reliance": [reliance.get(s, 0) for s in sources],
    }


def test_a_retracted_relationship_is_in_no_saved_query_answer(
    seeded: object, db: SyncDb, settings: Settings
) -> None:
    run = runner(db, settings)
    dossier = run("entity-dossier", entity_id="xjtlu")
    link = next(r for r in dossier if r["claim"] != "LISTED_ON" and r["other_id"])
    rel_id, party = link["claim_id"], link["other_id"]
    sources = sorted({r["source_id"] for r in dossier if r["claim_id"] == rel_id})
    before = mentions(run, rel_id, party, sources)
    assert before["dossier"] and before["paths"]
    db.run(retract, Target.RELATIONSHIP, rel_id, reason="test", by="tester")
    try:
        after = mentions(run, rel_id, party, sources)
        assert not after["dossier"] and not after["paths"]
        assert after["reliance"] == [n - 1 for n in before["reliance"]]
    finally:
        db.run(unretract, Target.RELATIONSHIP, rel_id, by="tester")
    assert mentions(run, rel_id, party, sources) == before
