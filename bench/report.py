"""The results JSON of issue 7 and the table of figures beside their targets.

``docs/performance.md`` is written by hand except between the ``bench:<scale>`` markers,
where each run replaces its own table, so prose and figures cannot drift apart.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import REPO_ROOT
from bench.rounds import spread

RESULTS = REPO_ROOT / "bench" / "results"
DOC = REPO_ROOT / "docs" / "performance.md"


@dataclass(frozen=True)
class Target:
    label: str
    get: Callable[[dict[str, Any]], float | None]
    op: str  # "<=" or ">=", or "" for a reference figure without a target
    bound: float | None
    unit: str
    #: Where a figure measured outside the per-run rounds keeps every run's value (the
    #: spread is read there instead of from ``runs``).
    each: Callable[[dict[str, Any]], list[float] | None] | None = None


def _at(*keys: str) -> Callable[[dict[str, Any]], float | None]:
    def get(result: dict[str, Any]) -> float | None:
        value: Any = result
        for key in keys:
            if not isinstance(value, dict) or key not in value:
                return None
            value = value[key]
        return value if isinstance(value, int | float) else None

    return get


def _each(*keys: str) -> Callable[[dict[str, Any]], list[float] | None]:
    def get(result: dict[str, Any]) -> list[float] | None:
        value: Any = result
        for key in keys:
            if not isinstance(value, dict) or key not in value:
                return None
            value = value[key]
        return value if isinstance(value, list) else None

    return get


def _bulk(label: str, key: str, op: str, bound: float | None, unit: str) -> Target:
    """A figure of ``entangle db import`` (``--load import``), each run kept beside it."""
    return Target(
        f"db import {label}", _at("bulk_import", key), op, bound, unit,
        _each("bulk_import", f"{key}_runs"),
    )  # fmt: skip


TARGETS: list[Target] = [
    _bulk("relationships/s (end to end)", "relationships_per_s", ">=", 50_000, "/s"),
    _bulk("entities/s (end to end)", "entities_per_s", "", None, "/s"),
    _bulk("seconds (both files, end to end)", "seconds", "", None, " s"),
    # issue 27's targets for the transactional ingest on a fresh server (`--load ingest`)
    Target("ingest entities/s", _at("ingest", "entities_per_s"), ">=", 7_000, "/s"),
    Target("ingest relationships/s", _at("ingest", "relationships_per_s"), ">=", 10_000, "/s"),
    Target("ingest seconds (both files)", _at("ingest", "seconds"), "", None, " s"),
    Target(
        "admin import seconds, same records (reference)",
        _at("ingest", "admin_import_seconds"),
        "",
        None,
        " s",
    ),
    Target("ingest_vs_admin_import", _at("ingest", "ingest_vs_admin_import"), "", None, "x"),
]
for _hops in ("2", "3", "4", "6"):
    for _path in ("cypher", "graphql"):
        for _q in ("p50", "p95", "p99"):
            bound: float | None = None
            # issue 27's targets (round 3's were 30 / 100 / 1,000 ms)
            if _hops == "3" and _q == "p50":
                bound = 15
            elif _hops == "3" and _q == "p95":
                bound = 60
            elif _hops == "6" and _q == "p95":
                bound = 500
            TARGETS.append(
                Target(
                    f"exposure maxHops {_hops} {_path} {_q}",
                    _at("exposure", _hops, _path, f"{_q}_ms"),
                    "<=" if bound else "",
                    bound,
                    " ms",
                )
            )
for _rule in ("ofac-50", "uk-ownership"):
    TARGETS += [
        Target(
            f"ownership verdict {_rule} p95",
            _at("ownership", _rule, "verdict", "p95_ms"),
            "<=",
            50,
            " ms",
        ),
        Target(
            f"ownership derivation {_rule}",
            _at("ownership", _rule, "derive_seconds"),
            "<=",
            60,
            " s",
        ),
    ]
for _hops in ("3", "6"):  # issue 27: the pruned search's work against the reference's
    for _kind in ("pruned", "reference"):
        TARGETS.append(
            Target(
                f"exposure maxHops {_hops} db hits per report, {_kind} search (median)",
                _at("exposure_db_hits", _hops, _kind, "median"),
                "",
                None,
                "",
            )
        )
    TARGETS.append(
        Target(
            f"exposure maxHops {_hops} db hits, reference / pruned (all starts)",
            _at("exposure_db_hits", _hops, "ratio_of_totals"),
            "",
            None,
            "x",
        )
    )
TARGETS += [
    Target("maxHops 6 timeouts", _at("timeouts_by_hops", "6"), "<=", 0, ""),
    Target("timeouts (all maxHops, both paths)", _at("timeouts"), "", None, ""),
    Target("graphql_overhead (reports ≤ 2,000 fields)", _at("graphql_overhead"), "<=", 1.2, "x"),
    Target("small query requests/s (16 clients)", _at("throughput", "small_rps"), ">=", 600, "/s"),
    Target("exposure maxHops 3 requests/s", _at("throughput", "exposure3_rps"), "", None, "/s"),
    Target("screen p50", _at("screening", "screen", "p50_ms"), "", None, " ms"),
    Target("screen p95", _at("screening", "screen", "p95_ms"), "<=", 50, " ms"),
    Target(
        "entangle screen names/s (steady)",
        _at("screening", "cli", "steady_names_per_s"),
        ">=",
        200,
        "/s",
    ),
    Target(
        "entangle screen names/s (whole run, start-up included)",
        _at("screening", "cli", "names_per_s"),
        "",
        None,
        "/s",
    ),
    Target(
        "watch check of 1,000 entities after an ingest",
        _at("watch", "check_after_ingest_s"),
        "<=",
        60,
        " s",
    ),
]


def verdict(target: Target, value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not measured"
    if target.bound is None:
        return "reference"
    ok = value <= target.bound if target.op == "<=" else value >= target.bound
    return "met" if ok else "**missed**"


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"
    return f"{text}{unit}"


def table(result: dict[str, Any]) -> str:
    m = result.get("machine", {})
    runs = result.get("runs") or [result]
    lines = [
        f"Scale `{result['scale']}`: {result['entities']:,} entities, "
        f"{result['relationships']:,} relationships; measured {result.get('measured_at', '?')}.",
        "",
        f"Machine: {m.get('cores')} cores ({m.get('cpu')}), {m.get('memory_gb')} GB; "
        f"Neo4j heap {m.get('neo4j_heap')}, page cache {m.get('neo4j_pagecache')}; "
        f"load average before the run {m.get('load_avg_before')}; "
        f"other Neo4j servers running: {len(m.get('other_neo4j_servers') or [])}.",
        "",
        f"Each figure is the median of {len(runs)} runs; the spread is the lowest and the "
        "highest run." + _loads_note(result, len(runs)),
        "",
        "| figure | median | spread | target | |",
        "|---|---:|---:|---:|---|",
    ]
    for t in TARGETS:
        value = t.get(result)
        bound = f"{t.op} {_fmt(t.bound, t.unit)}" if t.bound is not None else ""
        lines.append(
            f"| {t.label} | {_fmt(value, t.unit)} | {_spread(t, result, runs)} | {bound} "
            f"| {verdict(t, value)} |"
        )
    return "\n".join(lines)


def _spread(target: Target, result: dict[str, Any], runs: list[dict[str, Any]]) -> str:
    values = target.each(result) if target.each else None
    if values is None:
        return spread(runs, target.get)
    return spread([{"v": v} for v in values], lambda r: r["v"])


def _loads_note(result: dict[str, Any], runs: int) -> str:
    loads = result.get("ingest_runs")
    if not loads or loads == runs:
        return ""
    how = "`entangle db import`" if result.get("load") == "import" else "the ingest"
    return f" The load figures come from {loads} load(s) of the graph by {how} (`--ingest-runs`)."


def write_json(result: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{result['scale']}.json"
    path.write_text(json.dumps(result, indent=2, sort_keys=False) + "\n")
    return path


def write_doc(result: dict[str, Any], doc: Path = DOC) -> Path:
    """Replace this scale's table in the doc (appending the section the first time)."""
    scale = result["scale"]
    begin, end = f"<!-- bench:{scale}:begin -->", f"<!-- bench:{scale}:end -->"
    block = f"{begin}\n{table(result)}\n{end}"
    text = doc.read_text() if doc.exists() else "# Performance\n"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip("\n") + f"\n\n## Figures: `{scale}`\n\n{block}\n"
    doc.write_text(text)
    return doc
