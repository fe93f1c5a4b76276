"""The exposure page draws a judgement hop (two entities judged one party) as its own kind
of link and explains it from the judgement: who, when, why, escaped like every graph string.

The issue's scenario under a fresh prefix: ``inv`` -partnership-> ``party-a``, judged the
same party as ``un`` (on the run's list), which owns ``partner`` (listed too).
"""

from __future__ import annotations

import uuid
from urllib.parse import quote

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from entanglements.core.resolution.judgements import Judgement, judge
from entanglements.core.settings import Settings
from tests.api.conftest import Findings
from tests.db import SyncDb
from tests.web.browser import navigate, open_page
from tests.web.conftest import HOSTILE_NAME, shot
from tests.web.test_browser import api, assert_local, main_tags

NOTE = "same registry number <img src=x onerror=alert(5)>"
HOPS = """query($id: ID!) { sanctionsExposure(entityId: $id) { exposures { entity { id }
  paths { hops { __typename id ... on JudgementHop { judgement { by at note } } } } } } }"""


def test_a_judgement_hop_is_drawn_and_explained(
    browser: WebDriver, server: str, db: SyncDb, settings: Settings
) -> None:
    f = Findings(f"t{uuid.uuid4().hex[:10]}-")
    f.sanctions_list("un", name="Run list")
    f.entity("inv", name="Investigated University")
    f.entity("party-a", name=HOSTILE_NAME)
    f.entity("un", name="Listed Works")
    f.entity("partner", name="Partner Works")
    f.rel("r-inv-a", "partnership", "inv", "party-a", start="2020")
    f.rel("r-un-partner", "ownership", "un", "partner", share=60)
    f.listing("l-un", "un", "un", listed="2019")
    f.listing("l-partner", "partner", "un", listed="2021")
    f.load(db, settings)
    db.run(judge, f.id("party-a"), f.id("un"), Judgement.SAME, note=NOTE, by="cli:ana")

    page = f"{server}/entities/{quote(f.id('inv'))}/exposure"
    open_page(browser, page)
    assert_local(browser, server)
    report = api(server, HOPS, id=f.id("inv"))["sanctionsExposure"]["exposures"]
    (to_partner,) = [x for x in report if x["entity"]["id"] == f.id("partner")]
    judged = to_partner["paths"][0]["hops"][1]
    assert judged["__typename"] == "JudgementHop"
    graph = browser.find_element(By.ID, "graph")
    assert graph.get_attribute("data-judgement-edges") == "1"
    partner = browser.find_element(
        By.CSS_SELECTOR, f".exposures > li[data-entity='{f.id('partner')}']"
    )
    buttons = partner.find_elements(By.CSS_SELECTOR, "button.hop")
    assert [b.get_attribute("class") for b in buttons] == ["hop", "hop hop-judgement", "hop"]
    assert buttons[1].text == "═ judged same party ═"
    assert "judged the same party" in (buttons[1].get_attribute("aria-label") or "")
    assert "judged the same party" in browser.find_element(By.CSS_SELECTOR, ".legend").text

    buttons[1].send_keys(Keys.ENTER)
    details = browser.find_element(By.ID, "edge-details")
    day = judged["judgement"]["at"][:10]
    WebDriverWait(browser, 10).until(lambda d: "Judged the same party" in details.text)
    assert f"Judged the same party by cli:ana on {day}: {NOTE}" in details.text
    assert HOSTILE_NAME in details.text and "blockquote" not in details.get_attribute("innerHTML")
    assert main_tags(browser, "img") == 0
    browser.execute_script("window.scrollTo(0, document.getElementById('graph-h').offsetTop - 8)")
    shot(browser, "exposure-judgement")

    # Unticked, the report leaves judgement hops out (and says so in the URL).
    box = browser.find_element(By.XPATH, "//label[contains(., 'Through judgements')]/input")
    box.click()
    update = browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]")
    navigate(browser, update.click)
    assert "throughJudgements=false" in browser.current_url
    assert browser.find_elements(By.CSS_SELECTOR, "button.hop-judgement") == []
    shown = {
        e.get_attribute("data-entity")
        for e in browser.find_elements(By.CSS_SELECTOR, ".exposures > li")
    }
    assert shown == {f.id("party-a")}  # listed by its copy of un's listing, nothing further
    assert browser.find_element(By.ID, "graph").get_attribute("data-judgement-edges") == "0"
    assert_local(browser, server)
