"""The app in a real browser (Debian's Chromium via Selenium) against `entangle serve` on the
seed: what an analyst clicks, what the page shows, and that nothing leaves 127.0.0.1.

Expected values come from the public API (the same server), never from the test's memory
of the seed: the pages must show what the API says.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from tests.api.conftest import Findings
from tests.web.browser import console_errors, navigate, open_page, resource_urls, text
from tests.web.conftest import HOSTILE_NAME, shot


def api(server: str, query: str, **variables: Any) -> dict[str, Any]:
    body = httpx.post(
        f"{server}/graphql", json={"query": query, "variables": variables}, timeout=30
    )
    result = body.json()
    assert "errors" not in result, result
    data: dict[str, Any] = result["data"]
    return data


def assert_local(driver: WebDriver, server: str) -> None:
    """Every request of the current document went to the server under test, and the page
    logged no error (a CSP violation would be one)."""
    urls = resource_urls(driver)
    assert urls, "the performance API listed nothing"
    assert all(u.startswith(f"{server}/") for u in urls), [
        u for u in urls if not u.startswith(server)
    ]
    assert console_errors(driver) == []


ENTITY_LIST_PARTIES = """query($id: ID!) { sanctionsExposure(entityId: $id) { exposures {
  entity { id name } listings { list { name } }
  paths { relationships { id citations { quote } } } } } }"""


def test_search_entity_exposure_and_an_edge_quote(browser: WebDriver, server: str) -> None:
    # Search from the home page with the keyboard, as a person would.
    open_page(browser, f"{server}/")
    assert_local(browser, server)
    box = browser.find_element(By.CSS_SELECTOR, "input[name=q]")
    assert browser.switch_to.active_element == box  # focused on arrival
    navigate(browser, lambda: box.send_keys("xian jiaotong liverpol", Keys.ENTER))
    hit = browser.find_element(By.CSS_SELECTOR, ".results .hit-name")
    assert hit.text == "Xi'an Jiaotong-Liverpool University"
    shot(browser, "search")
    navigate(browser, hit.click)
    assert browser.current_url == f"{server}/entities/xjtlu"
    assert text(browser, "h1") == "Xi'an Jiaotong-Liverpool University"
    relationships = text(browser, "#rels-h")
    assert relationships.startswith("Relationships (") and "(0)" not in relationships
    assert_local(browser, server)
    shot(browser, "entity")

    navigate(browser, browser.find_element(By.LINK_TEXT, "Sanctions exposure").click)
    assert browser.current_url == f"{server}/entities/xjtlu/exposure"
    assert_local(browser, server)
    report = api(server, ENTITY_LIST_PARTIES, id="xjtlu")["sanctionsExposure"]["exposures"]
    on_entity_list = [
        x for x in report if any(li["list"]["name"] == "Entity List" for li in x["listings"])
    ]
    assert on_entity_list
    listed = {
        e.get_attribute("data-entity"): e.text
        for e in browser.find_elements(By.CSS_SELECTOR, ".exposures > li")
    }
    for party in on_entity_list:
        assert party["entity"]["name"] in listed[party["entity"]["id"]]
        assert "Entity List" in listed[party["entity"]["id"]]
    graph = browser.find_element(By.ID, "graph")
    assert int(graph.get_attribute("data-nodes") or 0) > len(report)  # the entity, parties, hops
    assert graph.find_elements(By.TAG_NAME, "canvas")

    # Select the last hop of the first Entity List party's path: its quote is shown.
    hop = on_entity_list[0]["paths"][0]["relationships"][-1]
    button = browser.find_element(By.CSS_SELECTOR, f"button.hop[data-rel='{hop['id']}']")
    button.send_keys(Keys.ENTER)  # keyboard, not a mouse click
    details = browser.find_element(By.ID, "edge-details")
    WebDriverWait(browser, 10).until(lambda d: "blockquote" in details.get_attribute("innerHTML"))
    quotes = [q.text for q in details.find_elements(By.TAG_NAME, "blockquote")]
    assert quotes == [c["quote"] for c in hop["citations"] if c["quote"]]
    browser.execute_script("window.scrollTo(0, document.getElementById('graph-h').offsetTop - 8)")
    shot(browser, "exposure")


def test_hostile_strings_render_as_text(browser: WebDriver, server: str, hostile: Findings) -> None:
    entity_id = hostile.id("html")
    open_page(browser, f"{server}/entities/{quote(entity_id)}")
    assert text(browser, "h1") == HOSTILE_NAME
    identity = text(browser, "dl.identity")
    assert "<script>alert(3)</script>" in identity and "<b>reg</b>:1" in identity
    main = browser.find_element(By.ID, "main")
    for tag in ("img", "script", "svg", "b", "i", "u"):
        assert main.find_elements(By.TAG_NAME, tag) == [], tag
    assert_local(browser, server)  # an alert would also have failed every call above

    open_page(browser, f"{server}/entities/{quote(entity_id)}/exposure")
    browser.find_element(By.CSS_SELECTOR, "button.hop").click()
    details = browser.find_element(By.ID, "edge-details")
    assert "<svg onload=alert(4)> said so" in details.text
    assert "<b>bold</b> source" in details.text
    link = details.find_element(By.CSS_SELECTOR, "cite a")
    assert not (link.get_attribute("href") or "").startswith("javascript:")
    for tag in ("img", "svg", "b", "i", "u"):
        assert main_tags(browser, tag) == 0, tag
    assert_local(browser, server)

    open_page(browser, f"{server}/?q={quote('img src onerror alert')}")
    names = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".results .hit-name")]
    assert HOSTILE_NAME in names
    assert main_tags(browser, "img") == 0


def main_tags(driver: WebDriver, tag: str) -> int:
    count: int = driver.execute_script(
        "return document.getElementById('main').getElementsByTagName(arguments[0]).length", tag
    )
    return count


@pytest.mark.parametrize("path", ["/entities/xjtlu", "/entities/no-such-id/exposure"])
def test_pages_answer_with_a_security_policy(server: str, path: str) -> None:
    page = httpx.get(f"{server}{path}", timeout=10)
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "<script>" not in page.text  # modules only, no inline script


def test_unknown_entity_says_so(browser: WebDriver, server: str) -> None:
    open_page(browser, f"{server}/entities/no-such-id")
    assert text(browser, "h1") == "No such entity"


def test_graphiql_loads_offline(browser: WebDriver, server: str) -> None:
    browser.get(f"{server}/graphql")
    WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".graphiql-container .graphiql-editor")
    )
    assert_local(browser, server)
    shot(browser, "graphiql")
