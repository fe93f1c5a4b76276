"""``entangle db check``: silent on a graph the writers kept; on a graph broken by hand it
names every broken invariant with the ids, and exits 1. The test repairs what it broke, so
the check ``make test`` runs after the suite still passes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from entanglements.core import invariants, reach
from entanglements.core.corrections.retractions import Target, retract
from entanglements.core.resolution.judgements import Judgement, judge
from entanglements.core.settings import Settings
from entanglements.ingest.pipeline import ingest_records
from tests.db import SyncDb

ENTANGLE = str(Path(sys.executable).with_name("entangle"))


def _graph(p: str) -> list[dict[str, Any]]:
    cite = [{"source": f"{p}src", "quote": "q", "locator": ""}]
    return [
        {"record": "source", "id": f"{p}src", "title": "Notes", "kind": "article"},
        {"record": "list", "id": f"{p}el", "name": "Entity List", "authority": "US BIS"},
        *({"record": "entity", "id": f"{p}{k}", "kind": "Company", "name": k} for k in "abc"),
        {
            "record": "listing",
            "id": f"{p}lb",
            "entity": f"{p}b",
            "list": f"{p}el",
            "citations": cite,
        },
        {
            "record": "relationship",
            "id": f"{p}ac",
            "type": "ownership",
            "from": f"{p}a",
            "to": f"{p}c",
            "citations": cite,
        },
        {
            "record": "relationship",
            "id": f"{p}bc",
            "type": "partnership",
            "from": f"{p}b",
            "to": f"{p}c",
            "citations": cite,
        },
    ]


def _mine(db: SyncDb, settings: Settings, p: str) -> dict[str, set[tuple[str, ...]]]:
    found: dict[str, set[tuple[str, ...]]] = {}
    for v in db.read_tx(invariants.check):
        if any(i.startswith(p) or p in i for i in v.ids):
            found.setdefault(v.invariant, set()).add(v.ids)
    return found


#: Each hand edit, the invariant it breaks, and its repair.
BREAKS = [
    (  # a relationship to a listed party without its last hop (core/reach.py)
        "MATCH (:Entity {id: $p + 'a'})-[q:LISTED_HOP {rel: $p + 'ac'}]->() DELETE q",
        "listed-hop",
        None,  # the writers' upkeep below
    ),
    (  # a listed party whose distance label is not 0, and too far above its neighbours'
        "MATCH (e:Entity {id: $p + 'b'}) SET e.listed_hops = 5",
        "listed-hops-bound",
        "MATCH (e:Entity {id: $p + 'b'}) SET e.listed_hops = 0",
    ),
    (  # a copy lost
        "MATCH (:Entity {id: $p + 'a'})-[d:LISTED_ON {id: $p + 'lb~' + $p + 'a'}]->() DELETE d",
        "cluster-copy",
        None,
    ),
    (  # a copy that disagrees with its listing
        "MATCH ()-[d:LISTED_ON {id: $p + 'lb~' + $p + 'c'}]->() SET d.program = 'forged'",
        "cluster-copy",
        None,
    ),
    (  # a SAME_AS link without its judgement
        "MATCH (x:Entity {id: $p + 'a'})-[s:SAME_AS]-(:Entity {id: $p + 'b'}) DELETE s",
        "same-as-judgement",
        None,
    ),
    (  # a retraction mark no retraction covers
        "MATCH ()-[r:PARTNERSHIP {id: $p + 'bc'}]->() SET r.retracted = 'ret-forged'",
        "retraction-mark",
        "MATCH ()-[r:PARTNERSHIP {id: $p + 'bc'}]->() REMOVE r.retracted",
    ),
    (  # an active retraction whose element lost its mark
        "MATCH ()-[r:OWNERSHIP {id: $p + 'ac'}]->() REMOVE r.retracted",
        "retraction-record",
        None,
    ),
    (  # an uncited relationship
        "MATCH ()-[r:PARTNERSHIP {id: $p + 'bc'}]->() SET r.cite_source = []",
        "citation",
        "MATCH ()-[r:PARTNERSHIP {id: $p + 'bc'}]->() SET r.cite_source = [$p + 'src']",
    ),
    (  # a listed member without the Listed label
        "MATCH (e:Entity {id: $p + 'c'}) REMOVE e:Listed",
        "listed-label",
        None,
    ),
    (  # an alert whose id does not order by time: the live feeds would stop at it
        "CREATE (:Alert {id: $p + 'alert', kind: 'listed', watch: $p + 'a'})",
        "alert-id",
        "MATCH (a:Alert {id: $p + 'alert'}) DELETE a",
    ),
]


def test_db_check_names_each_broken_invariant_and_exits_1(
    db: SyncDb, settings: Settings, prefix: str
) -> None:
    p = prefix
    db.run(ingest_records, _graph(p))
    db.run(judge, f"{p}a", f"{p}b", Judgement.SAME, note=None, by="test")
    db.run(judge, f"{p}b", f"{p}c", Judgement.SAME, note=None, by="test")
    ret = db.run(retract, Target.RELATIONSHIP, f"{p}ac", reason="wrong", by="test")
    assert _mine(db, settings, p) == {}

    env = {**os.environ}
    try:
        for edit, invariant, _ in BREAKS:
            db.write_rows(edit, p=p)
            assert invariant in _mine(db, settings, p), invariant
            if invariant == "listed-hop":  # the first edit: only the mirror it deleted
                assert _mine(db, settings, p) == {"listed-hop": {(f"{p}a", f"{p}c", f"{p}ac")}}
        found = _mine(db, settings, p)
        assert set(found) == {inv for _, inv, _ in BREAKS} | {"listed-hops-label"}
        assert (f"{p}b",) in found["listed-hops-label"]
        assert (f"{p}c",) in found["listed-label"]
        assert (ret.id, f"{p}ac") in found["retraction-record"]
        assert (f"{p}bc", "ret-forged") in found["retraction-mark"]

        done = subprocess.run(
            [ENTANGLE, "db", "check"], env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 1
        assert f"retraction-record: {ret.id}, {p}ac:" in done.stdout
        assert f"citation: {p}bc:" in done.stdout
    finally:  # repair: what the writers would have done
        for _, _, repair in BREAKS:
            if repair is not None:
                db.write_rows(repair, p=p)
        db.write_rows(
            "MATCH ()-[r:OWNERSHIP {id: $p + 'ac'}]->() SET r.retracted = $r",
            p=p,
            r=ret.id,
        )
        db.run(judge, f"{p}a", f"{p}b", Judgement.NONE, note=None, by="test")
        db.run(judge, f"{p}a", f"{p}b", Judgement.SAME, note=None, by="test")
        db.write(lambda tx: reach.relationships(tx, "OWNERSHIP", [f"{p}ac"]))
    assert _mine(db, settings, p) == {}
