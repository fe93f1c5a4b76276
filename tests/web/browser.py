"""Driving Debian's Chromium with Selenium: the system chromedriver, never a downloaded one.

Selenium Manager (which would look up or download a driver and a browser) is replaced by a
function that fails, so a test that would reach it fails instead of going online.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def _no_selenium_manager(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("Selenium Manager was invoked: the driver path must be explicit")


@contextmanager
def chromium(width: int = 1280, height: int = 900) -> Iterator[WebDriver]:
    for path in (CHROMIUM, CHROMEDRIVER):
        assert shutil.which(path), f"{path} is missing: `make test` installs chromium from apt"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        f"--window-size={width},{height}",
        "--disable-extensions",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-sync",
    ):
        options.add_argument(arg)  # fmt: skip
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    target = "selenium.webdriver.common.selenium_manager.SeleniumManager.binary_paths"
    with mock.patch(target, _no_selenium_manager):
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def open_page(driver: WebDriver, url: str, timeout: float = 30) -> None:
    """Load a page of the app and wait until its module says it has rendered."""
    driver.get(url)
    wait_ready(driver, timeout)


def wait_ready(driver: WebDriver, timeout: float = 30) -> None:
    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script("return document.body && document.body.dataset.ready") == "true"
    )


def navigate(driver: WebDriver, act: Callable[[], object], timeout: float = 30) -> None:
    """Do what leaves the page (a click, a submit) and wait until the next page has rendered.

    The old document stays "ready" until the browser replaces it, so waiting for readiness
    alone can see the page being left: wait for its root to go stale first.
    """
    old = driver.find_element(By.TAG_NAME, "html")
    act()
    WebDriverWait(driver, timeout).until(staleness_of(old))
    wait_ready(driver, timeout)


def text(driver: WebDriver, selector: str) -> str:
    value: str = driver.find_element(By.CSS_SELECTOR, selector).text
    return value


def resource_urls(driver: WebDriver) -> list[str]:
    """Every URL this document loaded or fetched (navigation and resource timing entries)."""
    urls: list[str] = driver.execute_script(
        "return performance.getEntriesByType('navigation').concat("
        "performance.getEntriesByType('resource')).map(e => e.name)"
    )
    return urls


def console_errors(driver: WebDriver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
