"""entity (every field, listings, paginated relationships), source, sanctionsLists, paths."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from entanglements.core.settings import Settings
from tests.api.conftest import Findings, codes, data, post
from tests.api.graphs import investigation
from tests.db import SyncDb

ENTITY = """
query($id: ID!) {
  entity(id: $id) {
    id kind name aliases countries tags description
    listings {
      id program listedDate delistedDate list { id name } citations { quote source { id } }
    }
  }
}
"""

RELATIONSHIPS = """
query($id: ID!, $types: [String!], $direction: Direction, $asOf: PartialDate, $first: Int,
      $after: String) {
  entity(id: $id) {
    relationships(types: $types, direction: $direction, asOf: $asOf, first: $first,
                  after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        cursor
        node {
          id type role startDate endDate share description
          from { id name } to { id name }
          citations { quote locator source { id title url publisher publishedDate } }
        }
      }
    }
  }
}
"""


@pytest.fixture(scope="module")
def g(db: SyncDb, settings: Settings) -> Findings:
    graph = investigation(Findings(f"t{uuid.uuid4().hex[:10]}-"))
    graph.entity(
        "z",
        name="Zürich Instruments Müller AG",
        kind="Company",
        aliases=["ZIM", "Цюрих Инструментс"],
        countries=["ch"],
        tags=["supplier"],
        description="A supplier.",
    )
    graph.rel("r-z-u", "payment", "z", "u", start="2021-03", end="2021-04",
              description="A payment.")  # fmt: skip
    graph.load(db, settings)
    return graph


def rels(client: TestClient, g: Findings, **args: Any) -> dict[str, Any]:
    result: dict[str, Any] = data(client, RELATIONSHIPS, id=g.id("u"), **args)["entity"]
    return result["relationships"]


def ids(conn: dict[str, Any], g: Findings) -> list[str]:
    return [e["node"]["id"].removeprefix(f"relationship:{g.prefix}") for e in conn["edges"]]


def test_entity_every_field(client: TestClient, g: Findings) -> None:
    z = data(client, ENTITY, id=g.id("z"))["entity"]
    assert z == {
        "id": g.id("z"),
        "kind": "Company",
        "name": "Zürich Instruments Müller AG",
        "aliases": ["ZIM", "Цюрих Инструментс"],
        "countries": ["ch"],
        "tags": ["supplier"],
        "description": "A supplier.",
        "listings": [],
    }


def test_entity_listings_include_past_ones(client: TestClient, g: Findings) -> None:
    l6 = data(client, ENTITY, id=g.id("l6"))["entity"]
    assert l6["listings"] == [
        {
            "id": g.gid("listing", "x-l6"),
            "program": None,
            "listedDate": "2010",
            "delistedDate": "2012",
            "list": {"id": g.gid("list", "el"), "name": "Entity List"},
            "citations": [{"quote": "l6 listed on el", "source": {"id": g.gid("source", "src")}}],
        }
    ]


def test_unknown_entity_and_source_are_null(client: TestClient) -> None:
    assert data(client, ENTITY, id="no-such-entity") == {"entity": None}
    assert data(client, 'query { source(id: "no-such-source") { id } }') == {"source": None}


def test_source(client: TestClient, g: Findings) -> None:
    query = "query($id: ID!) { source(id: $id) { id title url publisher publishedDate } }"
    assert data(client, query, id=g.id("src"))["source"] == {
        "id": g.gid("source", "src"),
        "title": "Test source",
        "url": None,
        "publisher": "Tester",
        "publishedDate": "2020-02",
    }


def test_sanctions_lists(client: TestClient, g: Findings) -> None:
    lists = data(client, "{ sanctionsLists { id name authority country } }")["sanctionsLists"]
    mine = [x for x in lists if x["id"].startswith(f"list:{g.prefix}")]
    assert mine == [
        {"id": g.gid("list", "el"), "name": "Entity List", "authority": "US BIS", "country": "us"},
        {
            "id": g.gid("list", "uk"),
            "name": "UK Sanctions List",
            "authority": "OFSI",
            "country": "gb",
        },
    ]


def test_relationship_fields(client: TestClient, g: Findings) -> None:
    conn = data(client, RELATIONSHIPS, id=g.id("z"))["entity"]["relationships"]
    assert conn["totalCount"] == 1
    node = conn["edges"][0]["node"]
    assert node == {
        "id": g.gid("relationship", "r-z-u"),
        "type": "payment",
        "role": None,
        "startDate": "2021-03",
        "endDate": "2021-04",
        "share": None,
        "description": "A payment.",
        "from": {"id": g.id("z"), "name": "Zürich Instruments Müller AG"},
        "to": {"id": g.id("u"), "name": "Test University"},
        "citations": [
            {
                "quote": "z payment u",
                "locator": "p. 1",
                "source": {
                    "id": g.gid("source", "src"),
                    "title": "Test source",
                    "url": None,
                    "publisher": "Tester",
                    "publishedDate": "2020-02",
                },
            }
        ],
    }


def test_relationships_pagination(client: TestClient, g: Findings) -> None:
    everything = rels(client, g)
    assert everything["totalCount"] == 9
    expected = sorted(ids(everything, g), key=g.id)
    assert ids(everything, g) == expected  # ordered by relationship id
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        page = rels(client, g, first=3, after=after)
        assert page["totalCount"] == 9
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        seen += ids(page, g)
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        assert page["pageInfo"]["startCursor"] == page["edges"][0]["cursor"]
        after = page["pageInfo"]["endCursor"]
    assert pages == 3 and seen == expected
    empty = rels(client, g, first=0)
    assert empty["edges"] == [] and empty["totalCount"] == 9
    assert empty["pageInfo"]["hasNextPage"] is True


def test_relationships_filters(client: TestClient, g: Findings) -> None:
    assert ids(rels(client, g, types=["funding", "employment"]), g) == ["r-u-l3", "r-u-l4"]
    incoming = rels(client, g, direction="INCOMING")
    assert ids(incoming, g) == ["r-l1-u", "r-z-u"]
    assert incoming["totalCount"] == 2
    outgoing = rels(client, g, direction="OUTGOING")
    assert outgoing["totalCount"] == 7 and "r-l1-u" not in ids(outgoing, g)
    # 2021-03-15: r-u-l7 (ended 2015) and r-u-l8 (begins 2022) are not in force.
    as_of = rels(client, g, asOf="2021-03-15")
    assert set(ids(as_of, g)) == {
        "r-u-a", "r-l1-u", "r-u-b", "r-u-l3", "r-u-l4", "r-u-l6", "r-z-u",
    }  # fmt: skip
    assert rels(client, g, asOf="2021-05")["totalCount"] == 6  # the payment ended 2021-04


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        ({"types": ["spouse"]}, "types"),
        ({"first": 501}, "first"),
        ({"after": "not-a-cursor"}, "after"),
        ({"after": "cmVsOg=="}, "after"),  # "rel:" with no id
        ({"asOf": "2021-02-29"}, "asOf"),
    ],
)
def test_relationships_bad_arguments(
    client: TestClient, g: Findings, args: dict[str, Any], needle: str
) -> None:
    body = post(client, RELATIONSHIPS, {"id": g.id("u"), **args})
    assert codes(body) == ["BAD_USER_INPUT"], body
    assert needle in body["errors"][0]["message"]


PATHS = """
query($from: ID!, $to: ID!, $hops: Int, $first: Int, $types: [String!], $asOf: PartialDate) {
  paths(fromId: $from, toId: $to, maxHops: $hops, first: $first, relationshipTypes: $types,
        asOf: $asOf) {
    length
    nodes { id }
    relationships { id type from { id } to { id } citations { quote source { id } } }
  }
}
"""


def walks(client: TestClient, g: Findings, a: str, b: str, **args: Any) -> list[list[str]]:
    found = data(client, PATHS, **{"from": g.id(a), "to": g.id(b), **args})["paths"]
    for path in found:
        assert path["length"] == len(path["relationships"]) == len(path["nodes"]) - 1
    return [[n["id"].removeprefix(g.prefix) for n in p["nodes"]] for p in found]


def test_paths(client: TestClient, g: Findings) -> None:
    assert walks(client, g, "u", "l2") == [["u", "a", "l2"], ["u", "b", "l2"]]
    assert walks(client, g, "u", "l2", first=1) in ([["u", "a", "l2"]], [["u", "b", "l2"]])
    assert walks(client, g, "u", "l5") == [["u", "a", "c", "d", "l5"]]
    assert walks(client, g, "u", "l5", hops=3) == []
    assert walks(client, g, "u", "l2", types=["partnership", "ownership"]) == [["u", "a", "l2"]]
    assert walks(client, g, "u", "l2", asOf="2021") == [["u", "a", "l2"]]  # b -> l2 from 2022
    assert walks(client, g, "l5", "u") == [["l5", "d", "c", "a", "u"]]


def test_paths_carry_citations(client: TestClient, g: Findings) -> None:
    found = data(client, PATHS, **{"from": g.id("l1"), "to": g.id("u")})["paths"]
    assert found[0]["relationships"] == [
        {
            "id": g.gid("relationship", "r-l1-u"),
            "type": "collaboration",
            "from": {"id": g.id("l1")},
            "to": {"id": g.id("u")},
            "citations": [
                {"quote": "l1 collaboration u", "source": {"id": g.gid("source", "src")}}
            ],
        }
    ]


def test_paths_errors(client: TestClient, g: Findings) -> None:
    missing = post(client, PATHS, {"from": g.id("u"), "to": "no-such-entity"})
    assert codes(missing) == ["NOT_FOUND"] and "no-such-entity" in missing["errors"][0]["message"]
    same = post(client, PATHS, {"from": g.id("u"), "to": g.id("u")})
    assert codes(same) == ["BAD_USER_INPUT"]
    too_far = post(client, PATHS, {"from": g.id("u"), "to": g.id("a"), "hops": 7})
    assert codes(too_far) == ["BAD_USER_INPUT"]
