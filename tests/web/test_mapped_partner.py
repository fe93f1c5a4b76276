"""The issue's mapping example in the browser: the partner a spreadsheet row adds through a
FollowTheMoney mapping is on XJTLU's page, with the row's quote and page (docs/ingest.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from entanglements.core.settings import Settings
from entanglements.ingest.pipeline import ingest_paths
from tests.db import SyncDb
from tests.ingest.test_ftm_mapping import QUOTE, _csv, restored_xjtlu  # noqa: F401
from tests.web.browser import open_page


@pytest.mark.usefixtures("restored_xjtlu")
def test_a_mapped_partner_is_on_xjtlus_page(
    browser: WebDriver, server: str, db: SyncDb, settings: Settings, tmp_path: Path
) -> None:
    partner = f"Browser Photonics {tmp_path.name}"
    assert db.run(ingest_paths, [], mapping=_csv(tmp_path, partner)).outcome == "ok"
    open_page(browser, f"{server}/entities/xjtlu?type=unknown_link")
    [row] = [
        tr
        for tr in browser.find_elements(By.CSS_SELECTOR, "section[aria-labelledby=rels-h] tr")
        if partner in tr.text
    ]
    assert "unknown_link" in row.text and "joint laboratory" in row.text and "→" in row.text
    evidence = row.get_attribute("textContent") or ""  # the citations are in a closed <details>
    assert QUOTE.format(partner=partner) in evidence and "p. 14" in evidence
