"""Ids may hold ``/`` (the id pattern allows it): their pages, exposure and dossier answer
at the encoded URL the app links to (issue #23)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.testclient import TestClient

from entanglements.core.settings import Settings
from tests.api.conftest import Findings
from tests.db import SyncDb


def test_pages_of_an_id_with_a_slash(
    client: TestClient, findings: Findings, db: SyncDb, settings: Settings
) -> None:
    entity = findings.entity("rt/slash", name="Slash Holdings")
    findings.load(db, settings)
    encoded = quote(entity, safe="")
    assert "%2F" in encoded
    shell = client.get("/").text
    for suffix in ("", "/exposure", "/dossier"):
        page = client.get(f"/entities/{encoded}{suffix}")
        assert page.status_code == 200 and page.text == shell, suffix
    markdown = client.get(f"/entities/{encoded}/dossier.md")
    assert markdown.status_code == 200, markdown.text
    assert "Slash Holdings" in markdown.text
    missing = client.get(f"/entities/{quote(findings.id('no/such'), safe='')}/dossier.md")
    assert missing.status_code == 404 and missing.text.startswith("NOT_FOUND: ")
