"""The browser tests' fixtures: `entangle serve` as `make run` starts it (a real uvicorn
process, anonymous reader) on the seed plus hostile data, and one Chromium for the session."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from entanglements.core.settings import Settings
from entanglements.ingest.summary import IngestSummary
from tests.api.conftest import (
    Findings,
    findings,  # noqa: F401  (the fixture, for these tests too)
)
from tests.api.test_serve import ENTANGLE, free_port
from tests.db import SyncDb
from tests.web.browser import chromium

#: The screenshots docs/ui.md shows; each run rewrites them.
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "ui"
HOSTILE_NAME = "<img src=x onerror=alert(1)>"


def start_server(log: Path, anonymous_role: str | None) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "ENTANGLE_ANONYMOUS_ROLE"}
    if anonymous_role:
        env["ENTANGLE_ANONYMOUS_ROLE"] = anonymous_role
    server = subprocess.Popen(
        [ENTANGLE, "serve", "--host", "127.0.0.1", "--port", str(port), "--no-access-log"],
        env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return server, url
        time.sleep(0.2)
    stop_server(server)
    raise AssertionError(f"the server did not become ready: {log.read_text()}")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=20)


@pytest.fixture(scope="session")
def hostile(db: SyncDb, settings: Settings, seed: IngestSummary) -> Findings:
    """An entity whose name is markup, linked to a listed party, cited by a source whose URL
    is a script and whose quote is markup: all must render as text."""
    data = Findings(f"t{uuid.uuid4().hex[:10]}-")
    data.source("evil", title="<b>bold</b> source", url="javascript:alert(2)")
    data.sanctions_list("list", name="<i>List</i>")
    data.entity("html", name=HOSTILE_NAME, aliases=["<script>alert(3)</script>"],
                identifiers=["<b>reg</b>:1"])  # fmt: skip
    data.entity("party", name="Listed party <u>u</u>")
    data.listing("party-on-list", "party", "list", listed="2020")
    data.rel("link", "partnership", "html", "party", start="2021",
             citations=[data.cite("<svg onload=alert(4)> said so", source="evil")])  # fmt: skip
    data.load(db, settings)
    return data


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, seed: IngestSummary) -> Iterator[str]:
    """The app's base URL, served as `make run` serves it."""
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    process, url = start_server(log, anonymous_role="reader")
    try:
        yield url
    finally:
        stop_server(process)


@pytest.fixture(scope="module")
def keyed_server(tmp_path_factory: pytest.TempPathFactory, seed: IngestSummary) -> Iterator[str]:
    """The app served without an anonymous role: every request needs a key."""
    log = tmp_path_factory.mktemp("serve-keyed") / "serve.log"
    process, url = start_server(log, anonymous_role=None)
    try:
        yield url
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def browser() -> Iterator[WebDriver]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with chromium() as driver:
        yield driver


def shot(driver: WebDriver, name: str) -> None:
    driver.save_screenshot(str(SHOTS / f"{name}.png"))
