"""``make bench-ui``: how responsive the exposure page stays with 500 nodes.

A synthetic star (ids ``benchui-*``): one entity, 100 intermediaries, 4 listed parties behind
each (501 nodes, 500 edges, 400 exposures, every hop cited) is ingested into the test Neo4j;
`entangle serve` serves it; Debian's Chromium (headless, via Selenium and the system
chromedriver) opens ``/entities/benchui-start/exposure?maxHops=2&first=500`` RUNS times and
reads the page's own performance measures: the API round trip (``exposure-fetch``), the path
list painted and taking input (``exposure-list``, from navigation start), building the graph
up to its first painted frame after the data arrived (``exposure-draw``), and the whole page
from navigation start to the painted graph (``exposure-render``). Then it
selects 20 hops from the path list (the page's reaction to a keypress), timing the handler and
the next painted frame. Writes ``bench/results/ui.json`` and the table in docs/ui.md.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import REPO_ROOT
from bench.machine import cpu_model
from bench.server import serve
from entanglements.cli.database import with_database
from entanglements.core.db.database import Database
from entanglements.core.schema import migrate
from entanglements.core.settings import get_settings
from entanglements.ingest.pipeline import ingest_records
from entanglements.ingest.summary import IngestSummary
from tests.web.browser import chromium, open_page

RUNS = int(os.environ.get("BENCH_UI_RUNS", "5"))
HUBS, LEAVES = 100, 4
PORT = int(os.environ.get("BENCH_UI_PORT", "8710"))
RESULT = REPO_ROOT / "bench" / "results" / "ui.json"
DOC = REPO_ROOT / "docs" / "ui.md"
TABLE = re.compile(r"(<!-- bench-ui -->\n).*?(<!-- /bench-ui -->)", re.DOTALL)


def records() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [
        {"record": "source", "id": "benchui-src", "title": "Bench source", "publisher": "Bench"},
        {"record": "list", "id": "benchui-list", "name": "Bench list", "authority": "Bench"},
        {"record": "entity", "id": "benchui-start", "name": "Bench start", "kind": "Organization"},
    ]

    def rel(rid: str, a: str, b: str) -> dict[str, Any]:
        quote = f"{a} works with {b}, as the bench source says at some length."
        cite = {"source": "benchui-src", "quote": quote, "locator": "p. 1"}
        return {"record": "relationship", "id": rid, "type": "partnership", "from": a, "to": b,
                "start": "2020", "citations": [cite]}  # fmt: skip

    for h in range(HUBS):
        hub = f"benchui-hub-{h}"
        out.append({"record": "entity", "id": hub, "name": f"Intermediary {h}", "kind": "Company"})
        out.append(rel(f"benchui-r-{h}", "benchui-start", hub))
        for leaf in range(LEAVES):
            party = f"benchui-party-{h}-{leaf}"
            out.append({"record": "entity", "id": party, "name": f"Listed party {h}.{leaf}",
                        "kind": "Company"})  # fmt: skip
            out.append(rel(f"benchui-r-{h}-{leaf}", hub, party))
            out.append({"record": "listing", "id": f"benchui-l-{h}-{leaf}", "entity": party,
                        "list": "benchui-list", "listed": "2019",
                        "citations": [{"source": "benchui-src", "quote": "listed"}]})  # fmt: skip
    return out


MEASURES = (
    "return ['exposure-fetch', 'exposure-list', 'exposure-draw', 'exposure-render']"
    ".map(n => performance.getEntriesByName(n)[0].duration)"
)
# Selecting a hop: the handler's own time, and until the next frame has been painted.
SELECT = """const buttons = document.querySelectorAll('button.hop');
const handler = [], painted = [];
for (let i = 0; i < 20; i++) {
  const t = performance.now();
  buttons[(i * 37) % buttons.length].click();
  handler.push(performance.now() - t);
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  painted.push(performance.now() - t);
}
return [handler, painted];"""


def table(r: dict[str, Any]) -> str:
    load, cores = r["machine"]["load_1min_before"], r["machine"]["cores"]
    rows = [
        (f"API round trip for the report (`exposure-fetch`: {r['graph']['exposures']} "
         "exposures, their paths and citations)", r["fetch_ms_median"]),
        ("path list painted and taking input (`exposure-list`, from navigation start)",
         r["path_list_ms_median"]),
        ("graph built and first painted, after the data arrived (`exposure-draw`)",
         r["draw_ms_median"]),
        (f"whole page, navigation start to painted graph (`exposure-render`; slowest of "
         f"{r['runs']}: {r['render_ms_max']})", r["render_ms_median"]),
        ("selecting a hop in the path list: the handler", r["select_edge_handler_ms_median"]),
        (f"selecting a hop: until the next frame is painted (slowest of 20: "
         f"{r['select_edge_painted_ms_max']})", r["select_edge_painted_ms_median"]),
    ]  # fmt: skip
    head = (
        f"| median of {r['runs']} loads, {r['measured_at']}, load average {load} on {cores} "
        "cores | ms |\n|---|---|\n"
    )
    return head + "".join(f"| {label} | {value} |\n" for label, value in rows)


def main() -> int:
    settings = get_settings()

    async def load(db: Database) -> IngestSummary:
        await migrate(db)
        return await ingest_records(db, records(), origin="api")

    summary = with_database(load, settings)
    assert summary.outcome == "ok", summary.errors
    env = {**os.environ, "ENTANGLE_ANONYMOUS_ROLE": "reader"}
    url = f"http://127.0.0.1:{PORT}/entities/benchui-start/exposure?maxHops=2&first=500"
    fetch, listed, draw, total = [], [], [], []
    load_before = os.getloadavg()[0]
    with (
        tempfile.TemporaryDirectory() as tmp,
        serve(env, PORT, Path(tmp) / "serve.log"),
        chromium(1400, 1000) as browser,
    ):
        open_page(browser, url, timeout=120)  # warm-up: caches, JIT
        for _ in range(RUNS):
            open_page(browser, url, timeout=120)
            f, li, d, t = browser.execute_script(MEASURES)
            fetch.append(f)
            listed.append(li)
            draw.append(d)
            total.append(t)
        nodes = int(browser.find_element("id", "graph").get_attribute("data-nodes") or 0)
        edges = int(browser.find_element("id", "graph").get_attribute("data-edges") or 0)
        handler, painted = browser.execute_script(f"return (async () => {{ {SELECT} }})()")
    result = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        # The machine is shared: a load average above its cores stretches every figure.
        "machine": {
            "cpu": cpu_model(),
            "cores": os.cpu_count(),
            "load_1min_before": round(load_before, 2),
            "load_1min_after": round(os.getloadavg()[0], 2),
        },
        "graph": {"nodes": nodes, "edges": edges, "exposures": HUBS * LEAVES},
        "runs": RUNS,
        "fetch_ms_median": round(statistics.median(fetch)),
        "path_list_ms_median": round(statistics.median(listed)),
        "draw_ms_median": round(statistics.median(draw)),
        "render_ms_median": round(statistics.median(total)),
        "render_ms_max": round(max(total)),
        "select_edge_handler_ms_median": round(statistics.median(handler), 1),
        "select_edge_painted_ms_median": round(statistics.median(painted), 1),
        "select_edge_painted_ms_max": round(max(painted), 1),
    }
    RESULT.write_text(json.dumps(result, indent=2) + "\n")
    DOC.write_text(TABLE.sub(lambda m: m[1] + table(result) + m[2], DOC.read_text()))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
