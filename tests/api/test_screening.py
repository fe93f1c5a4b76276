"""screen, screenMany, compare: candidates from the index, scored and explained."""

from __future__ import annotations

import random
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from entanglements.core.settings import Settings
from tests.api.conftest import Findings, codes, data, post
from tests.db import SyncDb

SCREEN = """
query($q: ScreeningQuery!, $lists: [ID!], $threshold: Float, $first: Int) {
  screen(query: $q, lists: $lists, threshold: $threshold, first: $first) {
    candidates { entity { id name } score match explanation lists { id }
                 features { name score weight detail } }
  }
}
"""
SCREEN_MANY = """
query($qs: [ScreeningQuery!]!) {
  screenMany(queries: $qs) { candidates { entity { id } score match } }
}
"""
COMPARE = """
query($a: ScreeningQuery!, $b: ScreeningQuery!) {
  compare(a: $a, b: $b) { score match explanation features { name score weight detail } }
}
"""

_rng = random.Random()
#: Made-up family and company words no other test uses, so candidates are this module's.
FAMILY = "".join(_rng.choices("bdfgklmnprstvz", k=4)) + "ov"
BRAND = "".join(_rng.choices("bdfgklmnprstvz", k=3)) + "ex"
CITY = "".join(_rng.choices("bdfgklmnprstvz", k=3)) + "an"


@pytest.fixture(scope="module")
def g(db: SyncDb, settings: Settings) -> Findings:
    graph = Findings(f"t{uuid.uuid4().hex[:10]}-")
    graph.sanctions_list("el", name="Entity List")
    graph.entity("p", kind="Person", name=f"{FAMILY.upper()}, Vladimir", birth_dates=["1961"])
    graph.entity(
        "c",
        kind="Company",
        name=f"{BRAND} Information Industry Co., Ltd.",
        identifiers=[f"uscc:91{BRAND.upper()}0001"],
        countries=["cn"],
    )
    graph.entity("u", name=f"{CITY} Jiaotong University")
    graph.entity("s", name=f"{CITY} Jiaotong-Liverpool University")
    graph.listing("cl", "c", "el")
    graph.load(db, settings)
    return graph


def screen(client: TestClient, q: dict[str, Any], **args: Any) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = data(client, SCREEN, q=q, **args)["screen"]["candidates"]
    return result


def ids(g: Findings, candidates: list[dict[str, Any]]) -> list[str]:
    return [
        c["entity"]["id"].removeprefix(g.prefix)
        for c in candidates
        if c["entity"]["id"].startswith(g.prefix)
    ]


def test_finds_a_person_across_scripts_and_word_order(client: TestClient, g: Findings) -> None:
    found = screen(client, {"kind": "Person", "name": f"Vladimir {FAMILY}"})
    assert ids(g, found)[:1] == ["p"]
    top = found[0]
    assert top["match"] and top["score"] >= 0.7
    assert f"{FAMILY}={FAMILY} (exact)" in top["explanation"]
    assert {f["name"] for f in top["features"]} >= {"name"}


def test_contradicting_birth_date_lowers_the_score(client: TestClient, g: Findings) -> None:
    q = {"kind": "Person", "name": f"Vladimir {FAMILY}"}
    same = screen(client, q | {"birthDate": "1961-10-07"})[0]
    other = screen(client, q | {"birthDate": "1990"})[0]
    assert other["score"] < same["score"] and not other["match"]
    assert any(f["name"] == "birthDate" and f["weight"] < 0 for f in other["features"])


def test_identifier_finds_a_renamed_company(client: TestClient, g: Findings) -> None:
    # A name other tests' graphs also hold: the identifier must still bring ours in.
    q = {"name": "Sugon", "identifiers": [f"91{BRAND.upper()}0001"]}
    found = [c for c in screen(client, q, first=50) if c["entity"]["id"].startswith(g.prefix)]
    assert ids(g, found)[:1] == ["c"]
    assert found[0]["match"] and "identifier" in found[0]["explanation"]
    assert found[0]["lists"] == [{"id": g.gid("list", "el")}]


def test_lists_restrict_candidates(client: TestClient, g: Findings) -> None:
    q = {"name": f"{BRAND} Information Industry"}
    assert ids(g, screen(client, q, lists=[g.id("el")])) == ["c"]
    assert screen(client, q, lists=[g.id("no-such-list")]) == []


def test_sibling_institution_is_a_candidate_but_not_a_match(
    client: TestClient, g: Findings
) -> None:
    # Other tests' Jiaotong universities may rank between: look at this module's only.
    found = screen(client, {"name": f"{CITY} Jiaotong University"}, first=50)
    found = [c for c in found if c["entity"]["id"].startswith(g.prefix)]
    assert ids(g, found)[:2] == ["u", "s"]
    assert found[0]["match"] and not found[1]["match"]
    assert "+liverpool (only in candidate)" in found[1]["explanation"]


def test_threshold_and_first(client: TestClient, g: Findings) -> None:
    q = {"name": f"{CITY} Jiaotong University"}
    assert all(c["match"] for c in screen(client, q, threshold=0.1) if c["score"] >= 0.1)
    assert len(screen(client, q, first=1)) == 1
    assert screen(client, q, first=0) == []


def test_screen_many_keeps_query_order(client: TestClient, g: Findings) -> None:
    qs = [{"name": f"{CITY} Jiaotong University"}, {"kind": "Person", "name": f"V {FAMILY}"}]
    results = data(client, SCREEN_MANY, qs=qs)["screenMany"]
    assert [r["candidates"][0]["entity"]["id"] for r in results] == [g.id("u"), g.id("p")]


def test_compare_explains_features(client: TestClient) -> None:
    result = data(
        client,
        COMPARE,
        a={"kind": "Person", "name": "Emma"},
        b={"kind": "Company", "name": "EMMA LLC"},
    )["compare"]
    assert result["score"] == 0.0 and not result["match"]
    assert result["features"][0]["name"] == "kind"


@pytest.mark.parametrize(
    ("query", "variables", "message"),
    [
        (SCREEN, {"q": {"name": ""}}, "may not be empty"),
        (SCREEN, {"q": {"name": "?!…"}}, "no letter or digit"),
        (SCREEN, {"q": {"name": "x" * 10_000}}, "at most"),
        (SCREEN, {"q": {"name": "Alpha"}, "threshold": 1.5}, "threshold"),
        (SCREEN, {"q": {"name": "Alpha"}, "first": 1000}, "first"),
        (SCREEN_MANY, {"qs": [{"name": "Alpha"}] * 101}, "at most 100"),
    ],
)
def test_bad_input(client: TestClient, query: str, variables: dict[str, Any], message: str) -> None:
    body = post(client, query, variables)
    assert body["_status"] == 200 and codes(body) == ["BAD_USER_INPUT"], body
    assert message in body["errors"][0]["message"]


SCREEN_DIRTY = """
query($qs: [ScreeningQuery!]!) {
  screenMany(queries: $qs) { candidates { entity { id } } warnings error }
}
"""


def test_screen_many_takes_dirty_rows(client: TestClient) -> None:
    """Issue 24: 100 queries, one with an impossible birth date and one with an unknown
    country, get 100 results; those two say what they ignored, the others nothing."""
    queries: list[dict[str, Any]] = [
        {"kind": "Person", "name": f"Dirty Row Person {i}"} for i in range(100)
    ]
    queries[17]["birthDate"] = "1974-01-32"
    queries[58]["countries"] = ["Atlantis"]
    results = data(client, SCREEN_DIRTY, qs=queries)["screenMany"]
    assert len(results) == 100 and all(r["error"] is None for r in results)
    warned = {i: r["warnings"] for i, r in enumerate(results) if r["warnings"]}
    assert warned == {
        17: ["birth date '1974-01-32' ignored: impossible date '1974-01-32': no such day"],
        58: ["country 'Atlantis' ignored: 'Atlantis' is not an ISO 3166 alpha-2 code, e.g. cn"],
    }


def test_a_query_without_a_name_is_its_results_error(client: TestClient) -> None:
    results = data(
        client,
        SCREEN_DIRTY,
        qs=[{"name": "Alpha"}, {"name": " "}, {"name": "Beta", "kind": "Starship"}],
    )["screenMany"]
    assert [r["error"] for r in results] == [
        None,
        "queries[1]: no usable name (name ' ' ignored: a name may not be empty)",
        None,
    ]
    assert results[2]["warnings"] == ["kind 'Starship' ignored: not a FollowTheMoney schema"]
    body = post(client, SCREEN, {"q": {"name": " "}})
    assert codes(body) == ["BAD_USER_INPUT"] and "no usable name" in body["errors"][0]["message"]
