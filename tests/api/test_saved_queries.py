"""savedQueries and runSavedQuery: the library shared with `entangle query`."""

from __future__ import annotations

from fastapi.testclient import TestClient

from entanglements.core.settings import Settings
from tests.api.conftest import Findings, codes, data, post
from tests.db import SyncDb

RUN = """
query($name: String!, $parameters: JSON) {
  runSavedQuery(name: $name, parameters: $parameters) { columns rows truncated }
}
"""


def test_saved_queries_are_listed_with_parameters(client: TestClient) -> None:
    query = """{
      savedQueries { name description parameters { name type required default description } }
    }"""
    library = {q["name"]: q for q in data(client, query)["savedQueries"]}
    dossier = library["entity-dossier"]
    assert dossier["description"]
    assert dossier["parameters"] == [
        {"name": "entity_id", "type": "string", "required": True, "default": None,
         "description": "The entity."},
    ]  # fmt: skip
    optional = {p["name"]: p for p in library["partners-listed-before-link"]["parameters"]}
    assert optional["include_units"] == {
        "name": "include_units", "type": "bool", "required": False, "default": True,
        "description": optional["include_units"]["description"],
    }  # fmt: skip


def test_run_saved_query(
    client: TestClient, findings: Findings, db: SyncDb, settings: Settings
) -> None:
    findings.entity("a")
    findings.entity("b")
    findings.rel("r", "partnership", "a", "b", start="2020-02")
    findings.load(db, settings)
    result = data(client, RUN, name="entity-dossier", parameters={"entity_id": findings.id("a")})
    table = result["runSavedQuery"]
    assert table["truncated"] is False and "claim" in table["columns"]
    rows = [dict(zip(table["columns"], row, strict=True)) for row in table["rows"]]
    assert any(r["claim_id"] == findings.id("r") and r["start"] == "2020-02" for r in rows)


def test_saved_query_errors(client: TestClient) -> None:
    assert codes(post(client, RUN, {"name": "no-such-query"})) == ["NOT_FOUND"]
    missing = post(client, RUN, {"name": "entity-dossier", "parameters": {}})
    assert codes(missing) == ["BAD_USER_INPUT"] and "entity_id" in missing["errors"][0]["message"]
    unknown = post(
        client, RUN, {"name": "entity-dossier", "parameters": {"entity_id": "x", "y": 1}}
    )
    assert codes(unknown) == ["BAD_USER_INPUT"]
    assert codes(post(client, RUN, {"name": "entity-dossier", "parameters": [1]})) == [
        "BAD_USER_INPUT"
    ]
