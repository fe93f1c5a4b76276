"""Retractions on the seed (issue 17's acceptance): retracting the one relationship that
alone reaches a party removes that party from XJTLU's exposure and keeps the others;
retracting a source retracts exactly its sole-source claims; undo restores the same report;
a re-ingest of the seed keeps the retraction. Every retraction is undone before the test
ends: the seed is shared by the whole session."""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi.testclient import TestClient

from entanglements.core.corrections.retractions import Target, retract, unretract
from entanglements.core.settings import Settings
from entanglements.ingest.pipeline import ingest_paths
from entanglements.ingest.summary import IngestSummary
from tests.api.conftest import data
from tests.conftest import ROOT
from tests.db import SyncDb
from tests.seed.test_seed_file import claims
from tests.seed.test_seed_file import seed as seed_file

REPORT = """
query($id: ID!) {
  sanctionsExposure(entityId: $id, maxHops: 3, first: 100) {
    totalCount
    exposures {
      entity { id } distance listedBeforeLink
      listings { id list { id } listedDate citations { source { id } quote locator } }
      paths { nodes { id } relationships { id citations { source { id } quote locator } } }
    }
  }
}
"""


def report(client: TestClient) -> Any:
    return data(client, REPORT, id="xjtlu")["sanctionsExposure"]


def parties(result: Any) -> list[str]:
    return [e["entity"]["id"] for e in result["exposures"]]


def sole_link(result: Any) -> tuple[str, str]:
    """A party reached by a single path whose last hop no other party's paths use."""
    uses = Counter(
        r["id"]
        for e in result["exposures"]
        for r in {r["id"]: r for p in e["paths"] for r in p["relationships"]}.values()
    )
    for e in result["exposures"]:
        if len(e["paths"]) == 1:
            last = e["paths"][0]["relationships"][-1]["id"]
            if uses[last] == 1:
                return e["entity"]["id"], last
    raise AssertionError("the seed has no party reached through one relationship alone")


def test_retracting_one_relationship_removes_only_the_party_it_alone_reached(
    client: TestClient, seed: IngestSummary, db: SyncDb, settings: Settings
) -> None:
    before = report(client)
    party, link = sole_link(before)
    link = link.removeprefix("relationship:")  # the API's global id; the CLI takes the key
    db.run(retract, Target.RELATIONSHIP, link, reason="misread", by="tester")
    try:
        after = report(client)
        assert parties(after) == [p for p in parties(before) if p != party]
        assert after["exposures"] == [e for e in before["exposures"] if e["entity"]["id"] != party]
        again = db.run(ingest_paths, [ROOT / "data" / "seed"])
        assert again.counts["relationship"].retracted_kept == 1
        assert report(client) == after  # the re-ingest did not bring it back
    finally:
        db.run(unretract, Target.RELATIONSHIP, link, by="tester")
    assert report(client) == before


def test_retracting_a_source_retracts_exactly_its_sole_source_claims(
    client: TestClient, seed: IngestSummary, db: SyncDb, settings: Settings
) -> None:
    seed_claims = claims(seed_file())
    sole: dict[str, set[str]] = {}
    for claim in seed_claims:
        cited = {c.source for c in claim.citations}
        if len(cited) == 1:
            sole.setdefault(cited.pop(), set()).add(claim.id)
    source = max(sole, key=lambda s: (len(sole[s]), s))
    shared = {
        c.id
        for c in seed_claims
        if source in {x.source for x in c.citations} and c.id not in sole[source]
    }
    assert shared, "pick a source that some claims share with others"
    before = report(client)
    done = db.run(retract, Target.SOURCE, source, reason="discredited", by="tester")
    try:
        assert set(done.claims) == sole[source]
        assert shared <= set(done.cited)
        after = report(client)
        cited = {
            c["source"]["id"]
            for e in after["exposures"]
            for r in [*e["listings"], *(r for p in e["paths"] for r in p["relationships"])]
            for c in r["citations"]
        }
        assert source not in cited
    finally:
        db.run(unretract, Target.SOURCE, source, by="tester")
    assert report(client) == before
