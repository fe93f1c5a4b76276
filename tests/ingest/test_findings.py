"""The findings format in its three spellings, and the ingest's semantics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from entanglements.core.settings import Settings
from entanglements.ingest.pipeline import ingest_paths, ingest_records
from entanglements.ingest.summary import IngestSummary
from tests.db import SyncDb
from tests.ingest.helpers import count, findings, graph_state, write_jsonl


def test_jsonl_writes_the_storage_contract(
    db: SyncDb, settings: Settings, prefix: str, tmp_path: Path
) -> None:
    summary = db.run(ingest_paths, [write_jsonl(tmp_path / "f.jsonl", findings(prefix))])
    assert summary.outcome == "ok"
    assert summary.counts["entity"].created == 3
    assert summary.counts["relationship"].created == 2
    rows = db.rows(
        "MATCH (a:Entity {id: $a})-[r:PARTNERSHIP]->(b:Entity {id: $b}) "
        "RETURN r.start AS start, r.start_lo AS lo, r.start_hi AS hi, r.cite_source AS cs, "
        "r.cite_quote AS cq, r.cite_locator AS cl, r.first_run AS first, r.last_run AS last",
        a=f"{prefix}uni",
        b=f"{prefix}lab",
    )
    assert len(rows) == 1
    row = rows[0]
    assert (row["start"], str(row["lo"]), str(row["hi"])) == ("2019-04", "2019-04-01", "2019-04-30")
    assert (row["cs"], row["cq"], row["cl"]) == ([f"{prefix}src"], ["they signed"], ["p. 2"])
    assert row["first"] == row["last"] == summary.run_id
    listed = db.rows(
        "MATCH (e:Entity:Listed {id: $id})-[r:LISTED_ON]->(l:SanctionsList) "
        "RETURN l.id AS list, r.listed_lo AS lo",
        id=f"{prefix}co",
    )
    assert [(r["list"], str(r["lo"])) for r in listed] == [(f"{prefix}el", "2020-05-22")]
    run = db.rows(
        "MATCH (r:IngestRun {id: $id}) RETURN r.outcome AS outcome, r.counts AS counts, "
        "r.sha256 AS sha, r.finished_at IS NOT NULL AS finished",
        id=summary.run_id,
    )[0]
    assert run["outcome"] == "ok" and run["finished"] and len(run["sha"][0]) == 64
    assert json.loads(run["counts"])["entity"]["created"] == 3


def test_reingest_changes_nothing_but_last_run(
    db: SyncDb, settings: Settings, prefix: str, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "f.jsonl", findings(prefix))
    first = db.run(ingest_paths, [path])
    before = graph_state(db, settings, prefix)
    again = db.run(ingest_paths, [path])
    assert graph_state(db, settings, prefix) == before
    assert again.total("created") == again.total("updated") == 0
    assert again.total("unchanged") == first.total("created") == 8
    last = db.rows("MATCH (n:Entity {id: $id}) RETURN n.last_run AS r", id=f"{prefix}uni")
    assert last[0]["r"] == again.run_id


def test_csv_folder(db: SyncDb, settings: Settings, prefix: str, tmp_path: Path) -> None:
    p = prefix
    (tmp_path / "sources.csv").write_text(f"id,title,kind\n{p}s1,Report,report\n{p}s2,Other,\n")
    (tmp_path / "entities.csv").write_text(
        "id,kind,name,aliases,countries\n"
        f'{p}a,Organization,"Alpha, Inc.",AI;Alpha,cn\n{p}b,Person,Bea,,\n'
    )
    (tmp_path / "relationships.csv").write_text(
        "id,type,from,to,start,citation_source,citation_quote,citation_locator\n"
        f'{p}r,employment,{p}b,{p}a,2018,{p}s1,"she ""works"" there",p. 1\n'
        f"{p}r,,,,,{p}s2,,\n"
    )
    summary = db.run(ingest_paths, [tmp_path])
    assert summary.counts["relationship"].created == 1
    row = db.rows(
        "MATCH (:Entity {id: $b})-[r:EMPLOYMENT]->(a:Entity) RETURN r.cite_source AS cs, "
        "r.cite_quote AS cq, a.name AS name, a.aliases AS aliases",
        b=f"{p}b",
    )[0]
    assert row["cs"] == [f"{p}s1", f"{p}s2"]
    assert row["cq"] == ['she "works" there', ""]
    assert (row["name"], row["aliases"]) == ("Alpha, Inc.", ["AI", "Alpha"])


def test_yaml_with_comments_and_norway(
    db: SyncDb, settings: Settings, prefix: str, tmp_path: Path
) -> None:
    p = prefix
    path = tmp_path / "set.yaml"
    path.write_text(
        f"# hand-curated\nsources:\n  - id: {p}s\n    title: A note\n"
        f"entities:\n  - id: {p}n\n    kind: Company\n    name: Norsk AS\n    countries: [no]\n"
        f"  - id: {p}m\n    kind: Person\n    name: Ola\n"
        f"relationships:\n  - id: {p}r\n    type: directorship\n    from: {p}m\n    to: {p}n\n"
        f"    start: 2019-04-12\n    citations:\n      - source: {p}s\n"
    )
    summary = db.run(ingest_paths, [path])
    assert summary.counts["relationship"].created == 1
    row = db.rows("MATCH (n:Entity {id: $id}) RETURN n.countries AS c", id=f"{p}n")
    assert row[0]["c"] == ["no"]


def test_records_merge_across_files(
    db: SyncDb, settings: Settings, prefix: str, tmp_path: Path
) -> None:
    p = prefix
    db.run(ingest_paths, [write_jsonl(tmp_path / "a.jsonl", findings(p))])
    extra = [
        {"record": "source", "id": f"{p}src2", "title": "Another"},
        {
            "record": "entity",
            "id": f"{p}uni",
            "kind": "Organization",
            "name": "A University",
            "aliases": ["Uni A"],
        },
        {
            "record": "relationship",
            "id": f"{p}r1",
            "type": "partnership",
            "from": f"{p}uni",
            "to": f"{p}lab",
            "citations": [{"source": f"{p}src2"}],
        },
    ]
    summary = db.run(ingest_paths, [write_jsonl(tmp_path / "b.jsonl", extra)])
    assert summary.counts["entity"].updated == 1
    assert summary.counts["relationship"].updated == 1
    row = db.rows(
        "MATCH (u:Entity {id: $u})-[r:PARTNERSHIP]->() RETURN u.aliases AS aliases, "
        "u.tags AS tags, r.cite_source AS cs, r.start AS start, r.first_run <> r.last_run AS two",
        u=f"{p}uni",
    )[0]
    assert row["aliases"] == ["AU", "Uni A"] and row["tags"] == ["university"]
    assert row["cs"] == [f"{p}src", f"{p}src2"]
    assert row["start"] == "2019-04" and row["two"]


def test_references_resolve_against_the_graph(
    db: SyncDb, settings: Settings, prefix: str, tmp_path: Path
) -> None:
    p = prefix
    db.run(ingest_paths, [write_jsonl(tmp_path / "a.jsonl", findings(p))])
    later = [
        {
            "record": "relationship",
            "id": f"{p}r9",
            "type": "funding",
            "from": f"{p}co",
            "to": f"{p}uni",
            "citations": [{"source": f"{p}src"}],
        }
    ]
    summary = db.run(ingest_paths, [write_jsonl(tmp_path / "b.jsonl", later)])
    assert summary.counts["relationship"].created == 1


def test_ingest_records_for_the_api(db: SyncDb, settings: Settings, prefix: str) -> None:
    summary = db.run(ingest_records, findings(prefix))
    assert summary.outcome == "ok" and summary.counts["listing"].created == 1
    origin = db.rows("MATCH (r:IngestRun {id: $id}) RETURN r.origin AS o", id=summary.run_id)
    assert origin[0]["o"] == "api"


def test_dry_run_writes_nothing(
    db: SyncDb, settings: Settings, prefix: str, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "f.jsonl", findings(prefix))
    summary = db.run(ingest_paths, [path], dry_run=True)
    assert summary.outcome == "dry-run" and summary.counts["entity"].read == 3
    assert count(db, settings, prefix) == (0, 0)


@pytest.mark.parametrize("batch_size", [1, 3])
def test_small_batches_give_the_same_graph(
    db: SyncDb, settings: Settings, prefix: str, tmp_path: Path, batch_size: int
) -> None:
    path = write_jsonl(tmp_path / "f.jsonl", findings(prefix))
    summary = db.run(ingest_paths, [path], batch_size=batch_size)
    assert summary.total("created") == 8
    assert count(db, settings, prefix) == (5, 3)


def test_gzip_and_stdin_like_inputs(
    db: SyncDb, settings: Settings, prefix: str, tmp_path: Path
) -> None:
    import gzip

    path = tmp_path / "f.jsonl.gz"
    path.write_bytes(gzip.compress(write_jsonl(tmp_path / "x", findings(prefix)).read_bytes()))
    assert db.run(ingest_paths, [path]).total("created") == 8


def test_seed_fixture_ingests_the_seed(seed: IngestSummary) -> None:
    assert seed.outcome == "ok" and not seed.errors
    assert seed.counts["relationship"].read == seed.total("read") - sum(
        c.read for k, c in seed.counts.items() if k != "relationship"
    )


@pytest.mark.parametrize("batch_size", [1, 5_000])
def test_an_id_stated_twice_in_one_input_is_created_once(
    db: SyncDb, settings: Settings, prefix: str, tmp_path: Path, batch_size: int
) -> None:
    """A first load creates new ids without looking them up again; an id the input
    states twice must still become one node and one relationship, merged."""
    p = prefix
    twice = [
        {"record": "source", "id": f"{p}s", "title": "S"},
        {"record": "entity", "id": f"{p}a", "kind": "Person", "name": "A", "aliases": ["A1"]},
        {"record": "entity", "id": f"{p}b", "kind": "Company", "name": "B"},
        {"record": "entity", "id": f"{p}a", "kind": "Person", "name": "A", "aliases": ["A2"]},
        *(
            {
                "record": "relationship",
                "id": f"{p}r",
                "type": "employment",
                "from": f"{p}a",
                "to": f"{p}b",
                "citations": [{"source": f"{p}s", "quote": quote}],
            }
            for quote in ("first", "second")
        ),
    ]
    path = write_jsonl(tmp_path / "twice.jsonl", twice)
    summary = db.run(ingest_paths, [path], batch_size=batch_size)
    assert (summary.counts["entity"].created, summary.counts["relationship"].created) == (2, 1)
    assert count(db, settings, prefix) == (3, 1)
    row = db.rows(
        "MATCH (a:Entity {id: $a})-[r:EMPLOYMENT]->() RETURN a.aliases AS al, r.cite_quote AS q",
        a=f"{p}a",
    )[0]
    assert row == {"al": ["A1", "A2"], "q": ["first", "second"]}
