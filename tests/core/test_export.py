"""``core.export``: FollowTheMoney and GraphML exports of the real graph (docs/export.md).

The seed is loaded under the test's prefix, so the test owns every element it compares.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from followthemoney import model

from entanglements.core.errors import BadInputError, NotFoundError
from entanglements.core.export import Format, Scope
from entanglements.core.export.ftm import EXTENSION, document_id, ftm_id, relationship_lines
from entanglements.core.resolution.judgements import Judgement, judge
from entanglements.core.settings import Settings
from entanglements.ingest.pipeline import ingest_paths, ingest_records
from tests.api.conftest import Findings
from tests.core.export_helpers import delete_part, dump, export, ftm_lines, prefixed_seed
from tests.db import SyncDb


@pytest.fixture
def seeded(db: SyncDb, settings: Settings, prefix: str) -> Iterator[str]:
    summary = db.run(ingest_records, prefixed_seed(prefix), origin="cli")
    assert summary.outcome == "ok"
    yield prefix
    # A whole copy of the seed would sit beside the seed in searches and graph-wide saved queries.
    delete_part(db, settings, prefix)


def _own_lines(text: str, p: str) -> list[dict[str, Any]]:
    """The lines of a whole-graph export that stand for the test's own elements."""
    own = []
    for line in ftm_lines(text):
        records = line[EXTENSION]["records"]
        if records and all(r["id"].startswith(p) for r in records):
            own.append(line)
        elif not records and line["properties"]["entity"][0].startswith(p):
            own.append(line)  # a Documentation of one of the test's entities
    return own


def _write(lines: list[dict[str, Any]], path: Path) -> Path:
    import json

    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    return path


def test_round_trip_gives_the_same_graph(
    db: SyncDb, settings: Settings, seeded: str, tmp_path: Path
) -> None:
    p = seeded
    before = dump(db, settings, p)
    lines = _own_lines(export(settings, Scope(), Format.FTM), p)
    delete_part(db, settings, p)
    assert dump(db, settings, p) == {}
    summary = db.run(ingest_paths, [_write(lines, tmp_path / "seed.ftm.jsonl")])
    assert summary.outcome == "ok"
    after = dump(db, settings, p)
    assert sorted(after) == sorted(before)
    for key, element in before.items():  # element by element: a failure names the element
        assert after[key] == element, key
    kinds = Counter(k.split(":")[0] for k in before)
    assert kinds["rel"] > 90  # 90 relationships and 17 listings: the comparison covered them
    quotes = [e for e in before.values() if any(e["props"].get("cite_quote") or [])]
    assert len(quotes) > 80


def _check_value_ranges(line: dict[str, Any], schemata: dict[str, str]) -> list[str]:
    problems = []
    schema = model.get(line["schema"])
    assert schema is not None and not schema.abstract, line["schema"]
    schema.validate(line)  # raises InvalidData
    for name in schema.required:
        if not line["properties"].get(name):
            problems.append(f"{line['id']}: required {name} missing")
    for name, values in line["properties"].items():
        prop = schema.get(name)
        if prop is None:
            problems.append(f"{line['id']}: {schema.name} has no property {name}")
            continue
        for value in values:
            if not prop.type.validate(value):
                problems.append(f"{line['id']}: {name}={value!r} invalid")
            if prop.type.name == "entity":
                target = schemata.get(value)
                ok = (
                    target is not None and prop.range is not None and model[target].is_a(prop.range)
                )
                if not ok:
                    problems.append(f"{line['id']}: {name} → {value} ({target}) out of range")
    return problems


def test_every_line_is_valid_followthemoney(settings: Settings, seeded: str) -> None:
    """Each line validates with the model, and every reference names an exported entity of
    a schema within the property's range (the seed's part only: others' data is theirs)."""
    lines = _own_lines(export(settings, Scope(), Format.FTM), seeded)
    schemata = {line["id"]: line["schema"] for line in lines}
    assert len(schemata) == len(lines)  # ids are unique across kinds
    problems = [p for line in lines for p in _check_value_ranges(line, schemata)]
    assert problems == []
    by_schema = Counter(line["schema"] for line in lines)
    assert by_schema["Sanction"] == 17 and by_schema["Document"] == 13
    assert by_schema["Ownership"] + by_schema["Employment"] + by_schema["Directorship"] > 0


def test_ftm_keeps_quotes_locators_and_ids(settings: Settings, seeded: str) -> None:
    p = seeded
    lines = {line["id"]: line for line in _own_lines(export(settings, Scope(), Format.FTM), p)}
    sanction = lines[ftm_id(f"{p}lst-sugon-us-bis-entity-list")]
    assert sanction["properties"]["entity"] == [f"{p}sugon"]
    assert sanction["properties"]["listingDate"] == ["2019"]
    assert document_id(f"{p}aspi-xjtlu-2025") in sanction["properties"]["proof"]
    record = sanction[EXTENSION]["records"][1]
    quote = record["citations"][0]["quote"]
    assert quote in sanction["properties"]["summary"][0]
    documentation = [
        line
        for line in lines.values()
        if line["schema"] == "Documentation" and line["properties"].get("summary")
    ]
    assert documentation  # entities' citations with their quotes
    again = {line["id"] for line in _own_lines(export(settings, Scope(), Format.FTM), p)}
    assert again == set(lines)  # stable ids


def test_ftm_ids_are_valid_and_stable() -> None:
    assert ftm_id("xjtlu") == "xjtlu"
    odd = ftm_id("ofac:10689/a_b")
    assert odd == ftm_id("ofac:10689/a_b") and odd.startswith("id-")
    assert model.get("Person") is not None


def _graphml(settings: Settings, scope: Scope) -> nx.MultiDiGraph:
    """The export parsed by networkx: directed, and a multigraph since edges carry ids (two
    entities may be linked more than once)."""
    text = export(settings, scope, Format.GRAPHML)
    graph = nx.read_graphml(io.BytesIO(text.encode()), force_multigraph=True)
    assert isinstance(graph, nx.MultiDiGraph)
    return graph


def test_graphml_neighbourhood_has_the_parts_nodes_and_edges(
    db: SyncDb, settings: Settings, seeded: str
) -> None:
    p = seeded
    graph = _graphml(settings, Scope(entity=f"{p}xjtlu", hops=2))
    # Counted independently: entities within 2 hops over entity relationships, and every
    # relationship among them (no hub in the seed, nothing of it retracted).
    rows = db.rows(
        "MATCH (s:Entity {id: $id})-[rs*0..2]-(m:Entity) "
        "WHERE none(r IN rs WHERE type(r) IN ['LISTED_ON', 'SAME_AS', 'LISTED_HOP']) "
        "WITH collect(DISTINCT m) AS part "
        "UNWIND part AS a MATCH (a)-[r]->(b) "
        "WHERE b IN part AND NOT type(r) IN ['LISTED_ON', 'SAME_AS', 'LISTED_HOP'] "
        "RETURN size(part) AS nodes, count(r) AS edges",
        id=f"{p}xjtlu",
    )
    assert graph.number_of_nodes() == rows[0]["nodes"] > 20
    assert graph.number_of_edges() == rows[0]["edges"] > 20
    sugon = graph.nodes[f"{p}sugon"]
    assert sugon["kind"] == "Company" and sugon["listed"] is True
    assert f"{p}us-bis-entity-list" in sugon["lists"]
    edge = graph.edges[
        f"{p}sugon",
        f"{p}xjtlu-school-of-ai-advanced-computing",
        f"{p}rel-sugon-cofounded-xjtlu-school-of-ai",
    ]
    assert edge["type"] == "co_founding" and edge["role"] == "co-founder"
    assert isinstance(edge["citations"], int) and edge["citations"] >= 1


def test_exposure_export_holds_the_paths_and_parties(settings: Settings, seeded: str) -> None:
    p = seeded
    graph = _graphml(
        settings, Scope(exposure=f"{p}xjtlu", hops=2, lists=[f"{p}us-bis-entity-list"])
    )
    listed = {n for n, data in graph.nodes(data=True) if data.get("listed")}
    assert f"{p}sugon" in listed and f"{p}xjtlu" in graph
    assert nx.is_weakly_connected(graph)  # paths from the start, nothing else
    lines = ftm_lines(export(settings, Scope(exposure=f"{p}xjtlu", hops=2), Format.FTM))
    sanctioned = {line["properties"]["entity"][0] for line in lines if line["schema"] == "Sanction"}
    assert f"{p}sugon" in sanctioned


def test_query_export_takes_the_entities_the_query_returns(settings: Settings, seeded: str) -> None:
    p = seeded
    scope = Scope(query="path-between", params={"a_id": f"{p}xjtlu", "b_id": f"{p}sugon"})
    graph = _graphml(settings, scope)
    assert {f"{p}xjtlu", f"{p}sugon"} <= set(graph.nodes)


def test_bad_scopes_fail_before_any_text(settings: Settings, seeded: str) -> None:
    with pytest.raises(NotFoundError):
        export(settings, Scope(entity=f"{seeded}nobody"), Format.FTM)
    with pytest.raises(BadInputError, match="one part at a time"):
        export(settings, Scope(entity="a", exposure="b"), Format.FTM)
    with pytest.raises(BadInputError, match="hops"):
        export(settings, Scope(entity=f"{seeded}xjtlu", hops=99), Format.FTM)


def _rel_row(**fields: Any) -> dict[str, Any]:
    row = {"id": "r1", "from": "a", "to": "b", "cite_source": ["s"], "cite_quote": ["q"]}
    row["cite_locator"] = [""]
    return {**row, **fields}


def test_relationship_schema_follows_the_ends_ranges() -> None:
    """An interval schema only when FtM's ranges admit the ends; else UnknownLink naming the
    type. Shares become FtM's percentage text, an exact figure or a range."""
    [owned] = relationship_lines(
        _rel_row(
            type="OWNERSHIP", fromKind="Person", toKind="Company", share_min=25.0, share_max=50.0
        )
    )
    assert owned["schema"] == "Ownership" and owned["properties"]["percentage"] == ["25-50"]
    assert owned["properties"]["owner"] == ["a"] and owned["properties"]["asset"] == ["b"]
    [odd] = relationship_lines(
        _rel_row(type="DIRECTORSHIP", fromKind="Person", toKind="Project", role="chair")
    )
    assert odd["schema"] == "UnknownLink" and odd["properties"]["role"] == ["directorship: chair"]
    [partner] = relationship_lines(
        _rel_row(type="PARTNERSHIP", fromKind="Company", toKind="Company")
    )
    assert partner["properties"]["role"] == ["partnership"]
    assert partner["properties"]["summary"] == ["s: “q”"]
    assert partner[EXTENSION]["records"][0]["type"] == "partnership"


@pytest.fixture
def judged(db: SyncDb, settings: Settings, prefix: str) -> Findings:
    """The issue's scenario: inv -partnership-> party-a, judged the same party as un (listed),
    which owns partner (listed)."""
    f = Findings(prefix)
    f.sanctions_list("un")
    for key in ("inv", "party-a", "un", "partner"):
        f.entity(key)
    f.rel("r-inv-a", "partnership", "inv", "party-a")
    f.rel("r-un-partner", "ownership", "un", "partner", share=60)
    f.listing("l-un", "un", "un", listed="2019")
    f.listing("l-partner", "partner", "un", listed="2021")
    f.load(db, settings)
    db.run(judge, f.id("un"), f.id("party-a"), Judgement.SAME, note="<same>", by="t")
    return f


def test_graphml_carries_the_judgement_hops_ftm_leaves_them_out(
    settings: Settings, judged: Findings
) -> None:
    f = judged
    for scope in (Scope(exposure=f.id("inv"), hops=3), Scope(entity=f.id("inv"), hops=3)):
        graph = _graphml(settings, scope)
        assert {f.id(k) for k in ("inv", "party-a", "un", "partner")} <= set(graph.nodes)
        (same,) = [(a, b, e) for a, b, e in graph.edges(data=True) if e["type"] == "same_as"]
        assert (same[0], same[1]) == (f.id("un"), f.id("party-a"))
        assert same[2]["judged_by"] == "t" and same[2]["note"] == "<same>"
        assert same[2]["judged_at"] and same[2]["judgement"]
        assert nx.is_weakly_connected(graph)
        # FtM has no judgement: the members and their own claims, no line for the link
        lines = ftm_lines(export(settings, scope, Format.FTM))
        ids = {line["id"] for line in lines}
        assert {f.id("un"), f.id("partner")} <= ids
        assert not any("same" in line["schema"].lower() for line in lines)
        assert not any(same[2]["judgement"] in str(line) for line in lines)
    # Without judgement hops the walk stops at party-a; the exposure part still brings un,
    # whose listing party-a carries (and so the link between them).
    graph = _graphml(settings, Scope(entity=f.id("inv"), hops=3, judgements=False))
    assert set(graph.nodes) == {f.id("inv"), f.id("party-a")}
    assert all(e["type"] != "same_as" for _, _, e in graph.edges(data=True))
    graph = _graphml(settings, Scope(exposure=f.id("inv"), hops=3, judgements=False))
    assert set(graph.nodes) == {f.id("inv"), f.id("party-a"), f.id("un")}
