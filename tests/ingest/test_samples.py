"""The real samples in ../shared/data ingest without error, and their facts hold.

Their ids are fixed, so these tests only assert facts that re-ingesting keeps true."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from entanglements.core.settings import Settings
from entanglements.ingest.pipeline import ingest_paths
from tests.conftest import SHARED
from tests.db import SyncDb

FTM = SHARED / "data" / "ftm"
CSL = SHARED / "data" / "csl"
pytestmark = pytest.mark.skipif(not FTM.is_dir(), reason="../shared/data is not present")


@pytest.fixture(scope="module")
def samples(db: SyncDb, settings: Settings) -> None:
    summary = db.run(ingest_paths, [FTM, CSL])
    assert summary.outcome == "ok" and not summary.errors
    assert summary.skipped == {"Occupancy without post": 102}  # half-edges in the export


def test_ftm_payment_between_named_entities(samples: None, db: SyncDb, settings: Settings) -> None:
    rows = db.rows(
        "MATCH (a:Entity)-[r:PAYMENT {id: '2216b422a31242fe204654ce194864661f515921'}]->(b) "
        "RETURN a.name AS payer, b.name AS beneficiary, r.start AS date, r.description AS d, "
        "r.cite_source AS cs",
    )
    assert rows == [
        {
            "payer": "Frau Lina Dachner",
            "beneficiary": "MLPD",
            "date": "2011-12-29",
            "d": "amount 100000 EUR",
            "cs": ["ftm-dataset-parteispenden"],
        }
    ]


def test_ftm_family_edge_and_names(samples: None, db: SyncDb, settings: Settings) -> None:
    rows = db.rows(
        "MATCH (a:Entity {id: 'Q100165767'})-[r:FAMILY]->(b:Entity {id: 'Q100158039'}) "
        "RETURN a.name AS a, b.name AS b, r.role AS role, r.cite_source AS cs, a.kind AS kind",
    )
    assert rows == [
        {
            "a": "Ahmad Rashid al-Mubarak",
            "b": "Yusuf ibn Rashed Al Sheikh Mubarak",
            "role": "sibling",
            "cs": ["ftm-dataset-sa-wiki-peps-v2"],
            "kind": "Person",
        }
    ]


def test_ftm_multilingual_names_kept(samples: None, db: SyncDb, settings: Settings) -> None:
    row = db.rows(
        "MATCH (n:Entity {id: 'NK-2GdmHtZTeNXjNVrBGEXZNj'}) RETURN n.name AS name, "
        "n.aliases AS aliases, n.countries AS c, n.tags AS tags, n.identifiers AS ids",
    )[0]
    assert row["name"] == "RAB „Inter Tobacco“" and len(row["aliases"]) == 11
    assert "Общество с ограниченной ответственностью “Интер Тобако”" in row["aliases"]  # noqa: RUF001
    assert row["c"] == ["by"] and row["tags"] == ["sanction"]
    assert "registrationNumber:808000714" in row["ids"]


def test_csl_entity_list_row(samples: None, db: SyncDb, settings: Settings) -> None:
    rows = db.rows(
        "MATCH (e:Entity:Listed {name: '3K Aviation Consulting and Logistics'})"
        "-[r:LISTED_ON]->(l:SanctionsList {id: 'csl-el'}) "
        "RETURN e.aliases AS aliases, e.countries AS c, r.listed AS listed, r.listed_lo AS lo, "
        "r.cite_source AS cs, r.cite_locator AS loc, l.name AS list, l.authority AS authority",
    )
    assert len(rows) == 1
    row = rows[0]
    assert row["aliases"] == ["3K Havacilik ve Danismanlik SAN. TIC. LTD. ST."]
    assert row["listed"] == "2018-09-04" and str(row["lo"]) == "2018-09-04"
    assert row["cs"] == ["csl-el-source"] and row["loc"] == ["83 FR 44824"]
    assert (row["list"], row["authority"]) == (
        "Entity List (EL)",
        "Bureau of Industry and Security",
    )
    assert row["c"] == ["tr"]


def test_csl_one_list_per_source_value(samples: None, db: SyncDb, settings: Settings) -> None:
    rows = db.rows("MATCH (l:SanctionsList) WHERE l.id STARTS WITH 'csl-' RETURN l.id AS id")
    assert {"csl-el", "csl-sdn", "csl-ssi", "csl-meu", "csl-uvl", "csl-dpl"} <= {
        r["id"] for r in rows
    }


def test_ftm_sanction_listing(db: SyncDb, settings: Settings, prefix: str, tmp_path: Path) -> None:
    """The samples carry no Sanction entity, so this one is written in OpenSanctions' shape."""
    lines = [
        {
            "id": f"{prefix}p",
            "schema": "Person",
            "properties": {"name": ["Ivan Petrov"]},
            "datasets": ["eu_fsf"],
        },
        {
            "id": f"{prefix}s",
            "schema": "Sanction",
            "datasets": ["eu_fsf"],
            "properties": {
                "entity": [f"{prefix}p"],
                "authority": ["European Union"],
                "program": ["Russia sanctions"],
                "listingDate": ["2022-02-28"],
                "sourceUrl": ["https://eur-lex.europa.eu/x"],
                "reason": ["Supports the war"],
            },
        },
    ]
    path = tmp_path / "s.ftm.json"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    summary = db.run(ingest_paths, [path])
    assert summary.counts["listing"].created == 1
    row = db.rows(
        "MATCH (:Entity:Listed {id: $p})-[r:LISTED_ON]->(l:SanctionsList) RETURN l.authority AS a,"
        " l.name AS name, r.listed AS listed, r.program AS program, r.cite_source AS cs",
        p=f"{prefix}p",
    )[0]
    assert row["a"] == "European Union" and row["name"] == "European Union: Russia sanctions"
    assert row["listed"] == "2022-02-28" and row["program"] == "Russia sanctions"
    assert len(row["cs"]) == 2 and "ftm-dataset-eu-fsf" in row["cs"]


def test_samples_reingest_changes_no_count(samples: None, db: SyncDb, settings: Settings) -> None:
    query = (
        "MATCH (n:Entity) WHERE n.id STARTS WITH 'csl-' OR n.id STARTS WITH 'Q' "
        "OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS n, count(r) AS r"
    )
    before = db.rows(query)
    db.run(ingest_paths, [FTM / "sa_wiki_peps_v2.entities.ftm.json", CSL])
    assert db.rows(query) == before
