"""Every query of cypher/queries/ against the seed data, with a non-trivial expected answer.

Expectations come from data/seed/*.yaml (the XJTLU investigation) where they can be
counted there, so the test follows the seed as it grows. Data-quality queries find nothing
wrong in the seed, so they also get a few broken records of their own (under ``prefix``),
written directly, as only a path around the ingest could.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from entanglements.core.saved_queries import run_saved_query
from entanglements.core.saved_queries.docs import bundled
from entanglements.core.settings import Settings
from tests.db import SyncDb
from tests.ownership.stored import store
from tests.saved_queries.conftest import SEED

Rows = list[dict[str, Any]]


@cache
def seed_yaml() -> dict[str, list[dict[str, Any]]]:
    merged: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(SEED.glob("*.yaml")):
        for key, records in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            merged.setdefault(key, []).extend(records)
    return merged


def seed_entity_ids() -> set[str]:
    return {e["id"] for e in seed_yaml()["entities"]}


def claims() -> list[dict[str, Any]]:
    return seed_yaml()["relationships"] + seed_yaml()["listings"]


@pytest.fixture(scope="module")
def run(seeded: object, db: SyncDb, settings: Settings) -> Callable[..., Rows]:
    def run(name: str, **params: Any) -> Rows:
        result = db.run(run_saved_query, name, params)
        assert not result.truncated
        return [dict(zip(result.columns, row, strict=True)) for row in result.rows]

    return run


@pytest.fixture
def broken(db: SyncDb, settings: Settings, prefix: str) -> Iterator[str]:
    """Records the ingest would refuse, plus an ownership chain with shares (none in the seed)."""
    db.write_rows(
        """
        CREATE (:Entity {id: $p + 'lonely', name: 'Lonely', kind: 'Organization'})
        CREATE (a:Entity {id: $p + 'a', name: 'A', kind: 'Company'})
        CREATE (b:Entity {id: $p + 'b', name: 'B', kind: 'Company'})
        CREATE (c:Entity {id: $p + 'c', name: 'C', kind: 'Company'})
        CREATE (a)-[:OWNERSHIP {id: $p + 'ab', share: 60.0, cite_source: ['aspi-xjtlu-2025'],
                                cite_quote: [''], cite_locator: ['']}]->(b)
        CREATE (b)-[:OWNERSHIP {id: $p + 'bc', share: 50.0, cite_source: ['aspi-xjtlu-2025'],
                                cite_quote: [''], cite_locator: ['']}]->(c)
        CREATE (a)-[:PARTNERSHIP {id: $p + 'backwards', start: '2020', end: '2019',
            start_lo: date('2020-01-01'), start_hi: date('2020-12-31'),
            end_lo: date('2019-01-01'), end_hi: date('2019-12-31'),
            cite_source: [$p + 'no-such-source'], cite_quote: [''], cite_locator: []}]->(c)
        CREATE (b)-[:FUNDING {id: $p + 'future', start: '2990', start_lo: date('2990-01-01'),
            start_hi: date('2990-12-31'), cite_source: ['aspi-xjtlu-2025'], cite_quote: [''],
            cite_locator: ['']}]->(c)
        """,
        p=prefix,
    )
    yield prefix
    db.write_rows("MATCH (n:Entity) WHERE n.id STARTS WITH $p DETACH DELETE n", p=prefix)


def ids(rows: Rows, column: str) -> set[str]:
    return {r[column] for r in rows}


# --- one test per query; test_every_query_is_tested keeps the list complete -------------


def test_exposure_paths(run: Callable[..., Rows]) -> None:
    two = run("exposure-paths", entity_id="xjtlu", max_hops=2)
    assert ids(two, "party_id") == {
        "nscc-wuxi",
        "ime-cas",
        "simit",
        "sugon",
        "iflytek",
        "rossotrudnichestvo",
        "russkiy-mir-foundation",
        "olga-zabralova",
    }
    first = two[0]
    assert (first["party_id"], first["hops"], first["listings"]) == (
        "nscc-wuxi",
        1,
        ["Entity List (2021)"],
    )
    assert first["relationship_types"] == ["PARTNERSHIP"]
    path = first["path"]  # a path as typed JSON
    assert [n["properties"]["id"] for n in path["nodes"]] == ["xjtlu", "nscc-wuxi"]
    assert path["relationships"][0]["type"] == "PARTNERSHIP"
    assert ids(run("exposure-paths", entity_id="xjtlu", max_hops=1), "party_id") == {"nscc-wuxi"}
    # As of 2020 the University of Liverpool reaches only what was listed by then (2019), and
    # only through links without a later start.
    assert ids(run("exposure-paths", entity_id="univ-liverpool", as_of="2020"), "party_id") == {
        "sugon",
        "iflytek",
    }


def test_partners_listed_before_link(run: Callable[..., Rows]) -> None:
    rows = run("partners-listed-before-link", entity_id="xjtlu")
    assert [(r["partner_id"], r["via"], r["link_start"], r["listed"]) for r in rows] == [
        ("nscc-wuxi", "xjtlu", "2025-04", "2021")
    ]
    assert rows[0]["relationship"] == "PARTNERSHIP"
    assert run("partners-listed-before-link", entity_id="xjtlu", as_of="2024") == []


def test_partners_listed_after_link(run: Callable[..., Rows]) -> None:
    rows = run("partners-listed-after-link", entity_id="xjtlu")
    assert [(r["partner_id"], r["via"], r["link_start"], r["listed"]) for r in rows] == [
        ("simit", "xjtlu-school-of-chips", "2019", "2024"),
        ("sugon", "xjtlu-school-of-ai-advanced-computing", "2018", "2019"),
    ]
    assert run("partners-listed-after-link", entity_id="xjtlu", include_units=False) == []


def test_authority_listed_links(run: Callable[..., Rows]) -> None:
    rows = run("authority-listed-links", authority="commerce", entity_id="univ-liverpool")
    # The test graph also holds other tests' Commerce lists (the BIS Denied Persons List),
    # whose parties have no link to Liverpool: linked parties come first, then those.
    linked = [r for r in rows if r["hops"] is not None]
    assert all(r["hops"] is None for r in rows[len(linked) :])
    assert {r["party_id"]: r["hops"] for r in linked} == {
        "nscc-wuxi": 2,
        "ime-cas": 3,
        "simit": 3,
        "sugon": 3,
        "iflytek": 3,
    }
    assert rows[0]["route"] == [
        "University of Liverpool",
        "Xi'an Jiaotong-Liverpool University",
        "National Supercomputing Center in Wuxi",
    ]
    eu = run("authority-listed-links", authority="eu-sanctions", entity_id="xjtlu", max_hops=1)
    # Listed by the EU but none within one hop: all kept, without a route.
    assert ids(eu, "party_id") == {"olga-zabralova", "rossotrudnichestvo", "russkiy-mir-foundation"}
    assert {r["hops"] for r in eu} == {None}


def test_shared_neighbours(run: Callable[..., Rows]) -> None:
    rows = run("shared-neighbours", a_id="artem-semenov", b_id="olga-zabralova")
    assert {r["neighbour_id"]: (r["links_to_a"], r["links_to_b"]) for r in rows} == {
        "moscow-regional-government": (["ADVISING"], ["ADVISING"]),
        "russian-delegation-xjtlu-2024-11": (["PARTICIPATION"], ["PARTICIPATION"]),
    }
    # Before the November 2024 delegation only the advisory role is shared.
    early = run("shared-neighbours", a_id="artem-semenov", b_id="olga-zabralova", as_of="2024-06")
    assert ids(early, "neighbour_id") == {"moscow-regional-government"}


def test_bridging_people(run: Callable[..., Rows]) -> None:
    rows = {r["person_id"]: r for r in run("bridging-people")}
    assert set(rows) == {"chao-qiuling", "artem-semenov"}
    assert rows["chao-qiuling"]["authorities"] == [
        "Council of the European Union",
        "US Department of Commerce, Bureau of Industry and Security",
    ]
    zabralova_authorities = {
        lst["list"] for lst in seed_yaml()["listings"] if lst["entity"] == "olga-zabralova"
    }
    assert rows["artem-semenov"]["authority_count"] == len(zabralova_authorities)


def test_entity_dossier(run: Callable[..., Rows]) -> None:
    rows = run("entity-dossier", entity_id="nscc-wuxi")
    assert [(r["claim"], r["claim_id"], r["direction"], r["other_id"]) for r in rows] == [
        ("LISTED_ON", "lst-nscc-wuxi-us-bis-entity-list", "from", "us-bis-entity-list"),
        ("PARTNERSHIP", "rel-xjtlu-partnership-nscc-wuxi", "to", "xjtlu"),
    ]
    assert all(r["source_id"] == "aspi-xjtlu-2025" for r in rows)
    assert rows[0]["source_title"].startswith("A British University")
    assert "added to the US federal entity list in 2021" in rows[0]["quote"]
    # One row per citation, the entity's own first, quotes kept with their sources.
    centre = run("entity-dossier", entity_id="china-russia-centre")
    expected = sum(
        len(c["citations"])
        for c in claims()
        if "china-russia-centre" in (c.get("from"), c.get("to"), c.get("entity"))
    ) + len(
        next(e for e in seed_yaml()["entities"] if e["id"] == "china-russia-centre")["citations"]
    )
    assert len(centre) == expected
    assert centre[0]["claim"] == "ENTITY"
    press = [r for r in centre if r["source_id"] == "xjtlu-press-release-china-russia-centre"]
    assert press and all(r["other_id"] in {None, "chao-qiuling"} for r in press)


def test_single_source_exposure(run: Callable[..., Rows]) -> None:
    rows = {r["claim_id"]: r for r in run("single-source-exposure", entity_id="xjtlu", max_hops=2)}
    assert "rel-xjtlu-partnership-nscc-wuxi" in rows
    assert rows["lst-nscc-wuxi-us-bis-entity-list"]["exposes"] == [
        "National Supercomputing Center in Wuxi"
    ]
    # Two quotes from the same article are still one source.
    assert rows["rel-xjtlu-hosted-china-russia-centre-opening"]["citations"] == 2
    # Corroborated by a second source: not listed.
    for corroborated in (
        "lst-ime-cas-us-bis-entity-list",
        "lst-sugon-us-bis-entity-list",
        "lst-rossotrudnichestvo-eu-sanctions",
    ):
        assert corroborated not in rows
    assert {r["only_source"] for r in rows.values()} == {"aspi-xjtlu-2025"}


def seed_only(rows: Rows, key: str) -> Rows:
    """The rows about the seed: the test database also holds other tests' data."""
    ids = {r["id"] for kind in ("entities", "sources") for r in seed_yaml()[kind]}
    return [r for r in rows if r[key] in ids]


def test_newly_listed_since(run: Callable[..., Rows]) -> None:
    rows = seed_only(run("newly-listed-since", since="2022", entity_id="xjtlu"), "party_id")
    assert {r["party_id"]: (r["listed"], r["certain"], r["hops"]) for r in rows} == {
        "ime-cas": ("2024", True, 2),
        "simit": ("2024", True, 2),
        "rossotrudnichestvo": ("2022", True, 2),
        "russkiy-mir-foundation": ("2022", True, 2),
    }
    assert [r["listed"] for r in rows] == ["2024", "2024", "2022", "2022"]  # newest first
    mid = seed_only(run("newly-listed-since", since="2024-06", entity_id="xjtlu"), "party_id")
    assert {r["party_id"]: r["certain"] for r in mid} == {"ime-cas": False, "simit": False}


def test_ownership_chains(run: Callable[..., Rows], broken: str) -> None:
    up = run("ownership-chains", entity_id="xjtlu-school-of-chips")
    assert [(r["direction"], r["other_id"], r["hops"]) for r in up] == [
        ("up", "xjtlu-entrepreneur-college-taicang", 1),
        ("up", "xjtlu", 1),
        ("up", "xjtlu", 2),
    ]
    p = broken
    owners = run("ownership-chains", entity_id=f"{p}c")
    assert {(r["other_id"], r["hops"]): r["effective_share"] for r in owners} == {
        (f"{p}b", 1): 50.0,
        (f"{p}a", 2): 30.0,
    }
    holdings = run("ownership-chains", entity_id=f"{p}a")
    assert [
        (r["direction"], r["other_id"], r["shares"], r["effective_share"]) for r in holdings
    ] == [
        ("down", f"{p}b", [60.0], 60.0),
        ("down", f"{p}c", [60.0, 50.0], 30.0),
    ]


def test_hubs(run: Callable[..., Rows]) -> None:
    degree = Counter(e for r in seed_yaml()["relationships"] for e in (r["from"], r["to"]))
    top = seed_only(run("hubs", limit=10_000), "entity_id")
    assert (top[0]["entity_id"], top[0]["degree"]) == ("xjtlu", degree["xjtlu"])
    assert top[0]["listed_neighbours"] == 1  # nscc-wuxi; the rest are two hops away
    people = seed_only(run("hubs", kind="Person", limit=10_000), "entity_id")
    person, count = max(
        ((e["id"], degree[e["id"]]) for e in seed_yaml()["entities"] if e["kind"] == "Person"),
        key=lambda x: x[1],
    )
    assert (people[0]["entity_id"], people[0]["degree"]) == (person, count)
    assert {r["kind"] for r in people} == {"Person"}
    labs = seed_only(run("hubs", tag="lab", limit=10_000), "entity_id")
    assert ids(labs, "entity_id") == {"xjtlu-iflytek-joint-lab"}


def test_uncited_entities(run: Callable[..., Rows], broken: str) -> None:
    rows = run("uncited-entities", limit=100000)
    linked = {c.get("from") for c in claims()} | {c.get("to") for c in claims()}
    linked |= {c.get("entity") for c in claims()}
    expected = seed_entity_ids() - linked
    assert "univ-cambridge" in expected
    assert ids(rows, "entity_id") & seed_entity_ids() == expected
    cambridge = next(r for r in rows if r["entity_id"] == "univ-cambridge")
    assert (cambridge["relationships"], cambridge["own_sources"]) == (0, ["aspi-xjtlu-2025"])
    assert f"{broken}lonely" in ids(rows, "entity_id")
    assert f"{broken}a" not in ids(rows, "entity_id")  # its ownership is cited


def test_impossible_dates(run: Callable[..., Rows], broken: str) -> None:
    rows = {r["claim_id"]: r for r in run("impossible-dates", limit=100000)}
    assert rows[f"{broken}backwards"]["problem"] == "ends before it starts"
    assert rows[f"{broken}future"]["problem"].startswith("starts after ")
    seed_claims = {c["id"] for c in claims()}
    assert not seed_claims & set(rows)
    # Against a reference date in 2995 the 2990 start is no longer in the future.
    later = run("impossible-dates", today="2995", limit=100000)
    assert f"{broken}future" not in ids(later, "claim_id")


def test_dangling_citations(run: Callable[..., Rows], broken: str) -> None:
    rows = {r["claim_id"]: r for r in run("dangling-citations", limit=100000)}
    bad = rows[f"{broken}backwards"]
    assert bad["missing_sources"] == [f"{broken}no-such-source"]
    assert bad["uneven_citation_lists"] is True
    assert not {c["id"] for c in claims()} & set(rows)
    assert not seed_entity_ids() & set(rows)


def test_recent_ingest_runs(run: Callable[..., Rows]) -> None:
    # The model test alone records thousands of runs: ask for as many as a saved query returns.
    rows = run("recent-ingest-runs", limit=10000, outcome="ok")
    assert rows and {r["outcome"] for r in rows} == {"ok"}
    started = [r["started_at"] for r in rows]
    assert started == sorted(started, reverse=True)  # ISO strings of one zone sort by time
    seed_runs = [r for r in rows if any(str(i).endswith("xjtlu.yaml") for i in r["inputs"])]
    assert seed_runs, "the seed's ingest run is missing"
    # The latest seed run last asserted every seed entity.
    assert max(r["entities_last_asserted"] for r in seed_runs) >= len(seed_entity_ids())


def test_path_between(run: Callable[..., Rows]) -> None:
    rows = run("path-between", a_id="univ-liverpool", b_id="sugon")
    direct = [
        r
        for r in seed_yaml()["relationships"]
        if {r["from"], r["to"]} == {"univ-liverpool", "xjtlu"}
    ]
    assert len(rows) == len(direct) >= 2  # one shortest path per Liverpool-XJTLU relationship
    assert {r["hops"] for r in rows} == {3}
    assert {tuple(r["route"][1:]) for r in rows} == {
        (
            "Xi'an Jiaotong-Liverpool University",
            "XJTLU School of AI and Advanced Computing",
            "Sugon",
        )
    }
    assert {r["links"][0]["id"] for r in rows} == {r["id"] for r in direct}
    assert all(r["links"][-1]["start"] == "2018" for r in rows)  # Sugon co-founded it in 2018


def test_source_reliance(run: Callable[..., Rows]) -> None:
    cited = Counter()
    sole = Counter()
    for claim in claims():
        sources = {c["source"] for c in claim["citations"]}
        cited.update(sources)
        if len(sources) == 1:
            sole.update(sources)
    rows = {r["source_id"]: r for r in seed_only(run("source-reliance", limit=10_000), "source_id")}
    aspi = rows["aspi-xjtlu-2025"]
    assert (aspi["claims"], aspi["sole_support"]) == (
        cited["aspi-xjtlu-2025"],
        sole["aspi-xjtlu-2025"],
    )
    assert next(iter(rows)) == "aspi-xjtlu-2025"
    for source, count in cited.items():
        assert rows[source]["claims"] == count


def test_every_query_is_tested() -> None:
    tested = {
        name.removeprefix("test_").replace("_", "-")
        for name in globals()
        if name.startswith("test_") and name != "test_every_query_is_tested"
    }
    assert tested == {q.name for q in bundled()}


def test_owners_over_100(
    run: Callable[..., Rows], db: SyncDb, settings: Settings, prefix: str, tmp_path: Path
) -> None:
    stakes: list[Any] = [
        ("x", "t", 60),
        {"owner": "x", "asset": "t", "share": 60, "id": f"{prefix}again"},  # stated twice
        ("w", "t", 50),
        ("w", "d", 40),
        ("x", "d", (30, 70)),
        {"owner": "v", "asset": "t", "share": 30, "end": "2019"},
    ]
    store(db, settings, tmp_path, prefix, stakes, {"x": {}})
    rows = [r for r in run("owners-over-100", limit=10_000) if r["entity_id"].startswith(prefix)]
    assert [(r["entity_id"], r["total"]) for r in rows] == [(f"{prefix}t", 140)]
    owners = {o["owner_id"]: (o["share"], sorted(o["relationships"])) for o in rows[0]["owners"]}
    assert owners[f"{prefix}x"] == (60, sorted([f"{prefix}own-x-t", f"{prefix}again"]))
    now = [
        r
        for r in run("owners-over-100", as_of="2025", limit=10_000)
        if r["entity_id"].startswith(prefix)
    ]
    assert [(r["entity_id"], r["total"]) for r in now] == [(f"{prefix}t", 110)]


def test_stakes_without_share(
    run: Callable[..., Rows], db: SyncDb, settings: Settings, prefix: str, tmp_path: Path
) -> None:
    stakes: list[Any] = [("x", "a", None), ("w", "a", 20), ("w", "b", None), ("w", "c", (10, 20))]
    stakes.append({"owner": "v", "asset": "b", "share": None, "end": "2019"})
    store(db, settings, tmp_path, prefix, stakes, {"x": {}})
    mine = [
        r
        for r in run("stakes-without-share", limit=10_000)
        if r["relationship_id"].startswith(prefix)
    ]
    assert [(r["relationship_id"], r["owner_listed"]) for r in mine] == [
        (f"{prefix}own-x-a", True),
        (f"{prefix}own-v-b", False),
        (f"{prefix}own-w-b", False),
    ]
    now = run("stakes-without-share", as_of="2024", limit=10_000)
    assert f"{prefix}own-v-b" not in {r["relationship_id"] for r in now}


def test_ownership_cycles(
    run: Callable[..., Rows], db: SyncDb, settings: Settings, prefix: str, tmp_path: Path
) -> None:
    stakes: list[Any] = [("a", "b", 70), ("b", "a", 20), ("b", "c", 60), ("c", "d", 60)]
    stakes += [{"owner": "d", "asset": "b", "share": None, "type": "control"}, ("x", "a", 60)]
    store(db, settings, tmp_path, prefix, stakes, {"x": {}})
    mine = [
        r for r in run("ownership-cycles", limit=10_000) if r["entity_ids"][0].startswith(prefix)
    ]
    assert [(r["length"], r["entity_ids"], r["shares"]) for r in mine] == [
        (2, [f"{prefix}a", f"{prefix}b"], [70, 20]),
        (3, [f"{prefix}b", f"{prefix}c", f"{prefix}d"], [60, 60, None]),
    ]
    short = run("ownership-cycles", max_hops=2)
    assert not [r for r in short if r["entity_ids"][0].startswith(prefix) and r["length"] > 2]
