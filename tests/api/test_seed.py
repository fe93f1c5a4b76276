"""On the seed data (data/seed/, the XJTLU investigation): the exposure report of XJTLU."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from entanglements.core.settings import Settings
from entanglements.ingest.pipeline import ingest_paths
from tests import REPO_ROOT
from tests.api.conftest import data
from tests.db import SyncDb

ENTITY_LIST = {"nscc-wuxi", "simit", "ime-cas", "sugon", "iflytek"}
RUSSIAN_SANCTIONED = {"rossotrudnichestvo", "russkiy-mir-foundation", "olga-zabralova"}

REPORT = """
{
  sanctionsExposure(entityId: "xjtlu", maxHops: 3) {
    entity { name }
    totalCount
    exposures {
      entity { id name countries }
      distance
      listedBeforeLink
      listings { list { id } listedDate }
      paths {
        nodes { id }
        relationships { type citations { quote locator source { id title } } }
      }
    }
  }
}
"""


@pytest.fixture(scope="module")
def seeded(request: pytest.FixtureRequest, db: SyncDb, settings: Settings) -> None:
    """The session's `seed` fixture when tests/conftest.py provides one, else load it here
    (ingesting the seed again changes nothing: it is idempotent)."""
    try:
        request.getfixturevalue("seed")
    except pytest.FixtureLookupError:
        summary = db.run(ingest_paths, [REPO_ROOT / "data" / "seed"])
        assert summary.outcome == "ok", summary.errors


def test_xjtlu_exposure_report(client: TestClient, seeded: None) -> None:
    report = data(client, REPORT)["sanctionsExposure"]
    assert report["entity"]["name"].startswith("Xi")
    exposures: dict[str, dict[str, Any]] = {e["entity"]["id"]: e for e in report["exposures"]}
    assert exposures.keys() >= ENTITY_LIST | RUSSIAN_SANCTIONED
    assert report["totalCount"] == len(exposures)
    for party in ENTITY_LIST:
        lists = {li["list"]["id"] for li in exposures[party]["listings"]}
        assert "list:us-bis-entity-list" in lists, party
    for party in RUSSIAN_SANCTIONED:
        assert "ru" in exposures[party]["entity"]["countries"], party
    for party, exposure in exposures.items():
        assert exposure["paths"], party
        path = exposure["paths"][0]
        assert path["nodes"][0]["id"] == "xjtlu" and path["nodes"][-1]["id"] == party
        for hop in path["relationships"]:
            assert hop["citations"], (party, hop)
            assert all(
                c["source"]["title"] and (c["quote"] or c["locator"]) for c in hop["citations"]
            )
    # The National Supercomputing Centre in Wuxi was listed (2021) before the partnership
    # (2025-04); Sugon (listed 2019) co-founded the AI school's lab in 2018.
    assert exposures["nscc-wuxi"]["distance"] == 1
    assert exposures["nscc-wuxi"]["listedBeforeLink"] is True
    assert exposures["sugon"]["listedBeforeLink"] is False
