"""The web app's "Download CSV" of a saved query's result, fed names that are formulas: the
file the browser makes has no cell a spreadsheet would run (the rule of cli/output.py)."""

from __future__ import annotations

import csv
import io
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from entanglements.core.settings import Settings
from tests.db import SyncDb
from tests.hostile.graph import DANGEROUS_STARTS, FORMULAS, INVISIBLE, formula_graph
from tests.web.browser import open_page

#: Keeps the Blob the page hands to URL.createObjectURL, so the test can read the file.
CAPTURE = """
window.__downloads = [];
const original = URL.createObjectURL;
URL.createObjectURL = (blob) => { window.__downloads.push(blob); return original(blob); };
"""
READ_LAST = "const done = arguments[0]; window.__downloads.at(-1).text().then(done);"


def _cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]


def test_download_csv_neutralises_formulas(
    browser: WebDriver, server: str, db: SyncDb, settings: Settings
) -> None:
    graph = formula_graph(db, settings, f"t{uuid.uuid4().hex[:10]}-")
    child = graph.id("child")
    open_page(browser, f"{server}/queries?name=entity-dossier&run=1&p.entity_id={child}")
    browser.execute_script(CAPTURE)
    link = next(a for a in browser.find_elements(By.CSS_SELECTOR, "a.download") if "CSV" in a.text)
    link.click()
    found = _cells(browser.execute_async_script(READ_LAST))
    assert [c for c in found if c.startswith(DANGEROUS_STARTS)] == []
    for name in (FORMULAS[0], FORMULAS[2], FORMULAS[3]):
        assert any(c.startswith("'" + name) for c in found), (name, found)
    # The module's own rule, on the two invisible starts and a number (stays a number).
    made = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "import('/static/js/csv.js').then((m) => done(m.toCsv([arguments[0], [-0.5, true]])));",
        INVISIBLE,
    )
    rows = list(csv.reader(io.StringIO(made, newline="")))
    assert rows == [["'" + n for n in INVISIBLE], ["-0.5", "true"]]
