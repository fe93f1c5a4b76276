"""Retractions on a small graph of known shape: a source retraction retracts its sole-source
claims and withdraws its citations from the others; undo restores them in place; a
re-ingest keeps every retraction; history lists runs and decisions in order."""

from __future__ import annotations

import random
from typing import Any

import pytest
from fastapi.testclient import TestClient

from entanglements.core.corrections.retractions import Target, retract, unretract
from entanglements.core.errors import BadInputError, NotFoundError
from entanglements.core.settings import Settings
from entanglements.ingest.pipeline import ingest_records
from tests.api.conftest import ClientFactory, Findings, codes, data, post
from tests.db import SyncDb

EXPOSURE = """
query($id: ID!, $with: Boolean) {
  sanctionsExposure(entityId: $id, maxHops: 3, includeRetracted: $with) {
    exposures { entity { id retracted } distance
      listings { id retracted }
      paths { relationships { id retracted citations { source { id } quote } } } }
  }
}
"""
ENTITY = """
query($id: ID!, $with: Boolean) {
  entity(id: $id) {
    listings(includeRetracted: $with) { id retracted }
    relationships(includeRetracted: $with) { totalCount edges { node { id retracted
      citations { source { id } quote locator } } } }
    history { action element by run retraction reason }
  }
}
"""


@pytest.fixture
def graph(findings: Findings, db: SyncDb, settings: Settings) -> Findings:
    """start -r1(A)- p1 (listed by l1, cited A) ; start -r2(A,B)- p2 (listed, B) ;
    start -r3(B)- p3 (listed, B); the entity ``start`` cites A too."""
    f = findings
    f.source("a", title="Discredited")
    f.source("b", title="Sound")
    f.sanctions_list("el")
    f.entity("start", citations=[f.cite("start exists", "a")])
    for key in ("p1", "p2", "p3"):
        f.entity(key)
    f.rel("r1", "partnership", "start", "p1", citations=[f.cite("r1", "a")])
    f.rel(
        "r2",
        "funding",
        "start",
        "p2",
        citations=[
            f.cite("r2 b first", "b"),
            f.cite("r2 a", "a"),
            f.cite("r2 b last", "b", "p. 9"),
        ],
    )
    f.rel("r3", "partnership", "start", "p3", citations=[f.cite("r3", "b")])
    f.listing("l1", "p1", "el", listed="2019", citations=[f.cite("l1", "a")])
    f.listing("l2", "p2", "el", listed="2019", citations=[f.cite("l2", "b")])
    f.listing("l3", "p3", "el", listed="2019", citations=[f.cite("l3", "b")])
    f.load(db, settings)
    return f


def exposed(client: TestClient, entity_id: str, *, with_retracted: bool = False) -> Any:
    return data(client, EXPOSURE, id=entity_id, **{"with": with_retracted})["sanctionsExposure"]


def test_source_retraction_retracts_exactly_its_sole_source_claims(
    client: TestClient, graph: Findings, db: SyncDb, settings: Settings
) -> None:
    f = graph
    before = exposed(client, f.id("start"))
    assert {e["entity"]["id"] for e in before["exposures"]} == {f.id(k) for k in ("p1", "p2", "p3")}
    done = db.run(retract, Target.SOURCE, f.id("a"), reason="fabricated", by="tester")
    try:
        # r1 and l1 rest on A alone; r2 and the entity also cite B or are uncited after it
        assert set(done.claims) == {f.id("r1"), f.id("l1")}
        assert set(done.cited) == {f.id("r2"), f.id("start")} and done.withdrawn == 2
        after = exposed(client, f.id("start"))
        assert {e["entity"]["id"] for e in after["exposures"]} == {f.id("p2"), f.id("p3")}
        r2 = after["exposures"][0]["paths"][0]["relationships"][0]
        assert r2["id"] == f.gid("relationship", "r2")
        assert [c["quote"] for c in r2["citations"]] == ["r2 b first", "r2 b last"]
        audit = exposed(client, f.id("start"), with_retracted=True)
        marked = {e["entity"]["id"]: e for e in audit["exposures"]}
        assert marked[f.id("p1")]["listings"] == [{"id": f.gid("listing", "l1"), "retracted": True}]
        hop = marked[f.id("p1")]["paths"][0]["relationships"][0]
        assert hop == {**hop, "id": f.gid("relationship", "r1"), "retracted": True}
        assert marked[f.id("p2")]["listings"][0]["retracted"] is False
    finally:
        undone = db.run(unretract, Target.SOURCE, f.id("a"), by="tester")
    assert undone.id == done.id and undone.undone_by == "tester"
    assert exposed(client, f.id("start")) == before  # citations back in their places


def test_reingest_keeps_retractions_and_counts_them(
    client: TestClient, graph: Findings, db: SyncDb, settings: Settings
) -> None:
    f = graph
    db.run(retract, Target.RELATIONSHIP, f.id("r3"), reason="wrong", by="tester")
    db.run(retract, Target.SOURCE, f.id("a"), reason="fabricated", by="tester")
    summary = db.run(ingest_records, f.records, origin="api")
    # r1 and r3 are retracted, r2 states A's withdrawn citation again; l1 is retracted
    assert summary.counts["relationship"].retracted_kept == 3
    assert summary.counts["listing"].retracted_kept == 1
    assert summary.counts["entity"].retracted_kept == 1  # start: its A citation is withdrawn
    after = exposed(client, f.id("start"))
    assert [e["entity"]["id"] for e in after["exposures"]] == [f.id("p2")]
    cites = db.rows(
        "MATCH ()-[r:FUNDING {id: $id}]->() RETURN r.cite_source AS s",
        id=f.id("r2"),
    )
    assert cites == [{"s": [f.id("b"), f.id("b")]}]
    db.run(unretract, Target.SOURCE, f.id("a"), by="tester")
    db.run(unretract, Target.RELATIONSHIP, f.id("r3"), by="tester")
    assert len(exposed(client, f.id("start"))["exposures"]) == 3


def test_refusals(graph: Findings, db: SyncDb, settings: Settings) -> None:
    f = graph
    with pytest.raises(NotFoundError, match="no relationship with id"):
        db.run(retract, Target.RELATIONSHIP, f.id("nope"), reason="x", by="t")
    with pytest.raises(NotFoundError):  # an entity id is not a relationship id
        db.run(retract, Target.RELATIONSHIP, f.id("start"), reason="x", by="t")
    with pytest.raises(BadInputError, match="reason"):
        db.run(retract, Target.ENTITY, f.id("p1"), reason="  ", by="t")
    with pytest.raises(BadInputError, match="is not retracted"):
        db.run(unretract, Target.ENTITY, f.id("p1"), by="t")
    db.run(retract, Target.SOURCE, f.id("a"), reason="fabricated", by="t")
    with pytest.raises(BadInputError, match="retracted already"):
        db.run(retract, Target.SOURCE, f.id("a"), reason="again", by="t")
    with pytest.raises(BadInputError, match="unretract the source"):
        db.run(unretract, Target.RELATIONSHIP, f.id("r1"), by="t")


def test_retracted_entity_is_not_passed_through_nor_reported(
    client: TestClient, findings: Findings, db: SyncDb, settings: Settings
) -> None:
    f = findings
    f.sanctions_list("el")
    for key in ("start", "mid", "far"):
        f.entity(key)
    f.rel("r1", "partnership", "start", "mid")
    f.rel("r2", "partnership", "mid", "far")
    f.listing("l1", "far", "el")
    f.listing("l2", "mid", "el")
    f.load(db, settings)
    db.run(retract, Target.ENTITY, f.id("mid"), reason="a duplicate", by="t")
    assert exposed(client, f.id("start"))["exposures"] == []
    relationships = data(client, ENTITY, id=f.id("start"))["entity"]["relationships"]
    assert relationships == {"totalCount": 0, "edges": []}
    audit = exposed(client, f.id("start"), with_retracted=True)["exposures"]
    assert [(e["entity"]["id"], e["entity"]["retracted"]) for e in audit] == [
        (f.id("mid"), True),
        (f.id("far"), False),
    ]


def test_history_lists_runs_and_decisions_in_order(
    client: TestClient, graph: Findings, db: SyncDb, settings: Settings
) -> None:
    f = graph
    changed = [r for r in f.records if r["id"] == f.id("r2")]
    changed[0]["description"] = "now described"
    run = db.run(ingest_records, changed, origin="api").run_id
    db.run(retract, Target.SOURCE, f.id("a"), reason="fabricated", by="tester")
    db.run(unretract, Target.SOURCE, f.id("a"), by="tester", reason="was fine")
    entity = data(client, ENTITY, id=f.id("start"))["entity"]
    r2 = next(
        e["node"]
        for e in entity["relationships"]["edges"]
        if e["node"]["id"] == f.gid("relationship", "r2")
    )
    history = data(
        client,
        'query($id: ID!) { entity(id: $id) { relationships(types: ["funding"]) { edges { node '
        "{ history { action by run reason } } } } } }",
        id=f.id("start"),
    )["entity"]["relationships"]["edges"][0]["node"]["history"]
    assert r2["retracted"] is False
    assert [h["action"] for h in history] == [
        "CREATED",
        "CHANGED",
        "CITATION_WITHDRAWN",
        "CITATION_RESTORED",
    ]
    assert history[1]["run"] == f"run:{run}"
    assert [h["reason"] for h in history[2:]] == ["fabricated", "was fine"]
    assert {h["by"] for h in history[2:]} == {"tester"}
    assert [h["action"] for h in entity["history"]] == [
        "CREATED",
        "CITATION_WITHDRAWN",
        "CITATION_RESTORED",
    ]


MUTATE = """
mutation($target: RetractionTarget!, $id: ID!, $reason: String!) {
  retract(target: $target, id: $id, reason: $reason) { id by reason claims target targetId }
}
"""
UNDO = """
mutation($target: RetractionTarget!, $id: ID!) {
  unretract(target: $target, id: $id) { id undoneBy undoneAt }
}
"""


def test_mutations_need_the_editor_role_and_keep_the_key_name(
    client: TestClient,
    make_client: ClientFactory,
    graph: Findings,
    db: SyncDb,
    settings: Settings,
) -> None:
    from entanglements.core.keys import create_key

    f = graph
    args = {"target": "RELATIONSHIP", "id": f.id("r3"), "reason": "misattributed"}
    assert codes(post(client, MUTATE, args)) == ["FORBIDDEN"]
    _, secret = db.run(create_key, name=f.id("analyst"), role="editor")
    with make_client(anonymous_role=None) as api:
        done = post(api, MUTATE, args, key=secret)["data"]["retract"]
        assert done["by"] == "key:" + f.id("analyst") and done["claims"] == [f.id("r3")]
        assert done["target"] == "RELATIONSHIP" and done["targetId"] == f.id("r3")
        assert codes(post(api, MUTATE, args, key=secret)) == ["BAD_USER_INPUT"]
        undo = post(api, UNDO, {"target": "RELATIONSHIP", "id": f.id("r3")}, key=secret)
        assert undo["data"]["unretract"]["undoneBy"] == "key:" + f.id("analyst")
        missing = {**args, "id": f.id("nope")}
        assert codes(post(api, MUTATE, missing, key=secret)) == ["NOT_FOUND"]


def test_a_listing_retraction_reaches_its_cluster_copies_and_history_shows_judgements(
    client: TestClient, findings: Findings, db: SyncDb, settings: Settings
) -> None:
    from entanglements.core.resolution.judgements import Judgement, judge

    f = findings
    f.sanctions_list("el")
    f.entity("a")
    f.entity("b")
    f.listing("lb", "b", "el", listed="2019")
    f.load(db, settings)
    db.run(judge, f.id("a"), f.id("b"), Judgement.SAME, note="one lab", by="tester")
    copies = data(client, ENTITY, id=f.id("a"))["entity"]["listings"]
    assert copies == [{"id": f"listing:{f.id('lb')}~{f.id('a')}", "retracted": False}]
    db.run(retract, Target.LISTING, f.id("lb"), reason="wrong lab", by="tester")
    entity = data(client, ENTITY, id=f.id("a"))["entity"]
    assert entity["listings"] == []
    marked = data(client, ENTITY, id=f.id("a"), **{"with": True})["entity"]["listings"]
    assert marked == [{**copies[0], "retracted": True}]
    judged = [h for h in entity["history"] if h["action"].startswith("JUDGED_")]
    assert judged == [
        {
            "action": "JUDGED_SAME",
            "element": "entity",
            "by": "tester",
            "run": None,
            "retraction": None,
            "reason": "one lab",
        }
    ]
    db.run(unretract, Target.LISTING, f.id("lb"), by="tester")
    assert data(client, ENTITY, id=f.id("a"))["entity"]["listings"] == copies


def test_screening_ignores_retracted_entities_and_listings(
    client: TestClient, findings: Findings, db: SyncDb, settings: Settings
) -> None:
    from tests.api.test_screening import SCREEN

    f = findings
    word = "".join(random.Random().choices("bdfgklmnprstvz", k=5)) + "ix"
    f.sanctions_list("el")
    f.entity("c", kind="Company", name=f"{word} Photonics Co., Ltd.")
    f.listing("cl", "c", "el")
    f.load(db, settings)

    def found(**args: Any) -> list[tuple[str, list[str]]]:
        q = {"name": f"{word} Photonics"}
        candidates = data(client, SCREEN, q=q, **args)["screen"]["candidates"]
        return [
            (c["entity"]["id"], [li["id"] for li in c["lists"]])
            for c in candidates
            if c["entity"]["id"] == f.id("c")
        ]

    assert found(lists=[f.id("el")]) == [(f.id("c"), [f.gid("list", "el")])]
    db.run(retract, Target.LISTING, f.id("cl"), reason="wrong company", by="t")
    assert found(lists=[f.id("el")]) == [] and found() == [(f.id("c"), [])]
    db.run(retract, Target.ENTITY, f.id("c"), reason="never existed", by="t")
    assert found() == []
    db.run(unretract, Target.ENTITY, f.id("c"), by="t")
    db.run(unretract, Target.LISTING, f.id("cl"), by="t")
    assert found(lists=[f.id("el")]) == [(f.id("c"), [f.gid("list", "el")])]
