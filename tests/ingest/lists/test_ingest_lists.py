"""The official lists ingest into the real graph: counts, stored facts, idempotence, the
full OFAC SDN set, and malformed files that write nothing.

Their ids are the publishers' (fixed), so only facts that re-ingesting keeps true are
asserted."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from entanglements.core.settings import Settings
from entanglements.ingest.errors import InvalidInputError
from entanglements.ingest.pipeline import ingest_paths
from tests.db import SyncDb
from tests.ingest.lists.helpers import BIS, EU, OFAC_CONS, OFAC_SDN, OFAC_XML, UK, UN

pytestmark = pytest.mark.skipif(not UN.is_file(), reason="../shared/data is not present")

#: Per sample: (paths, options, read counts by record type).
SAMPLES = {
    "un-sc": ([UN], {}, {"source": 1, "list": 2, "entity": 7, "listing": 7}),
    "ofac-xml": ([OFAC_XML], {}, {"source": 1, "list": 8, "entity": 8, "listing": 13}),
    "ofac-csv-cons": ([OFAC_CONS], {"version_date": "2022-04-01"}, {}),  # counted below
    # EU.4009.74 is in the sample twice (two names): the later wins, its entity counts
    # as updated on every run (docs/ingest.md, "one input states a field two ways").
    "eu-fsf": ([EU], {}, {"source": 1, "list": 4, "entity": 7, "listing": 7}),
    "uk-hmt": ([UK], {}, {"source": 1, "list": 5, "entity": 6, "listing": 6}),
    "bis-dpl": (
        [BIS],
        {"version_date": "2022-09-01"},
        {"source": 1, "list": 1, "entity": 459, "listing": 459},  # distinct names, below
    ),
}


def test_bis_counts_are_the_distinct_names() -> None:
    with BIS.open(encoding="latin-1", newline="") as handle:
        names = {
            " ".join(r["Name"].lower().split()) for r in csv.DictReader(handle, delimiter="\t")
        }
    assert len(names) == SAMPLES["bis-dpl"][2]["entity"]


def ofac_counts(primary: Path) -> dict[str, int]:
    """What an OFAC primary file should give, counted straight from the CSV: one entity per
    row, one listing per programme of a row, one list per programme."""
    with primary.open(encoding="latin-1", newline="") as handle:
        rows = [r for r in csv.reader(handle) if len(r) == 12]
    programmes = [[p.strip(" []") for p in r[3].split("] [")] for r in rows]
    distinct = {p for ps in programmes for p in ps}
    return {
        "source": 1,
        "list": len(distinct),
        "entity": len(rows),
        "listing": sum(len(set(ps)) for ps in programmes),
    }


def _read(summary_counts: dict) -> dict[str, int]:  # type: ignore[type-arg]
    return {k: v.read for k, v in summary_counts.items() if v.read}


@pytest.mark.parametrize("name", list(SAMPLES))
def test_sample_ingests_with_counts_and_again_unchanged(
    name: str, db: SyncDb, settings: Settings
) -> None:
    paths, options, counts = SAMPLES[name]
    counts = counts or ofac_counts(OFAC_CONS / "cons_prim.csv")
    first = db.run(ingest_paths, paths, **options)
    assert first.outcome == "ok" and not first.errors
    assert _read(first.counts) == counts
    again = db.run(ingest_paths, paths, **options)
    twice = {"entity": 1} if name == "eu-fsf" else {}
    assert {k: (v.created, v.updated) for k, v in again.counts.items() if v.read} == {
        k: (0, twice.get(k, 0)) for k in counts
    }
    assert sum(v.unchanged for v in again.counts.values()) == sum(counts.values()) - len(twice)
    runs = db.rows("MATCH (r:IngestRun {id: $id}) RETURN r.versions AS v", id=again.run_id)
    assert runs == [{"v": again.versions}] and len(again.versions) == 1


def test_stored_un_entry(db: SyncDb, settings: Settings) -> None:
    db.run(ingest_paths, [UN])
    rows = db.rows(
        "MATCH (e:Entity {id: 'un-sc:QDi.237'})-[r:LISTED_ON]->(l:SanctionsList) "
        "RETURN e.name AS name, e.kind AS kind, e.identifiers AS ids, l.id AS list, "
        "e.weak_aliases AS weak, e.birth_dates AS born, e.countries AS countries, "
        "l.name AS list_name, r.id AS listing, r.listed AS listed, r.program AS program, "
        "r.cite_source AS cs, r.cite_quote AS cq, r.cite_locator AS cl",
    )
    assert rows == [
        {
            "name": "JABER ABDALLAH JABER AHMAD AL-JALAHMAH",
            "kind": "Person",
            "ids": [
                "un-sc:QDi.237",
                "passportNumber:101423404",
                "passportNumber:2541451",
                "passportNumber:002327881",
                "idNumber:259092401188",
            ],
            "weak": ["Abdul-Ghani", "Abu Muhammad"],
            "born": ["1959-09-24"],
            "countries": ["kw"],
            "list": "un-sc-al-qaida",
            "list_name": "UN Security Council Consolidated List: Al-Qaida",
            "listing": "un-sc:QDi.237/un-sc-al-qaida",
            "listed": "2014-01-03",
            "program": "Al-Qaida",
            "cs": ["un-sc-2024-10-17"],
            "cq": ["JABER ABDALLAH JABER AHMAD AL-JALAHMAH"],
            "cl": ["un-sc:QDi.237"],
        }
    ]


def test_ofac_full_sdn_set(db: SyncDb, settings: Settings) -> None:
    summary = db.run(ingest_paths, OFAC_SDN, version_date="2021-06-30")
    assert summary.outcome == "ok" and not summary.errors
    assert _read(summary.counts) == ofac_counts(OFAC_SDN[0])
    assert summary.versions == ["ofac-sdn-2021-06-30"]
    assert all(reason.startswith("ofac-sdn: ") for reason in summary.skipped)
    row = db.rows(
        "MATCH (e:Entity {id: 'ofac:306'})-[r:LISTED_ON]->(l) "
        "RETURN e.name AS name, e.aliases AS aliases, collect(r.program) AS programs",
    )
    assert row == [
        {
            "name": "BANCO NACIONAL DE CUBA",
            "aliases": ["NATIONAL BANK OF CUBA"],
            "programs": ["CUBA"],
        }
    ]


def _truncated(tmp_path: Path) -> Path:
    text = UN.read_text(encoding="utf-8")
    cut = text.index("<INDIVIDUAL>", 2000)  # after the first entry, inside the second
    bad = tmp_path / "un.xml"
    bad.write_text(text[: cut + 200].replace("TAi.013", "TAi.013-broken"), encoding="utf-8")
    return bad


def test_malformed_xml_names_its_line_and_writes_nothing(
    db: SyncDb, settings: Settings, tmp_path: Path
) -> None:
    bad = _truncated(tmp_path)
    with pytest.raises(InvalidInputError) as caught:
        db.run(ingest_paths, [bad])
    [problem] = caught.value.errors
    assert problem.location.startswith(f"{bad}:") and "malformed XML" in problem.message
    assert int(problem.location.rsplit(":", 1)[1]) > 1
    found = db.rows("MATCH (e:Entity {id: 'un-sc:TAi.013-broken'}) RETURN count(e) AS n")
    assert found == [{"n": 0}]


def test_malformed_ofac_row_names_its_line(db: SyncDb, settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "ofac"
    folder.mkdir()
    lines = OFAC_SDN[0].read_bytes().splitlines(keepends=True)[:5]
    lines.insert(3, b'99999999,"ONLY THREE CELLS","individual"\r\n')
    (folder / "sdn.csv").write_bytes(b"".join(lines))
    with pytest.raises(InvalidInputError) as caught:
        db.run(ingest_paths, [folder])
    assert [str(p) for p in caught.value.errors] == [
        f"{folder / 'sdn.csv'}:4: not an OFAC primary row: 12 cells, the first a number"
    ]
    found = db.rows("MATCH (e:Entity {id: 'ofac:99999999'}) RETURN count(e) AS n")
    assert found == [{"n": 0}]
