"""Judging on the screen page (editors only) and the same-as cluster panel of the entity page.

Each test loads its own pair of parties under a fresh prefix (a company and its listed
double on the run's own list), so no judgement reaches the seed or another run's pair.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from entanglements.core.keys import create_key, revoke_key
from entanglements.core.settings import Settings
from tests.api.conftest import Findings
from tests.db import SyncDb
from tests.web.browser import console_errors, open_page, text
from tests.web.conftest import shot
from tests.web.test_browser import assert_local

SAME_AS = "query($id: ID!) { entity(id: $id) { sameAs { id } listings { via { id } } } }"
JUDGE = (
    "mutation($a: ID!, $b: ID!, $j: JudgementVerdict!) "
    "{ judge(a: $a, b: $b, judgement: $j) { id } }"
)


def pair(db: SyncDb, settings: Settings) -> Findings:
    """`a`, unlisted, and `b`, the same name on the run's own list (with a markup reason)."""
    data = Findings(f"t{uuid.uuid4().hex[:10]}-")
    name = f"Qarnit Lighthouse Works {data.prefix[1:7]}"
    data.sanctions_list("list", name="Run list <i>x</i>", authority="Test authority")
    data.entity("a", name=name, kind="Company", countries=["cn"])
    data.entity("b", name=name + " Ltd", kind="Company", countries=["cn"])
    data.listing("b-on-list", "b", "list", listed="2021-03", reason="<b>supplies</b> the military")
    data.load(db, settings)
    return data


def call(server: str, query: str, key: str | None = None, **variables: Any) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    body = httpx.post(
        f"{server}/graphql",
        json={"query": query, "variables": variables},
        headers=headers,
        timeout=30,
    ).json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


@pytest.fixture
def editor_key(db: SyncDb, settings: Settings) -> Iterator[str]:
    record, key = db.run(create_key, name="browser-editor", role="editor")
    try:
        yield key
    finally:
        db.run(revoke_key, record.id)


def screen_for(browser: WebDriver, server: str, data: Findings) -> list[Any]:
    """Screen `a`'s name from `a`'s page link, on the run's list only; the candidates shown."""
    a = data.records[2]
    params = {"name": a["name"], "kind": "Company", "entity": data.id("a")}
    open_page(browser, f"{server}/screen?{urlencode(params)}")
    browser.find_element(By.CSS_SELECTOR, "details.lists summary").click()
    browser.find_element(
        By.CSS_SELECTOR, f"input[name=list][value='{data.gid('list', 'list')}']"
    ).click()
    browser.execute_script("delete document.body.dataset.screened")
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(browser, 60).until(
        lambda d: d.execute_script("return document.body.dataset.screened") == "1"
    )
    found = browser.find_elements(By.CSS_SELECTOR, "table.screen-results li.candidate")
    links = [c.find_element(By.TAG_NAME, "a").get_attribute("href") for c in found]
    assert [link.rsplit("/", 1)[1] for link in links] == [data.id("b")]
    return found


def test_a_reader_is_not_offered_judging(
    browser: WebDriver, server: str, db: SyncDb, settings: Settings
) -> None:
    data = pair(db, settings)
    [candidate] = screen_for(browser, server, data)
    assert "score" in candidate.text and candidate.find_elements(By.CSS_SELECTOR, "details li")
    assert candidate.find_elements(By.CSS_SELECTOR, ".judge, button") == []


def test_an_editor_judges_a_candidate_the_same(
    browser: WebDriver,
    keyed_server: str,
    editor_key: str,
    db: SyncDb,
    settings: Settings,
) -> None:
    data = pair(db, settings)
    open_page(browser, f"{keyed_server}/")
    keep = "window.localStorage.setItem('entangle.apiKey', arguments[0])"
    browser.execute_script(keep, editor_key)
    console_errors(browser)  # drops the keyless page's 401, logged before the key was kept
    try:
        [candidate] = screen_for(browser, keyed_server, data)
        buttons = candidate.find_elements(By.CSS_SELECTOR, ".judge button")
        assert [b.text for b in buttons] == ["same", "different", "unsure"]
        summary = text(browser, "details.lists summary")
        assert summary == f"Lists: {data.records[1]['name']}"  # the filter stays in sight
        assert_local(browser, keyed_server)
        browser.execute_script("arguments[0].scrollIntoView()", candidate)
        shot(browser, "screen-judge")
        buttons[0].click()
        WebDriverWait(browser, 30).until(
            lambda d: d.find_element(By.CSS_SELECTOR, "li.candidate .judge").text == "judged same"
        )
        entity = call(keyed_server, SAME_AS, editor_key, id=data.id("a"))["entity"]
        assert entity["sameAs"] == [{"id": data.id("b")}]
        assert entity["listings"] == [{"via": {"id": data.id("b")}}]
        assert_sends_its_bookmarks(browser)
    finally:
        browser.execute_script("window.localStorage.clear(); window.sessionStorage.clear()")


#: Records the Entangle-Bookmarks header of every request the page sends from now on.
SPY = """
window.sentBookmarks = [];
const send = window.fetch;
window.fetch = (url, options) => {
  window.sentBookmarks.push((options && options.headers || {})["Entangle-Bookmarks"] || null);
  return send(url, options);
};
"""


def assert_sends_its_bookmarks(browser: WebDriver) -> None:
    """The judgement's bookmarks are kept, and the app's next read sends them back."""
    kept = browser.execute_script("return sessionStorage.getItem('entangle.bookmarks')")
    bookmarks = json.loads(kept or "[]")
    assert bookmarks and all(isinstance(b, str) and "," not in b for b in bookmarks), kept
    browser.execute_script(SPY)
    browser.execute_script("delete document.body.dataset.screened")
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()  # again
    WebDriverWait(browser, 60).until(
        lambda d: d.execute_script("return document.body.dataset.screened") == "1"
    )
    sent = browser.execute_script("return window.sentBookmarks")
    assert sent and set(sent) == {",".join(bookmarks)}, sent


def test_the_cluster_panel_shows_members_and_listings_via(
    browser: WebDriver, server: str, editor_key: str, db: SyncDb, settings: Settings
) -> None:
    data = pair(db, settings)
    open_page(browser, f"{server}/entities/{data.id('a')}")
    assert "No entity is judged the same" in text(browser, "section.panel-cluster")
    judged = call(server, JUDGE, editor_key, a=data.id("a"), b=data.id("b"), j="SAME")["judge"]
    assert judged["id"].startswith("judgement:")
    open_page(browser, f"{server}/entities/{data.id('a')}")
    panel = browser.find_element(By.CSS_SELECTOR, "section.panel-cluster")
    members = panel.find_elements(By.CSS_SELECTOR, "ul.cluster li.member a")
    assert [m.text for m in members] == [data.records[3]["name"]]
    assert members[0].get_attribute("href") == f"{server}/entities/{data.id('b')}"
    [carried] = panel.find_elements(By.CSS_SELECTOR, "ul.cluster-listings li.listing")
    assert carried.find_element(By.TAG_NAME, "strong").text == "Run list <i>x</i>"  # as text
    assert f"via {data.records[3]['name']}" in carried.text
    assert "<b>supplies</b> the military" in carried.text
    assert panel.find_elements(By.CSS_SELECTOR, "i, b") == []
    # the entity's own listings section marks the carried listing too
    [own] = browser.find_elements(By.CSS_SELECTOR, "section[aria-labelledby=listings-h] li.listing")
    via = own.find_element(By.CSS_SELECTOR, ".via a")
    assert via.get_attribute("href") == f"{server}/entities/{data.id('b')}"
    assert_local(browser, server)
    browser.execute_script("document.querySelector('section.panel-cluster').scrollIntoView()")
    shot(browser, "entity-cluster")
    # from the member's side the cluster is the same one
    open_page(browser, f"{server}/entities/{data.id('b')}")
    back = browser.find_elements(By.CSS_SELECTOR, "section.panel-cluster ul.cluster li.member a")
    assert [m.text for m in back] == [data.records[2]["name"]]
