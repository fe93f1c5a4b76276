"""The issue's "done when": the seed without its hand-made listings, plus the Entity List
rows of its parties as the Federal Register names them (a CSL file), screened, judged the
same, give XJTLU's 3-hop exposure back with the Entity List listings and cited paths."""

from __future__ import annotations

import csv
import random
import string
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml

from entanglements.core.resolution.judgements import history
from entanglements.core.settings import Settings
from entanglements.ingest.pipeline import ingest_paths, ingest_records
from tests.api.conftest import ClientFactory, codes, data, post
from tests.conftest import ROOT
from tests.db import SyncDb

#: The seed's Entity List parties and their rows as the Federal Register names them.
FEDERAL_REGISTER = {
    "nscc-wuxi": ("National Supercomputing Center Wuxi", "", "84 FR 29371", "2019-06-24"),
    "sugon": (
        "Sugon",
        "Dawning Information Industry Co.; Dawning Information Industry Company Limited; "
        "Dawning Information Industry Co., Ltd.; Dawning International; Shuguang; "
        "Shuguang Information Industry; Sugon Information Industry Co. Ltd.",
        "84 FR 29371",
        "2019-06-24",
    ),
    "iflytek": ("IFLYTEK", "iFlytek Co., Ltd.", "84 FR 54002", "2019-10-09"),
    "simit": (
        "Shanghai Institute of Microsystem and Information Technology",
        "SIMIT",
        "89 FR 28594",
        "2024-04-11",
    ),
    "ime-cas": (
        "Institute of Microelectronics of the Chinese Academy of Sciences",
        "IMECAS",
        "89 FR 28594",
        "2024-04-11",
    ),
}
CSL_COLUMNS = [
    "_id",
    "source",
    "entity_number",
    "type",
    "programs",
    "name",
    "title",
    "addresses",
    "federal_register_notice",
    "start_date",
    "end_date",
    "standard_order",
    "license_requirement",
    "license_policy",
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
    "remarks",
    "source_list_url",
    "alt_names",
    "citizenships",
    "dates_of_birth",
    "nationalities",
    "places_of_birth",
    "source_information_url",
    "ids",
]
#: The list's abbreviation names the CSL list and its entities' ids (csl-<abbreviation>-...):
#: a fresh one per run keeps this module's Entity List apart from earlier runs' judgements.
ABBREVIATION = "EL" + "".join(random.Random().choices(string.ascii_uppercase, k=6))
EL = f"Entity List ({ABBREVIATION}) - Bureau of Industry and Security"
LIST_ID = f"csl-{ABBREVIATION.lower()}"

SCREEN = """
query($q: ScreeningQuery!, $lists: [ID!]) {
  screen(query: $q, lists: $lists) { candidates { entity { id name } score match explanation } }
}
"""
JUDGE = """
mutation($a: ID!, $b: ID!, $j: JudgementVerdict!, $note: String) {
  judge(a: $a, b: $b, judgement: $j, note: $note) { id verdict note by at a { id } b { id } }
}
"""
EXPOSURE = """
query($id: ID!) {
  sanctionsExposure(entityId: $id, maxHops: 3) {
    exposures {
      entity { id } distance
      listings { id via { id } list { id name } }
      paths { nodes { id } relationships { citations { quote source { id } } } }
    }
  }
}
"""


def _prefixed(seed: dict[str, Any], p: str) -> list[dict[str, Any]]:
    """The seed's records without its listings, every id under the test's prefix."""
    out: list[dict[str, Any]] = []
    for section, record in (
        ("sources", "source"),
        ("lists", "list"),
        ("entities", "entity"),
        ("relationships", "relationship"),
    ):
        for item in seed.get(section, []):
            row = {"record": record, **item, "id": p + item["id"]}
            for end in ("from", "to"):
                if end in row:
                    row[end] = p + row[end]
            if "citations" in row:
                row["citations"] = [{**c, "source": p + c["source"]} for c in row["citations"]]
            out.append(row)
    return out


@pytest.fixture(scope="module")
def world(db: SyncDb, settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> str:
    p = f"t{uuid.uuid4().hex[:10]}-"
    seed = yaml.safe_load((ROOT / "data" / "seed" / "xjtlu.yaml").read_text(encoding="utf-8"))
    summary = db.run(ingest_records, _prefixed(seed, p), origin="api")
    assert summary.outcome == "ok", summary.errors
    path: Path = tmp_path_factory.mktemp("csl") / "entity_list.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=CSL_COLUMNS)
        writer.writeheader()
        for n, (name, alts, notice, start) in enumerate(FEDERAL_REGISTER.values()):
            writer.writerow(
                dict.fromkeys(CSL_COLUMNS, "")
                | {
                    "_id": f"el-{n}",
                    "source": EL,
                    "name": name,
                    "alt_names": alts,
                    "addresses": "China, CN",
                    "federal_register_notice": notice,
                    "start_date": start,
                }
            )
    assert db.run(ingest_paths, [path]).outcome == "ok"
    return p


def test_screen_judge_and_see_the_exposure(
    make_client: ClientFactory, db: SyncDb, settings: Settings, world: str
) -> None:
    p = world
    seed = yaml.safe_load((ROOT / "data" / "seed" / "xjtlu.yaml").read_text(encoding="utf-8"))
    entities = {e["id"]: e for e in seed["entities"]}
    matched: dict[str, str] = {}
    with make_client(anonymous_role="editor") as client:
        before = data(client, EXPOSURE, id=p + "xjtlu")["sanctionsExposure"]["exposures"]
        assert not any(e["entity"]["id"].startswith(p) for e in before)  # no hand-made listings
        for key in FEDERAL_REGISTER:
            party = entities[key]
            query = {"kind": party["kind"], "name": party["name"], "aliases": party["aliases"]}
            found = data(client, SCREEN, q=query, lists=[LIST_ID])["screen"]["candidates"]
            assert found and found[0]["match"], (key, found)
            listed = found[0]["entity"]["id"]
            assert listed.startswith(LIST_ID + "-"), (key, found[0])
            matched[key] = listed
            judged = data(client, JUDGE, a=p + key, b=listed, j="SAME", note="FR notice")
            recorded = judged["judge"]
            assert recorded["id"].startswith("judgement:") and recorded["verdict"] == "SAME"
            assert recorded["a"] == {"id": p + key} and recorded["b"] == {"id": listed}
            assert recorded["note"] == "FR notice" and recorded["by"] == "anonymous"
            assert recorded["at"]  # DateTime, recorded by the server
        report = data(client, EXPOSURE, id=p + "xjtlu")["sanctionsExposure"]["exposures"]
    exposures = {e["entity"]["id"].removeprefix(p): e for e in report}
    for key in FEDERAL_REGISTER:
        exposure = exposures[key]
        assert {li["list"]["id"] for li in exposure["listings"]} == {f"list:{LIST_ID}"}, key
        assert {li["via"]["id"] for li in exposure["listings"]} == {matched[key]}, key
        assert exposure["distance"] <= 3 and exposure["paths"], key
        path = exposure["paths"][0]
        assert path["nodes"][0]["id"] == p + "xjtlu" and path["nodes"][-1]["id"] == p + key
        assert all(hop["citations"] for hop in path["relationships"]), key
    query = "query($id: ID!) { entity(id: $id) { sameAs { id name } listings { via { id } } } }"
    with make_client(anonymous_role="reader") as reader:
        sugon = data(reader, query, id=p + "sugon")["entity"]
    assert sugon["sameAs"] == [{"id": matched["sugon"], "name": "Sugon"}]
    assert [li["via"]["id"] for li in sugon["listings"]] == [matched["sugon"]]
    kept = db.run(history, p + "sugon", matched["sugon"])
    assert kept[-1].verdict.value == "same"
    assert kept[-1].by == "anonymous" and kept[-1].note == "FR notice"


def test_none_undoes_and_history_is_kept(
    make_client: ClientFactory, db: SyncDb, settings: Settings, world: str
) -> None:
    p = world
    query = {"name": "National Supercomputing Centre in Wuxi"}
    with make_client(anonymous_role="editor") as client:
        listed = data(client, SCREEN, q=query, lists=[LIST_ID])["screen"]["candidates"][0]
        csl_id = listed["entity"]["id"]
        data(client, JUDGE, a=p + "nscc-wuxi", b=csl_id, j="SAME")
        data(client, JUDGE, a=csl_id, b=p + "nscc-wuxi", j="NONE", note="wrong centre")
        report = data(client, EXPOSURE, id=p + "xjtlu")["sanctionsExposure"]["exposures"]
        assert p + "nscc-wuxi" not in {e["entity"]["id"] for e in report}
        verdicts = [j.verdict.value for j in db.run(history, p + "nscc-wuxi", csl_id)]
        assert verdicts[-2:] == ["same", "none"]
        # bad input: nothing judged
        assert codes(post(client, JUDGE, {"a": csl_id, "b": csl_id, "j": "SAME"})) == [
            "BAD_USER_INPUT"
        ]
        assert codes(post(client, JUDGE, {"a": csl_id, "b": p + "nope", "j": "SAME"})) == [
            "NOT_FOUND"
        ]
    with make_client(anonymous_role="reader") as reader:
        body = post(reader, JUDGE, {"a": csl_id, "b": p + "nscc-wuxi", "j": "SAME"})
        assert codes(body) == ["FORBIDDEN"]
    assert len(db.run(history, p + "nscc-wuxi", csl_id)) == len(verdicts)


def test_a_later_listing_reaches_the_cluster_in_its_ingest(
    make_client: ClientFactory, db: SyncDb, settings: Settings, world: str
) -> None:
    p = world
    with make_client(anonymous_role="editor") as client:
        found = data(client, SCREEN, q={"name": "IFLYTEK"}, lists=[LIST_ID])["screen"]
        csl_id = found["candidates"][0]["entity"]["id"]
        data(client, JUDGE, a=p + "iflytek", b=csl_id, j="SAME")
    later = [
        {"record": "list", "id": p + "later", "name": "A later list", "authority": "X"},
        {
            "record": "listing",
            "id": p + "later-ifly",
            "entity": csl_id,
            "list": p + "later",
            "citations": [{"source": p + "aspi-xjtlu-2025", "locator": "later"}],
        },
    ]
    assert db.run(ingest_records, later, origin="api").outcome == "ok"
    rows = db.rows(
        "MATCH (:Entity {id: $id})-[r:LISTED_ON]->(l) RETURN l.id AS list, r.via AS via",
        id=p + "iflytek",
    )
    assert {(r["list"], r["via"]) for r in rows} >= {(p + "later", csl_id), (LIST_ID, csl_id)}
