"""No N+1: what a response costs in database round trips does not grow with its size."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from entanglements.core.settings import Settings
from tests.api.conftest import Findings, data, round_trips
from tests.api.graphs import star
from tests.db import SyncDb

FULL_REPORT = """
query($id: ID!) {
  sanctionsExposure(entityId: $id, first: 50) {
    totalCount
    entity { id name listings { id } }
    exposures {
      distance listedBeforeLink
      entity { id name listings { id list { id } } }
      listings { id list { id name } citations { quote source { id title } } }
      paths {
        length
        nodes { id name }
        relationships {
          id type from { id name } to { id name }
          citations { quote source { id title publisher } }
        }
      }
    }
  }
}
"""

#: What an analyst reads of a report: every hop with its endpoints and evidence, the lists.
EVIDENCE_REPORT = """
query($id: ID!) {
  sanctionsExposure(entityId: $id, first: 50) {
    totalCount
    exposures {
      distance listedBeforeLink entity { id name }
      listings { id list { id name authority } citations { quote source { id title url } } }
      paths {
        length nodes { id name }
        relationships {
          id type from { id name } to { id name } citations { quote source { id title } }
        }
      }
    }
  }
}
"""

RELATIONSHIPS = """
query($id: ID!) {
  entity(id: $id) {
    relationships(first: 50) {
      edges { node { id from { id } to { id relationships(first: 5) { totalCount } }
                     citations { source { id } } } }
    }
  }
}
"""

#: The exposure query (which brings the hops' endpoints, sources and lists along), then the
#: entities' listings (with their lists and sources) asked at two depths.
BOUND = 3


def cost(client: TestClient, query: str, **variables: str) -> tuple[int, dict[str, object]]:
    before = round_trips(client)
    result = data(client, query, **variables)
    return round_trips(client) - before, result


def star_report(
    client: TestClient,
    findings: Findings,
    db: SyncDb,
    settings: Settings,
    size: int,
    query: str,
) -> tuple[int, dict[str, Any]]:
    """The round trips and report of ``query`` on a star of ``size`` listed parties."""
    star(findings, size).load(db, settings)
    trips, result = cost(client, query, id=findings.id("c"))
    report = result["sanctionsExposure"]
    assert isinstance(report, dict) and len(report["exposures"]) == size
    return trips, report


@pytest.mark.parametrize("size", [5, 50])
def test_exposure_report_costs_a_fixed_number_of_round_trips(
    client: TestClient, findings: Findings, db: SyncDb, settings: Settings, size: int
) -> None:
    trips, _ = star_report(client, findings, db, settings, size, FULL_REPORT)
    assert trips <= BOUND, f"{trips} round trips for {size} exposures"


@pytest.mark.parametrize("size", [5, 50])
def test_a_report_with_its_evidence_is_two_round_trips(
    client: TestClient, findings: Findings, db: SyncDb, settings: Settings, size: int
) -> None:
    trips, report = star_report(client, findings, db, settings, size, EVIDENCE_REPORT)
    hops = [r for e in report["exposures"] for p in e["paths"] for r in p["relationships"]]
    # Titles and list names come from the graph (a missing one would show its id instead).
    assert hops and all(
        c["source"]["title"].startswith("Report ") for r in hops for c in r["citations"]
    )
    names = {li["list"]["name"] for e in report["exposures"] for li in e["listings"]}
    assert names == {"Entity List", "UK list"}
    # the pruned search (its levels), then the reported paths with their evidence
    # (core/reads/pruned.py): two, whatever the report's size
    assert trips == 2, f"{trips} round trips for {size} exposures"


def test_a_page_of_relationships_brings_its_endpoints_and_sources(
    client: TestClient, findings: Findings, db: SyncDb, settings: Settings
) -> None:
    star(findings, 20).load(db, settings)
    query = """query($id: ID!) { entity(id: $id) { relationships(first: 50) { edges { node {
      from { id name } to { id name } citations { source { title } } } } } } }"""
    trips, result = cost(client, query, id=findings.id("c"))
    entity = result["entity"]
    assert isinstance(entity, dict)
    nodes = [e["node"] for e in entity["relationships"]["edges"]]
    assert len(nodes) == 20
    assert {n["to"]["name"] for n in nodes} == {f"Party {i:03d}" for i in range(20)}
    assert all(c["source"]["title"].startswith("Report ") for n in nodes for c in n["citations"])
    assert trips == 2  # the entity, then its page with everything the page references


LISTINGS = "listings { id listedDate list { name } citations { source { title } } }"


@pytest.mark.parametrize(
    "query",
    [
        "query($id: ID!) { entity(id: $id) { id name " + LISTINGS + " } }",
        "query($id: ID!) { entity(id: $id) { ...F } } "
        "fragment F on Entity { id ... on Entity { " + LISTINGS + " } }",
    ],
    ids=["field", "fragments"],
)
def test_an_entity_with_its_listings_is_one_round_trip(
    client: TestClient, findings: Findings, db: SyncDb, settings: Settings, query: str
) -> None:
    star(findings, 3).load(db, settings)
    trips, result = cost(client, query, id=findings.id("p1"))
    entity = result["entity"]
    assert isinstance(entity, dict)
    assert [(li["list"]["name"], li["listedDate"]) for li in entity["listings"]] == [
        ("Entity List", "2020")
    ]
    assert entity["listings"][0]["citations"][0]["source"]["title"] == "Report 1"
    assert trips == 1


def test_the_cost_does_not_depend_on_the_size(
    client: TestClient, db: SyncDb, settings: Settings, prefix: str
) -> None:
    small, large = Findings(prefix + "s-"), Findings(prefix + "l-")
    star(small, 3).load(db, settings)
    star(large, 50).load(db, settings)
    assert (
        cost(client, FULL_REPORT, id=small.id("c"))[0]
        == cost(client, FULL_REPORT, id=large.id("c"))[0]
    )
    assert (
        cost(client, RELATIONSHIPS, id=small.id("c"))[0]
        == cost(client, RELATIONSHIPS, id=large.id("c"))[0]
    )
