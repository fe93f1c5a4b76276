"""sanctionsExposure on hand-built graphs with known answers (tests/api/graphs.py)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from entanglements.core.reads import exposure as exposure_query
from entanglements.core.settings import Settings
from tests.api.conftest import ClientFactory, Findings, codes, data, post
from tests.api.graphs import hub, investigation
from tests.db import SyncDb

REPORT = """
query($id: ID!, $hops: Int, $asOf: PartialDate, $lists: [ID!], $types: [String!],
      $first: Int, $direction: Direction) {
  sanctionsExposure(entityId: $id, maxHops: $hops, asOf: $asOf, lists: $lists,
                    relationshipTypes: $types, first: $first, direction: $direction) {
    entity { id name }
    maxHops
    searchedHops
    asOf
    totalCount
    exposures {
      entity { id name kind countries }
      distance
      listedBeforeLink
      listings {
        id program listedDate delistedDate
        list { id name authority country }
        citations { quote locator source { id title } }
      }
      paths {
        length
        nodes { id }
        relationships {
          id type role startDate endDate
          from { id } to { id }
          citations { quote locator source { id title publisher publishedDate } }
        }
      }
    }
  }
}
"""


@pytest.fixture(scope="module")
def g(db: SyncDb, settings: Settings) -> Findings:
    """The investigation graph, written once for this module."""
    graph = investigation(Findings(f"t{uuid.uuid4().hex[:10]}-"))
    graph.load(db, settings)
    return graph


def report(client: TestClient, g: Findings, **args: Any) -> dict[str, Any]:
    variables = {"id": g.id("u"), **args}
    result: dict[str, Any] = data(client, REPORT, **variables)["sanctionsExposure"]
    return result


def found(result: dict[str, Any], g: Findings) -> list[tuple[str, int]]:
    """(party key, distance) in the order the report gives them."""
    return [(e["entity"]["id"].removeprefix(g.prefix), e["distance"]) for e in result["exposures"]]


def by_key(result: dict[str, Any], g: Findings) -> dict[str, dict[str, Any]]:
    return {e["entity"]["id"].removeprefix(g.prefix): e for e in result["exposures"]}


def test_nearest_first_within_max_hops(client: TestClient, g: Findings) -> None:
    result = report(client, g)
    assert result["entity"] == {"id": g.id("u"), "name": "Test University"}
    assert result["maxHops"] == 3 and result["asOf"] is None
    # Distance first, then name; the start (itself listed) is never its own exposure.
    assert found(result, g) == [
        ("l1", 1), ("l3", 1), ("l4", 1), ("l6", 1), ("l7", 1), ("l8", 1), ("l2", 2),
    ]  # fmt: skip
    assert result["totalCount"] == 7


def test_max_hops_reaches_further(client: TestClient, g: Findings) -> None:
    assert ("l5", 4) in found(report(client, g, hops=4), g)
    assert [k for k, _ in found(report(client, g, hops=1), g)] == [
        "l1", "l3", "l4", "l6", "l7", "l8",
    ]  # fmt: skip


def test_first_limits_exposures_not_total_count(client: TestClient, g: Findings) -> None:
    result = report(client, g, first=2)
    assert found(result, g) == [("l1", 1), ("l3", 1)]
    assert result["totalCount"] == 7
    assert report(client, g, first=0)["exposures"] == []


@pytest.mark.parametrize(
    ("hops", "first", "searched", "total", "listed"),
    [
        # 7 parties within 3 hops, l5 at 4: a page of 2 is complete after 3 hops.
        (6, 2, 3, 7, ["l1", "l3"]),
        (4, 7, 3, 7, ["l1", "l3", "l4", "l6", "l7", "l8", "l2"]),
        # 8 wanted: 3 hops are not enough, 4 are (and nothing further is needed).
        (6, 8, 4, 8, ["l1", "l3", "l4", "l6", "l7", "l8", "l2", "l5"]),
        # Fewer parties than asked for: the search covers all of maxHops.
        (6, 50, 6, 8, ["l1", "l3", "l4", "l6", "l7", "l8", "l2", "l5"]),
        # first: 0 asks for the count only, which needs the whole depth.
        (6, 0, 6, 8, []),
        (2, 50, 2, 7, ["l1", "l3", "l4", "l6", "l7", "l8", "l2"]),
    ],
)
def test_the_search_stops_once_the_nearest_page_is_complete(
    client: TestClient,
    g: Findings,
    hops: int,
    first: int,
    searched: int,
    total: int,
    listed: list[str],
) -> None:
    result = report(client, g, hops=hops, first=first)
    assert (result["maxHops"], result["searchedHops"]) == (hops, searched)
    assert result["totalCount"] == total
    assert [k for k, _ in found(result, g)] == listed
    # The page is the one the full search gives: the nearest parties, in the same order.
    full = report(client, g, hops=hops, first=50)
    assert found(result, g) == found(full, g)[:first]


def test_listed_before_link(client: TestClient, g: Findings) -> None:
    parties = by_key(report(client, g), g)
    assert parties["l1"]["listedBeforeLink"] is True  # listed 2018-03-01, link from 2020
    assert parties["l7"]["listedBeforeLink"] is True  # listed 2009, link 2010-2015
    assert parties["l8"]["listedBeforeLink"] is True  # listed 2021, link from 2022
    # l2: listed 2021-06; of its two shortest paths' last hops, one began in 2019.
    assert parties["l2"]["listedBeforeLink"] is False
    assert parties["l3"]["listedBeforeLink"] is None  # listed 2019, link 2019-05-12: overlap
    assert parties["l4"]["listedBeforeLink"] is None  # listing date unknown
    assert parties["l6"]["listedBeforeLink"] is None  # link start unknown


def test_as_of_keeps_relationships_and_listings_in_force(client: TestClient, g: Findings) -> None:
    # 2020: l2 not yet listed (2021-06), l6 delisted (2012), l7's link ended (2015),
    # l8's link not begun (2022).
    result = report(client, g, asOf="2020")
    assert found(result, g) == [("l1", 1), ("l3", 1), ("l4", 1)]
    assert result["asOf"] == "2020" and result["totalCount"] == 3
    # 2014: only the link to l7 (2010-2015) and the still-listed ... l4 needs its 2015 link.
    assert found(report(client, g, asOf="2014-06"), g) == [("l7", 1)]
    # 2011: l6 is listed 2010-2012 and its link has no dates (always in force).
    assert found(report(client, g, asOf="2011-01-01"), g) == [("l6", 1), ("l7", 1)]


def test_as_of_partial_dates_compare_as_periods(client: TestClient, g: Findings) -> None:
    # l1's link starts "2020": in force as of any day of 2020, not as of 2019-12-31.
    assert ("l1", 1) in found(report(client, g, asOf="2020-01"), g)
    assert ("l1", 1) not in found(report(client, g, asOf="2019-12-31"), g)
    # l7's link ends "2015": still in force on 2015-12-31, not on 2016-01-01.
    assert ("l7", 1) in found(report(client, g, asOf="2015-12-31"), g)
    assert ("l7", 1) not in found(report(client, g, asOf="2016-01-01"), g)


def test_lists_filter(client: TestClient, g: Findings) -> None:
    result = report(client, g, lists=[g.id("uk")])
    assert found(result, g) == [("l7", 1), ("l2", 2)]
    for exposure in result["exposures"]:
        assert {li["list"]["id"] for li in exposure["listings"]} == {g.gid("list", "uk")}
    assert report(client, g, lists=[])["exposures"] == []


def test_relationship_types_filter(client: TestClient, g: Findings) -> None:
    assert found(report(client, g, types=["collaboration"]), g) == [("l1", 1)]
    result = report(client, g, types=["partnership", "ownership"])
    assert found(result, g) == [("l6", 1), ("l7", 1), ("l8", 1), ("l2", 2)]
    # Only the path through `a` remains for l2 (b -> l2 is funding).
    l2 = by_key(result, g)["l2"]
    assert [[n["id"] for n in p["nodes"]] for p in l2["paths"]] == [
        [g.id("u"), g.id("a"), g.id("l2")]
    ]
    assert l2["listedBeforeLink"] is False


def test_direction(client: TestClient, g: Findings) -> None:
    assert found(report(client, g, direction="INCOMING"), g) == [("l1", 1)]
    outgoing = [k for k, _ in found(report(client, g, direction="OUTGOING"), g)]
    assert "l1" not in outgoing and "l2" in outgoing


def test_paths_carry_every_hop_with_citations(client: TestClient, g: Findings) -> None:
    l2 = by_key(report(client, g), g)["l2"]
    assert [[n["id"] for n in p["nodes"]] for p in l2["paths"]] == [
        [g.id("u"), g.id("a"), g.id("l2")],
        [g.id("u"), g.id("b"), g.id("l2")],
    ]
    first = l2["paths"][0]
    assert first["length"] == 2
    hop = first["relationships"][1]
    assert hop["id"] == g.gid("relationship", "r-a-l2") and hop["type"] == "ownership"
    assert hop["from"] == {"id": g.id("a")} and hop["to"] == {"id": g.id("l2")}
    assert hop["startDate"] == "2019" and hop["endDate"] is None
    assert hop["citations"] == [
        {
            "quote": "a ownership l2",
            "locator": "p. 1",
            "source": {
                "id": g.gid("source", "src"),
                "title": "Test source",
                "publisher": "Tester",
                "publishedDate": "2020-02",
            },
        }
    ]
    # A hop walked against its direction keeps its real from/to.
    l1 = by_key(report(client, g), g)["l1"]
    rel = l1["paths"][0]["relationships"][0]
    assert rel["from"] == {"id": g.id("l1")} and rel["to"] == {"id": g.id("u")}
    assert rel["role"] == "co-lab"


def test_exposure_listings_and_entity(client: TestClient, g: Findings) -> None:
    l1 = by_key(report(client, g), g)["l1"]
    assert l1["entity"] == {
        "id": g.id("l1"), "name": "Listed l1", "kind": "Company", "countries": ["cn"],
    }  # fmt: skip
    entity_list = {
        "id": g.gid("list", "el"), "name": "Entity List", "authority": "US BIS", "country": "us"
    }  # fmt: skip
    source = {"id": g.gid("source", "src"), "title": "Test source"}
    assert l1["listings"] == [
        {
            "id": g.gid("listing", "x-l1"),
            "program": "EAR",
            "listedDate": "2018-03-01",
            "delistedDate": None,
            "list": entity_list,
            "citations": [{"quote": "l1 listed on el", "locator": "p. 1", "source": source}],
        }
    ]
    l6 = by_key(report(client, g), g)["l6"]
    assert l6["listings"][0]["delistedDate"] == "2012"


def test_unknown_entity_is_not_found(client: TestClient) -> None:
    body = post(client, REPORT, {"id": "no-such-entity"})
    assert codes(body) == ["NOT_FOUND"] and body["data"] == {"sanctionsExposure": None}


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        ({"hops": 7}, "maxHops"),
        ({"hops": 0}, "maxHops"),
        ({"first": 501}, "first"),
        ({"first": -1}, "first"),
        ({"types": ["ownership", "friendship"]}, "friendship"),
        ({"types": ["LISTED_ON"]}, "LISTED_ON"),
        ({"types": []}, "relationshipTypes"),
        ({"asOf": "2019-13"}, "asOf"),
        ({"asOf": "19"}, "asOf"),
    ],
)
def test_bad_arguments(client: TestClient, g: Findings, args: dict[str, Any], needle: str) -> None:
    body = post(client, REPORT, {"id": g.id("u"), **args})
    assert codes(body) == ["BAD_USER_INPUT"], body
    assert needle in body["errors"][0]["message"]


def test_partial_date_literal_names_its_argument(client: TestClient, g: Findings) -> None:
    query = '{ sanctionsExposure(entityId: "%s", asOf: "2019-02-30") { totalCount } }'
    body = post(client, query % g.id("u"))
    assert codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["message"].startswith("argument asOf:")


def test_hubs_are_not_expanded_through(
    make_client: ClientFactory, client: TestClient, findings: Findings, db: SyncDb,
    settings: Settings,
) -> None:  # fmt: skip
    hub(findings).load(db, settings)
    query = """query($id: ID!) {
      sanctionsExposure(entityId: $id) { exposures { entity { id } distance } }
    }"""

    def parties(c: TestClient) -> list[tuple[str, int]]:
        result = data(c, query, id=findings.id("s"))["sanctionsExposure"]["exposures"]
        return [(e["entity"]["id"].removeprefix(findings.prefix), e["distance"]) for e in result]

    # Unbounded (the default bound of 500 is far above these degrees): x is 2 hops via h.
    assert parties(client) == [("h", 1), ("x", 2), ("y", 2)]
    # Bound 5: h (degree 8) is still found as an end, and s (degree 8) still starts the
    # search, but nothing is reached *through* h.
    with make_client(hub_degree=5) as bounded:
        assert parties(bounded) == [("h", 1), ("y", 2)]


@pytest.mark.parametrize(
    "args",
    [
        {},
        {"hops": 4},
        {"hops": 1},
        {"asOf": "2016"},
        {"types": ["partnership", "part_of"]},
        {"direction": "OUTGOING"},
        {"first": 2},
    ],
)
def test_breadth_first_plan_gives_the_same_report(
    client: TestClient, g: Findings, args: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """From BFS_FROM_HOPS on, exposure runs as a pruning BFS + point-to-point paths; forced
    on here for every maxHops, it must answer exactly what the single search answers (up
    to which of several equally short paths is picked)."""

    def summary(result: dict[str, Any]) -> list[Any]:
        return [
            result["totalCount"],
            [
                (e["entity"]["id"], e["distance"], e["listedBeforeLink"], e["listings"],
                 sorted(p["length"] for p in e["paths"]))
                for e in result["exposures"]
            ],
        ]  # fmt: skip

    single = summary(report(client, g, **args))
    monkeypatch.setattr(exposure_query, "BFS_FROM_HOPS", 1)
    assert summary(report(client, g, **args)) == single
