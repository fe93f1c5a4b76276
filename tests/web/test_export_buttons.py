"""The "Download FtM / GraphML" links of the entity and exposure pages, in the browser: the
page builds them, and what they fetch is the export of that part (docs/export.md)."""

from __future__ import annotations

import io
import json
from urllib.parse import parse_qs, urlparse

import networkx as nx
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.web.browser import open_page

FETCH = """const done = arguments[arguments.length - 1];
fetch(arguments[0]).then(async (r) => done([r.status, await r.text()]));"""


def _fetched(browser: WebDriver, selector: str) -> tuple[str, int, str]:
    link = browser.find_element(By.CSS_SELECTOR, selector)
    href = link.get_attribute("href")
    assert href is not None
    status, body = browser.execute_async_script(FETCH, href)
    return href, status, body


def test_entity_page_downloads_its_neighbourhood(browser: WebDriver, server: str) -> None:
    open_page(browser, f"{server}/entities/xjtlu")
    labels = [a.text for a in browser.find_elements(By.CSS_SELECTOR, ".actions a[class^=export]")]
    assert labels == ["Download FtM", "Download GraphML"]
    href, status, body = _fetched(browser, "a.export-ftm")
    assert status == 200 and parse_qs(urlparse(href).query) == {"entity": ["xjtlu"], "hops": ["1"]}
    lines = [json.loads(line) for line in body.splitlines()]
    linked = {
        ref
        for line in lines
        for name in ("subject", "object", "employer", "employee", "member", "organization")
        for ref in line["properties"].get(name, [])
    }
    assert "xjtlu" in {line["id"] for line in lines} and len(linked) > 10
    _, status, body = _fetched(browser, "a.export-graphml")
    graph = nx.read_graphml(io.BytesIO(body.encode()), force_multigraph=True)
    assert status == 200 and graph.nodes["xjtlu"]["kind"] == "Organization"


def test_exposure_page_downloads_the_report_with_its_filters(
    browser: WebDriver, server: str
) -> None:
    open_page(browser, f"{server}/entities/xjtlu/exposure?maxHops=2&list=us-bis-entity-list")
    href, status, body = _fetched(browser, "a.export-graphml")
    query = parse_qs(urlparse(href).query)
    assert query == {"exposure": ["xjtlu"], "hops": ["2"], "list": ["us-bis-entity-list"]}
    graph = nx.read_graphml(io.BytesIO(body.encode()), force_multigraph=True)
    listed = {n for n, data in graph.nodes(data=True) if data.get("listed")}
    assert status == 200 and "sugon" in listed and nx.is_weakly_connected(graph)
