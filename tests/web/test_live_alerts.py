"""The web app shows a new alert without a reload (issue 25): the header follows
Subscription.alerts over graphql-transport-ws, and an ingest's alert appears in it."""

from __future__ import annotations

import time

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from entanglements.core.settings import Settings
from tests.api.conftest import Findings
from tests.api.test_watch import partner_listed_later
from tests.db import SyncDb
from tests.web.browser import open_page


def test_a_new_alert_appears_in_the_header_without_a_reload(
    browser: WebDriver, server: str, findings: Findings, db: SyncDb, settings: Settings
) -> None:
    f = findings
    names = {"watched": "Watched <b>Institute</b>", "partner": "Partner <i>Lab</i>"}
    with partner_listed_later(f, db, settings, **names) as listing:
        open_page(browser, f"{server}/")
        WebDriverWait(browser, 15).until(
            lambda d: d.execute_script("return document.getElementById('alerts').dataset.live")
        )
        time.sleep(1.5)  # the server fixes where the feed starts before the ingest
        marker = browser.execute_script("window.stillHere = 'yes'; return window.stillHere")
        listing.load(db, settings)  # its watch check raises the alert
        summary = WebDriverWait(browser, 10).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#alerts summary")
        )
        assert summary[0].text == "1 new alert"
        summary[0].click()
        item = browser.find_element(By.CSS_SELECTOR, "#alerts .alert")
        assert "Watched <b>Institute</b>" in item.text and "Partner <i>Lab</i>" in item.text
        links = [a.get_attribute("href") for a in item.find_elements(By.TAG_NAME, "a")]
        assert links == [
            f"{server}/entities/{f.id('watched')}",
            f"{server}/entities/{f.id('partner')}",
        ]
        assert (
            browser.find_elements(By.CSS_SELECTOR, "#alerts b, #alerts i") == []
        )  # text, not markup
        # No reload happened: the page's own state survived.
        assert browser.execute_script("return window.stillHere") == marker
