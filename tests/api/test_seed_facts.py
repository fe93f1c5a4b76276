"""What a reader of the ASPI article checks first, asked of the seed through the GraphQL
API (the path an analyst's client takes), after `entangle ingest data/seed/`."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from entanglements.ingest.summary import IngestSummary
from tests.api.conftest import data

RELATIONSHIPS = """
query($id: ID!, $types: [String!], $direction: Direction) {
  entity(id: $id) {
    name
    listings { list { id name } listedDate citations { quote source { id } } }
    relationships(types: $types, direction: $direction, first: 100) {
      edges { node { type role startDate from { id name } to { id name }
                     citations { quote source { id } } } }
    }
  }
}
"""

EXPOSURE = """
query($id: ID!) {
  sanctionsExposure(entityId: $id, maxHops: 3) {
    exposures {
      entity { id }
      distance
      listedBeforeLink
      listings { list { id } listedDate }
      paths { relationships { citations { quote } } }
    }
  }
}
"""


@pytest.fixture
def ask(client: TestClient, seed: IngestSummary) -> Any:
    def ask(entity_id: str, **variables: Any) -> dict[str, Any]:
        result: dict[str, Any] = data(client, RELATIONSHIPS, id=entity_id, **variables)["entity"]
        return result

    return ask


def links(entity: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in entity["relationships"]["edges"]]


def test_who_cofounded_which_school_and_when(ask: Any) -> None:
    founders = {
        school: {
            (r["from"]["id"], r["startDate"]) for r in links(ask(school, types=["co_founding"]))
        }
        for school in ("xjtlu-school-of-chips", "xjtlu-school-of-ai-advanced-computing")
    }
    assert founders == {
        "xjtlu-school-of-chips": {("simit", "2019")},
        "xjtlu-school-of-ai-advanced-computing": {("sugon", "2018")},
    }
    # The article names Xi'an Jiaotong University as XJTLU's Chinese parent, with no year.
    parents = links(ask("xjtlu", types=["co_founding"], direction="INCOMING"))
    assert [(r["from"]["id"], r["startDate"]) for r in parents] == [("xjtu", None)]


def test_entity_list_partners_and_since_when(client: TestClient, seed: IngestSummary) -> None:
    report = data(client, EXPOSURE, id="xjtlu")["sanctionsExposure"]["exposures"]
    on_entity_list = {
        e["entity"]["id"]: li["listedDate"]
        for e in report
        for li in e["listings"]
        if li["list"]["id"] == "list:us-bis-entity-list"
    }
    assert on_entity_list == {
        "nscc-wuxi": "2021",
        "simit": "2024",
        "ime-cas": "2024",
        "sugon": "2019",
        "iflytek": "2019",
    }
    # Listed in 2021, partnered in April 2025: already listed when the link began.
    wuxi = next(e for e in report if e["entity"]["id"] == "nscc-wuxi")
    assert (wuxi["distance"], wuxi["listedBeforeLink"]) == (1, True)
    # Every hop of every path is supported by a quote from the article.
    hops = [r for e in report for p in e["paths"] for r in p["relationships"]]
    assert hops and all(any(c["quote"] for c in r["citations"]) for r in hops)


def test_who_led_the_delegation_and_how_she_is_sanctioned(ask: Any) -> None:
    delegation = ask("russian-delegation-xjtlu-2024-11", direction="INCOMING")
    heads = [r["from"]["id"] for r in links(delegation) if r["role"] == "head of delegation"]
    assert heads == ["olga-zabralova"]
    zabralova = ask("olga-zabralova")
    lists = {listing["list"]["id"].removeprefix("list:") for listing in zabralova["listings"]}
    assert {
        "uk-sanctions-list",
        "eu-sanctions",
        "us-ofac-sdn",
        "au-consolidated-sanctions",
    } <= lists
    assert len(lists) == 10
    assert all(listing["citations"][0]["quote"] for listing in zabralova["listings"])


def test_how_the_russian_codirector_connects_to_the_agencies(ask: Any) -> None:
    semenov = links(ask("artem-semenov", direction="OUTGOING"))
    reached = {(r["type"], r["to"]["id"]) for r in semenov}
    assert ("directorship", "china-russia-centre") in reached
    assert ("membership", "rossotrudnichestvo") in reached
    assert ("advising", "moscow-regional-government") in reached
    role = next(r["role"] for r in semenov if r["to"]["id"] == "china-russia-centre")
    assert role == "Russian co-director"
