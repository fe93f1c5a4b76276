"""``entangle db import`` ends with the graph ``entangle ingest`` writes, element by element.

The same input set (the seed, FollowTheMoney files, the official-list and CSL samples, and
findings made to hit the import's hard cases: ids stated several times within and across
batches, empty lists, one citation without a quote, text with newlines, quotes, commas and
other scripts, shares and partial dates) is loaded once by ``entangle db import`` into a
fresh store and once by ``entangle ingest`` into the same database emptied by ``entangle
db reset``; then every node (labels and properties) and every relationship (type, ends and
properties) of the two graphs must be equal. What may differ is named in ``_normalised``:
the run's id (in ``first_run``/``last_run``/``runs`` and the ``IngestRun``), the run's and
the schema record's timestamps and the run's ``process``.

The import stops and starts its server, so this test has a Neo4j of its own, on the test
server's port + 100, in a temporary folder (tests/faults/harness.py's ``Instance``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from entanglements.core.settings import Settings
from tests.conftest import ROOT, SHARED
from tests.faults.harness import Instance, run_entangle

OFFICIAL = SHARED / "data" / "official"
#: Files of every input family that have no id in common with another family's.
INPUTS = [
    ROOT / "data" / "seed",
    ROOT / "tests" / "ingest" / "data" / "sample.ftm.json",
    SHARED / "data" / "ftm" / "t1_eu_fsf.entities.ftm.json",
    SHARED / "data" / "csl" / "csl_sample_2019.csv",  # the 2025 edition repeats its ids
    SHARED / "data" / "csl" / "csl_sample_2025.csv",
    OFFICIAL / "un" / "sample_unsc.xml",
    OFFICIAL / "ofac" / "sample_ofac_consolidated.xml",
    OFFICIAL / "eu" / "sample_eu.xml",
    OFFICIAL / "uk" / "sample_hmt.csv",
    OFFICIAL / "bis" / "dpl_2022.txt",
]
#: Small batches, so that repeated ids meet both within one batch and across batches.
OPTIONS = ["--batch-size", "50", "--version-date", "2022-09-01"]

#: Properties that name the run (a fresh id for every run).
RUN_PROPERTIES = ("first_run", "last_run")
#: Per label: properties that are timestamps or name the process, so differ between runs.
VOLATILE = {
    "IngestRun": {"id", "started_at", "finished_at", "process"},
    "SchemaMigration": {"applied_at"},
    # a random epoch per store and a counter of write transactions (core/db/version.py)
    "GraphVersion": {"epoch", "n"},
}


def _hard_cases(folder: Path) -> Path:
    """Findings made for the cases the CSV files handle specially."""
    cite = [{"source": "bulk-src"}]  # one citation, no quote: a list of one ''
    records: list[dict[str, Any]] = [
        {"record": "source", "id": "bulk-src", "title": 'Bulk, "quoted" source', "kind": "report"},
        {"record": "source", "id": "bulk-src2", "title": "Second"},  # kind: the default
        {"record": "list", "id": "bulk-list", "name": "Bulk list", "authority": "Test"},
        {
            "record": "entity",
            "id": "bulk-a",
            "kind": "Company",
            "name": 'Åland, "A"\nLtd',
            "description": "line one\nline two\r\nthree; four",
            "aliases": ["\uff21\uff22\uff23", "a;b"],
        },
        {
            "record": "entity",
            "id": "bulk-b",
            "kind": "Person",
            "name": "\u0411\u043e\u0440\u0438\u0301\u0441",
            "birth_dates": ["1960", "1961-02"],
            "countries": ["ru"],
            "citations": cite,
        },
        {"record": "entity", "id": "bulk-c", "kind": "Organization", "name": "C"},
        # bulk-a again: new aliases and a citation merge into it (same batch as the first)
        {
            "record": "entity",
            "id": "bulk-a",
            "kind": "Company",
            "name": "Aland A Ltd",
            "aliases": ["A Ltd"],
            "citations": [{"source": "bulk-src", "quote": 'q, "x"'}],
        },
        {
            "record": "relationship",
            "id": "bulk-r1",
            "type": "ownership",
            "from": "bulk-a",
            "to": "bulk-b",
            "share": 25,
            "start": "2019-04",
            "citations": cite,
        },
        {
            "record": "relationship",
            "id": "bulk-r2",
            "type": "ownership",
            "from": "bulk-b",
            "to": "bulk-c",
            "share_min": 25,
            "share_max": 50,
            "end": "2021",
            "citations": [
                {"source": "bulk-src", "quote": "", "locator": "p. 2"},
                {"source": "bulk-src2", "quote": "second"},
            ],
        },
        {
            "record": "listing",
            "id": "bulk-l1",
            "entity": "bulk-c",
            "list": "bulk-list",
            "listed": "2020-01-02",
            "citations": cite,
        },
    ]
    # Filler so that the later statements below fall in later batches than the first ones.
    records += [
        {"record": "entity", "id": f"bulk-f{i}", "kind": "Company", "name": f"Filler {i}"}
        for i in range(60)
    ]
    records += [
        {"record": "entity", "id": "bulk-b", "kind": "Person",
         "name": "\u0411\u043e\u0440\u0438\u0301\u0441", "birth_dates": ["1960"],
         "citations": cite},  # nothing new: unchanged
        {"record": "entity", "id": "bulk-c", "kind": "Organization", "name": "C",
         "tags": ["later"]},  # a new tag: updated
        {"record": "relationship", "id": "bulk-r1", "type": "ownership", "from": "bulk-a",
         "to": "bulk-b", "share": 30, "citations": [{"source": "bulk-src2"}]},
        {"record": "listing", "id": "bulk-l1", "entity": "bulk-c", "list": "bulk-list",
         "reason": "added later", "citations": cite},
        {"record": "source", "id": "bulk-src2", "title": "Second, retitled"},
    ]  # fmt: skip
    path = folder / "hard-cases.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return path


def _normalised(row: dict[str, Any]) -> tuple[str, Any]:
    """A node or relationship as comparable data: (key, content), the run id and the
    volatile properties of ``VOLATILE`` replaced by a marker."""
    props = dict(row["props"])
    what = row["what"]
    for prop in RUN_PROPERTIES:
        if prop in props:
            props[prop] = "<run>"
    if "runs" in props and row["kind"] != "IngestRun":
        props["runs"] = ["<run>" for _ in props["runs"]]
    for label in row["labels"]:
        for prop in VOLATILE.get(label, ()):
            if prop in props:
                props[prop] = "<volatile>"
    id_ = "<run>" if row["kind"] == "IngestRun" else row["id"]
    key = f"{what}:{'+'.join(sorted(row['labels']))}:{id_}:{row['ends']}"
    return key, props


_DUMP = """
CALL () {
  MATCH (n)
  RETURN 'node' AS what, labels(n) AS labels, labels(n)[0] AS kind,
         coalesce(n.id, n.hash, '') AS id, '' AS ends, properties(n) AS props
  UNION ALL
  MATCH (a)-[r]->(b)
  RETURN 'rel' AS what, [type(r)] AS labels, type(r) AS kind, coalesce(r.id, '') AS id,
         coalesce(a.id, '') + '->' + coalesce(b.id, '') AS ends, properties(r) AS props
}
RETURN what, labels, kind, id, ends, props"""


def _graph(instance: Instance) -> dict[str, Any]:
    rows = instance.db().rows(_DUMP)
    graph = dict(_normalised(r) for r in rows)
    assert len(graph) == len(rows), "two elements with one key: the comparison would hide one"
    return graph


def _entangle(instance: Instance, *args: str) -> str:
    result = run_entangle(*args, env=instance.env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def instance(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Instance]:
    home = tmp_path_factory.mktemp("bulk-import-home")
    own = Instance.create(home, settings, port=settings.port + 100)
    own.env["ENTANGLE_NEO4J_HEAP"] = "512m"
    own.env["ENTANGLE_WATCH_AFTER_INGEST"] = "false"
    try:
        own.start()
        yield own
    finally:
        own.shutdown()


def test_import_and_ingest_write_the_same_graph(instance: Instance, tmp_path: Path) -> None:
    paths = [str(p) for p in [*INPUTS, _hard_cases(tmp_path)]]
    imported_summary = json.loads(_entangle(instance, "db", "import", *paths, *OPTIONS, "--json"))
    imported = _graph(instance)

    _entangle(instance, "db", "reset", "--yes")
    ingested_summary = json.loads(_entangle(instance, "ingest", *paths, *OPTIONS, "--json"))
    ingested = _graph(instance)

    kinds = Counter(key.split(":", 2)[1] for key in ingested)
    assert kinds["Entity+Listed"] > 100 and kinds["LISTED_ON"] > 100, kinds  # all of it came
    assert imported_summary["counts"] == ingested_summary["counts"]
    assert imported_summary["counts"]["entity"]["updated"] >= 2  # the hard cases ran
    assert imported_summary["counts"]["entity"]["unchanged"] >= 1
    only_ingested = sorted(set(ingested) - set(imported))
    only_imported = sorted(set(imported) - set(ingested))
    assert not only_ingested and not only_imported, (only_ingested[:5], only_imported[:5])
    differing = [
        (key, {p: (ingested[key].get(p), imported[key].get(p))
               for p in set(ingested[key]) | set(imported[key])
               if ingested[key].get(p) != imported[key].get(p)})
        for key in sorted(ingested) if ingested[key] != imported[key]
    ]  # fmt: skip
    assert not differing, differing[:5]


def test_a_database_that_is_not_empty_is_refused(instance: Instance) -> None:
    """After the comparison the database holds the ingested graph."""
    result = run_entangle("db", "import", str(ROOT / "data" / "seed"), env=instance.env)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "is not empty" in lines[0] and "Entity" in lines[0], lines
    assert "Traceback" not in result.stderr
