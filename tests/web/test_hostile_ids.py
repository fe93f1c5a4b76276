"""An entity whose id holds ``/``: the search result links to its page, which shows it."""

from __future__ import annotations

import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from entanglements.core.settings import Settings
from tests.api.conftest import Findings
from tests.db import SyncDb
from tests.web.browser import open_page, text


def test_an_id_with_a_slash_has_a_page(
    browser: WebDriver, server: str, db: SyncDb, settings: Settings
) -> None:
    data = Findings(f"t{uuid.uuid4().hex[:10]}-")
    entity = data.entity("rt/slash", name="Slashed Ventures Zqx")
    data.load(db, settings)
    open_page(browser, f"{server}/entities/{entity.replace('/', '%2F')}")
    assert text(browser, "h1") == "Slashed Ventures Zqx"
    link = browser.find_element(By.CSS_SELECTOR, "a[href$='/exposure']").get_attribute("href")
    assert link is not None and "%2F" in link
    open_page(browser, link)
    assert "Not found" not in text(browser, "main")
