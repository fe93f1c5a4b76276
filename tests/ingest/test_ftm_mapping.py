"""``entangle ingest --mapping``: spreadsheets through FollowTheMoney mappings with a
``citation`` per query (docs/ingest.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from entanglements.api.app import create_app
from entanglements.core.settings import Settings
from entanglements.ingest.errors import InvalidInputError
from entanglements.ingest.pipeline import ingest_paths, ingest_records
from entanglements.ingest.summary import IngestSummary
from tests.api.conftest import api_settings, data
from tests.db import SyncDb
from tests.ingest.test_cli import _run

#: The issue's example, verbatim.
MAPPING = """\
partners:
  queries:
    - csv_url: partners.csv
      citation:                 # required: every record made from a row cites it
        source: aspi-2025       # a source id in the graph or in the same run
        quote_column: Evidence  # optional: the row's quote
        locator_column: Page    # optional: where in the source
      entities:
        university: {schema: Organization, id_column: UniversityId, properties: {name: {column: University}}}
        partner:    {schema: Company, keys: [Partner], properties: {name: {column: Partner}}}
        link:
          schema: UnknownLink
          keys: [University, Partner]
          properties: {subject: {entity: university}, object: {entity: partner}, role: {column: Role}}
"""  # noqa: E501
HEADER = "UniversityId,University,Partner,Role,Evidence,Page\n"
QUOTE = "XJTLU opened a joint laboratory with {partner} in 2023."


def _csv(folder: Path, partner: str, extra: str = "") -> Path:
    quote = QUOTE.format(partner=partner)
    row = f'xjtlu,Xi\'an Jiaotong-Liverpool University,{partner},joint laboratory,"{quote}",p. 14\n'
    (folder / "partners.csv").write_text(HEADER + row + extra, encoding="utf-8")
    (folder / "mapping.yml").write_text(MAPPING, encoding="utf-8")
    return folder / "mapping.yml"


@pytest.fixture
def restored_xjtlu(db: SyncDb, settings: Settings, seed: IngestSummary) -> Iterator[None]:
    """The seed's XJTLU as it was: the mapping re-states it (its name, a citation), and
    other tests count its relationships."""
    db.run(
        ingest_records,
        [{"record": "source", "id": "aspi-2025", "title": "ASPI 2025", "kind": "article"}],
        origin="cli",
    )
    before = db.rows("MATCH (e:Entity {id: 'xjtlu'}) RETURN properties(e) AS p")
    yield
    db.write_rows(
        "MATCH (c:Entity) WHERE c.cite_source = ['aspi-2025'] AND c.id <> 'xjtlu' DETACH DELETE c",
    )
    db.write_rows("MATCH (e:Entity {id: 'xjtlu'}) SET e = $p", p=before[0]["p"])


RELATIONSHIPS = """query { entity(id: "xjtlu") { relationships(first: 500) { edges { node {
  id type role from { id } to { id name kind }
  citations { quote locator source { id } } } } } } }"""


def _partner_links(settings: Settings, name: str) -> list[dict[str, Any]]:
    """XJTLU's relationships to ``name`` as the API answers them."""
    with TestClient(create_app(api_settings(settings))) as client:
        edges = data(client, RELATIONSHIPS)["entity"]["relationships"]["edges"]
    return [e["node"] for e in edges if e["node"]["to"]["name"] == name]


def test_the_issues_mapping_links_a_new_partner_to_xjtlu(
    db: SyncDb, settings: Settings, restored_xjtlu: None, tmp_path: Path
) -> None:
    partner = f"Northern Photonics {tmp_path.name}"
    summary = db.run(ingest_paths, [], mapping=_csv(tmp_path, partner))
    assert summary.outcome == "ok"
    assert summary.counts["relationship"].created == 1
    assert summary.counts["entity"].created == 1  # the partner; XJTLU is re-stated
    [link] = _partner_links(settings, partner)
    assert link["type"] == "unknown_link" and link["role"] == "joint laboratory"
    assert link["from"]["id"] == "xjtlu" and link["to"]["kind"] == "Company"
    assert link["citations"] == [
        {
            "quote": QUOTE.format(partner=partner),
            "locator": "p. 14",
            "source": {"id": "source:aspi-2025"},
        }
    ]
    again = db.run(ingest_paths, [tmp_path / "partners.csv"], mapping=tmp_path / "mapping.yml")
    assert again.counts["relationship"].unchanged == 1  # stable ids: FtM's keys, hashed


def test_a_bad_row_names_the_csv_line_and_the_mapping_key(
    db: SyncDb, settings: Settings, restored_xjtlu: None, tmp_path: Path
) -> None:
    """All or nothing: a row whose university id is no id fails the file, naming line 3
    and the mapping keys; with --skip-invalid the good row loads and the bad one is kept
    in the rejects file."""
    good = f"Good Partner {tmp_path.name}"
    mapping = _csv(tmp_path, good, extra='not an id!,Bad U,Bad Partner,x,"q",p. 1\n')
    with pytest.raises(InvalidInputError) as failed:
        db.run(ingest_paths, [], mapping=mapping)
    problems = [str(p) for p in failed.value.summary.errors]
    assert any("partners.csv:3 (partners.university)" in p and "id" in p for p in problems)
    assert any("partners.csv:3 (partners.link)" in p for p in problems), problems
    assert _partner_links(settings, good) == []  # nothing written
    kept = db.run(ingest_paths, [], mapping=mapping, skip_invalid=True)
    assert kept.counts["relationship"].created == 1
    assert sum(c.rejected for c in kept.counts.values()) == 2  # row 3's university and link
    assert len(_partner_links(settings, good)) == 1
    rejects = (tmp_path / "partners.csv.rejects.jsonl").read_text(encoding="utf-8")
    assert "not an id!" in rejects


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m.replace("      citation:", "      evidence:"), "needs a 'citation'"),
        (lambda m: m.replace("schema: Company", "schema: Kompany"), "Invalid schema: Kompany"),
        (lambda m: m.replace("column: Role", "column: Rolle"), "no column 'Rolle'"),
        (lambda m: m.replace("csv_url: partners.csv", "csv_url: https://x.example/p.csv"),
         "only local files"),
    ],
)  # fmt: skip
def test_bad_mappings_fail_in_one_line(tmp_path: Path, change: Any, message: str) -> None:
    mapping = _csv(tmp_path, "Anyone")
    mapping.write_text(change(MAPPING), encoding="utf-8")
    done = _run("--mapping", str(mapping), "--dry-run")
    assert done.returncode == 2 and message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_cli_dry_run_reports_the_rows(tmp_path: Path, restored_xjtlu: None) -> None:
    mapping = _csv(tmp_path, "Dry Run Partner")
    done = _run("--mapping", str(mapping), str(tmp_path / "partners.csv"), "--dry-run", "--json")
    assert done.returncode == 0, done.stderr
    counts = json.loads(done.stdout)["counts"]
    assert counts["entity"]["read"] == 2 and counts["relationship"]["read"] == 1
