"""Global object identification (issue 25): ``node(id:)`` and ``nodes(ids:)`` answer for
every kind with an identity, ids are unique across kinds, each kind costs one query."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from entanglements.core.settings import Settings
from entanglements.ingest.errors import InvalidInputError
from entanglements.ingest.pipeline import ingest_records
from tests.api.conftest import Findings, data, post
from tests.api.test_seed import seeded  # noqa: F401  (fixture)
from tests.api.test_watch import alerts_of, partner_listed_later
from tests.db import SyncDb

NODE = """
query($id: ID!) { node(id: $id) {
  __typename id
  ... on Entity { name }
  ... on Relationship { type from { id } }
  ... on Listing { list { id name } }
  ... on Source { title }
  ... on SanctionsList { name }
  ... on Alert { kind watchedEntity { id } party { id name } }
  ... on OwnershipRule { name }
  ... on SavedQuery { name }
} }
"""
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"


def node(client: TestClient, node_id: str) -> dict[str, Any] | None:
    found: dict[str, Any] | None = data(client, NODE, id=node_id)["node"]
    return found


def test_node_answers_for_each_kind_of_the_seed(client: TestClient, seeded: None) -> None:  # noqa: F811
    entity = data(
        client,
        """{ entity(id: "nscc-wuxi") { id listings { id list { id } }
             relationships(first: 1) { edges { node { id } } } } }""",
    )["entity"]
    listing = entity["listings"][0]
    rel_id = entity["relationships"]["edges"][0]["node"]["id"]
    assert rel_id.startswith("relationship:") and listing["id"].startswith("listing:")

    assert node(client, "nscc-wuxi") == {
        "__typename": "Entity",
        "id": "nscc-wuxi",
        "name": "National Supercomputing Center in Wuxi",
    }
    rel = node(client, rel_id)
    assert rel is not None and rel["__typename"] == "Relationship" and rel["id"] == rel_id
    found = node(client, listing["id"])
    assert found is not None and found["__typename"] == "Listing"
    assert found["list"]["id"] == listing["list"]["id"] == "list:us-bis-entity-list"
    source = node(client, "source:aspi-xjtlu-2025")
    assert source is not None and source["__typename"] == "Source" and source["title"]
    lst = node(client, "list:us-bis-entity-list")
    assert lst is not None and lst["__typename"] == "SanctionsList"
    rule = node(client, "rule:ofac-50")
    assert rule is not None and rule["__typename"] == "OwnershipRule"
    query = node(client, "query:entity-dossier")
    assert query is not None and query["name"] == "entity-dossier"
    # Unknown ids and unknown kinds are null, not errors; a bare key is an entity id.
    for missing in ("nope", "source:nope", "relationship:nope", "alert:nope", "bogus:xjtlu"):
        assert node(client, missing) is None


def test_nodes_keeps_order_and_costs_one_query_per_kind(client: TestClient, seeded: None) -> None:  # noqa: F811
    ids = ["xjtlu", "source:aspi-xjtlu-2025", "nope", "sugon", "list:us-ofac-sdn", "xjtlu"]
    found = data(client, NODES, ids=ids)["nodes"]
    assert [n and n["__typename"] for n in found] == [
        "Entity",
        "Source",
        None,
        "Entity",
        "SanctionsList",
        "Entity",
    ]
    assert [n["id"] for n in found if n] == [i for i in ids if i != "nope"]


def test_ids_are_unique_across_kinds_and_arguments_take_both_forms(
    client: TestClient,
    seeded: None,  # noqa: F811
) -> None:
    lists = data(client, "{ sanctionsLists { id } }")["sanctionsLists"]
    sources = data(client, '{ source(id: "source:aspi-xjtlu-2025") { id } }')["source"]
    assert sources == {"id": "source:aspi-xjtlu-2025"}
    assert data(client, '{ source(id: "aspi-xjtlu-2025") { id } }')["source"] == sources
    assert all(lst["id"].startswith("list:") for lst in lists)
    report = """query($lists: [ID!]) { sanctionsExposure(entityId: "xjtlu", lists: $lists)
                { totalCount } }"""
    bare = data(client, report, lists=["us-bis-entity-list"])
    prefixed = data(client, report, lists=["list:us-bis-entity-list"])
    assert bare == prefixed and bare["sanctionsExposure"]["totalCount"] > 0


def test_an_entity_id_that_looks_like_another_kinds_id_is_refused(
    db: SyncDb, settings: Settings, prefix: str
) -> None:
    record = {"record": "entity", "id": f"source:{prefix}x", "kind": "Person", "name": "X"}
    with pytest.raises(InvalidInputError) as refused:
        db.run(ingest_records, [record], origin="api")
    message = str(refused.value)
    assert f"entity id 'source:{prefix}x' starts with 'source:'" in message, message


@pytest.fixture
def alerted(findings: Findings, db: SyncDb, settings: Settings) -> Iterator[Findings]:
    with partner_listed_later(findings, db, settings) as listing:
        listing.load(db, settings)  # the watch check at the end raises the alert
        yield findings


def test_alert_node_links_objects(
    client: TestClient, alerted: Findings, db: SyncDb, settings: Settings
) -> None:
    raised = alerts_of(db, settings, alerted.id("watched"))
    assert len(raised) == 1
    found = node(client, f"alert:{raised[0].id}")
    assert found == {
        "__typename": "Alert",
        "id": f"alert:{raised[0].id}",
        "kind": "LISTED",
        "watchedEntity": {"id": alerted.id("watched")},
        "party": {"id": alerted.id("partner"), "name": "Entity partner"},
    }
    query = "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Watch { hops entity { id } } } }"
    body = post(client, query, {"ids": [f"watch:{alerted.id('watched')}"]})
    assert body["data"]["nodes"] == [
        {"id": f"watch:{alerted.id('watched')}", "hops": 3, "entity": {"id": alerted.id("watched")}}
    ]
