"""Judgement hops: exposure and paths go through a cluster (docs/data-model.md, "Clusters").

The issue's scenario: ``party-a``, an entity of the investigation, is judged the same party
as a listed entity that has relationships of its own. A path from the investigation's
entity reaches the listed entity's partner through ``party-a`` and the judgement, which
the API shows as a hop of its own kind carrying the judgement (who, when, why). The hop
goes either way whatever the direction filter, ``throughJudgements: false`` leaves it out,
a DIFFERENT or NONE judgement removes it, and a retracted member stops the search.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from entanglements.core.corrections.retractions import Target, retract, unretract
from entanglements.core.settings import Settings
from tests.api.conftest import ClientFactory, Findings, data
from tests.db import SyncDb

JUDGE = """
mutation($a: ID!, $b: ID!, $j: JudgementVerdict!, $note: String) {
  judge(a: $a, b: $b, judgement: $j, note: $note) { id }
}
"""
HOPS = """
hops {
  __typename id type from { id } to { id }
  ... on Relationship { citations { quote } }
  ... on JudgementHop { judgement { id verdict note by at a { id } b { id } } }
}
"""
EXPOSURE = (
    """
query($id: ID!, $hops: Int, $direction: Direction, $through: Boolean) {
  sanctionsExposure(entityId: $id, maxHops: $hops, direction: $direction,
                    throughJudgements: $through) {
    exposures { entity { id } distance listedBeforeLink paths { length nodes { id } """
    + HOPS
    + """ } }
  }
}
"""
)
PATHS = (
    """
query($from: ID!, $to: ID!, $direction: Direction, $through: Boolean) {
  paths(fromId: $from, toId: $to, maxHops: 4, direction: $direction,
        throughJudgements: $through) { length nodes { id } relationships { id } """
    + HOPS
    + """ }
}
"""
)


@pytest.fixture
def world(findings: Findings, db: SyncDb, settings: Settings) -> Findings:
    """inv -partnership-> party-a; un (listed) -ownership-> partner (listed elsewhere)."""
    f = findings
    f.sanctions_list("un", name="UN list")
    f.sanctions_list("other", name="Other list")
    for key in ("inv", "party-a", "un", "partner"):
        f.entity(key)
    f.rel("r-inv-a", "partnership", "inv", "party-a", start="2020")
    f.rel("r-un-partner", "ownership", "un", "partner", share=60)
    f.listing("l-un", "un", "un", listed="2019")
    f.listing("l-partner", "partner", "other", listed="2021")
    f.load(db, settings)
    return f


def _judge(client: TestClient, f: Findings, verdict: str, note: str | None = None) -> str:
    # b -> a: the link is stored un -> party-a, so an OUTGOING walk from inv takes it
    # against its arrow.
    judged = data(client, JUDGE, a=f.id("un"), b=f.id("party-a"), j=verdict, note=note)
    found: str = judged["judge"]["id"]
    return found


def _exposures(client: TestClient, f: Findings, **variables: Any) -> dict[str, Any]:
    report = data(client, EXPOSURE, id=f.id("inv"), **variables)["sanctionsExposure"]
    return {e["entity"]["id"].removeprefix(f.prefix): e for e in report["exposures"]}


def _kinds(path: dict[str, Any]) -> list[str]:
    return [h["__typename"] for h in path["hops"]]


@pytest.mark.parametrize(
    ("hops", "direction"), [(3, "BOTH"), (4, "OUTGOING"), (6, "BOTH"), (6, "OUTGOING")]
)
def test_exposure_goes_through_the_judgement(
    make_client: ClientFactory, world: Findings, hops: int, direction: str
) -> None:
    """Both plans (the single search up to 4 hops, the breadth-first reach from 5), with
    and without a direction."""
    f = world
    with make_client(anonymous_role="editor") as client:
        before = _exposures(client, f, hops=hops, direction=direction)
        assert set(before) == set()  # nothing listed within reach yet
        judgement = _judge(client, f, "SAME", note="same <b>registry</b> number")
        found = _exposures(client, f, hops=hops, direction=direction)
    assert {k: e["distance"] for k, e in found.items()} == {"party-a": 1, "un": 2, "partner": 3}
    (path,) = found["partner"]["paths"]
    assert [n["id"] for n in path["nodes"]] == [
        f.id(k) for k in ("inv", "party-a", "un", "partner")
    ]
    assert _kinds(path) == ["Relationship", "JudgementHop", "Relationship"]
    assert path["length"] == 3
    hop = path["hops"][1]
    assert hop["type"] == "same_as" and hop["id"].startswith("hop:")
    assert (hop["from"]["id"], hop["to"]["id"]) == (f.id("un"), f.id("party-a"))
    assert hop["judgement"]["id"] == judgement
    assert hop["judgement"]["verdict"] == "SAME" and hop["judgement"]["by"] == "anonymous"
    assert hop["judgement"]["note"] == "same <b>registry</b> number" and hop["judgement"]["at"]
    assert (hop["judgement"]["a"]["id"], hop["judgement"]["b"]["id"]) == (
        f.id("un"),
        f.id("party-a"),
    )
    assert path["hops"][0]["citations"] and path["hops"][2]["citations"]
    # Reached by the judgement hop: the link that reaches it is the partnership (2020),
    # after its listing (2019).
    assert found["un"]["listedBeforeLink"] is True
    assert _kinds(found["un"]["paths"][0]) == ["Relationship", "JudgementHop"]


DOSSIER = """query($id: ID!) { dossier(entityId: $id) {
  sections { heading lines { text level notes } } markdown } }"""


def test_the_dossier_says_who_judged_the_hop(make_client: ClientFactory, world: Findings) -> None:
    f = world
    with make_client(anonymous_role="editor") as client:
        _judge(client, f, "SAME", note="same *registry*")
        dossier = data(client, DOSSIER, id=f.id("inv"))["dossier"]
    (exposure,) = [s for s in dossier["sections"] if s["heading"] == "Sanctions exposure"]
    hops = [line for line in exposure["lines"] if line["level"] == 2]
    judged = [line for line in hops if "= same party (judged by anonymous on " in line["text"]]
    # one per path through it: to un (2 hops) and to partner (3 hops)
    assert len(judged) == 2 and all(line["notes"] == [] for line in judged)
    assert judged[0]["text"].startswith("Entity un = same party (judged by anonymous on 20")
    assert judged[0]["text"].endswith(": same *registry*) = Entity party-a")
    assert all(line["notes"] for line in hops if line not in judged)  # sourced hops cite
    assert "same \\*registry\\*" in dossier["markdown"]  # escaped like every graph string


def test_paths_through_the_judgement_and_what_removes_the_hop(
    make_client: ClientFactory, world: Findings, db: SyncDb
) -> None:
    f = world
    ends = {"from": f.id("inv"), "to": f.id("partner")}
    with make_client(anonymous_role="editor") as client:
        assert data(client, PATHS, **ends)["paths"] == []
        judgement = _judge(client, f, "SAME", note="one party")
        (path,) = data(client, PATHS, **ends, direction="OUTGOING")["paths"]
        assert _kinds(path) == ["Relationship", "JudgementHop", "Relationship"]
        assert path["hops"][1]["judgement"]["id"] == judgement
        # the deprecated list keeps the sourced hops only
        assert [r["id"] for r in path["relationships"]] == [
            path["hops"][0]["id"],
            path["hops"][2]["id"],
        ]
        # the direction still applies to the sourced hops
        assert data(client, PATHS, **ends, direction="INCOMING")["paths"] == []
        # excluded by the argument
        assert data(client, PATHS, **ends, through=False)["paths"] == []
        assert set(_exposures(client, f, through=False)) == {"party-a"}  # its listing copy
        # a DIFFERENT judgement removes the hop (and the cluster's copies)
        _judge(client, f, "DIFFERENT")
        assert data(client, PATHS, **ends)["paths"] == []
        assert set(_exposures(client, f)) == set()
        # SAME again, then NONE
        _judge(client, f, "SAME")
        assert len(data(client, PATHS, **ends)["paths"]) == 1
        _judge(client, f, "NONE")
        assert data(client, PATHS, **ends)["paths"] == []
        # a retracted member stops the search
        _judge(client, f, "SAME")
        db.run(retract, Target.ENTITY, f.id("un"), reason="test", by="test")
        try:
            assert data(client, PATHS, **ends)["paths"] == []
            assert set(_exposures(client, f, hops=6)) == set()
        finally:
            db.run(unretract, Target.ENTITY, f.id("un"), by="test")
        assert len(data(client, PATHS, **ends)["paths"]) == 1
