"""Exposure latency: the API's own function through the driver, and the GraphQL request
over HTTP to a running uvicorn, for the same start entities and ``maxHops``.

Each start is measured on both paths back to back, so both see the same cache state.
A request that exceeds the time budget is a *timeout*: it is counted, and its elapsed time
(about the budget) stays in the percentiles, so slowness is never hidden by dropping it.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.httpclient import GraphQLConnection, HttpError
from bench.stats import summary_ms
from entanglements.core.db.database import Database
from entanglements.core.errors import QueryTimeoutError
from entanglements.core.reads.exposure import sanctions_exposure

#: Paths per exposure and exposures per report: the API's default page.
FIRST = 50
#: Reports larger than this are outside the graphql_overhead target of issue 7.
FIELDS_TARGET = 2_000
#: After this many timeouts in one (maxHops, path) cell its p95 is already lost; the rest
#: of the cell is skipped so one pathological level cannot hold the run for hours.
MAX_TIMEOUTS_PER_CELL = 10

EXPOSURE_QUERY = """
query Exposure($id: ID!, $hops: Int!, $first: Int!) {
  sanctionsExposure(entityId: $id, maxHops: $hops, first: $first) {
    totalCount
    entity { id name kind }
    exposures {
      distance
      listedBeforeLink
      entity { id name kind countries }
      listings { id program listedDate delistedDate list { id name } }
      paths {
        length
        nodes { id name kind }
        relationships {
          id type startDate endDate from { id } to { id }
          citations { quote locator source { id } }
        }
      }
    }
  }
}
"""


@dataclass
class Sample:
    seconds: float
    timeout: bool = False
    error: str | None = None
    fields: int = 0
    exposures: int = 0


@dataclass
class Cell:
    samples: list[Sample] = field(default_factory=list)
    skipped: int = 0
    over_time: int = 0

    @property
    def timeouts(self) -> int:
        return sum(s.timeout for s in self.samples)

    @property
    def errors(self) -> int:
        return sum(s.error is not None and not s.timeout for s in self.samples)

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = summary_ms([s.seconds for s in self.samples])
        out |= {"n": len(self.samples), "timeouts": self.timeouts, "errors": self.errors}
        if self.skipped:
            out["skipped_after_timeouts"] = self.skipped
        if self.over_time:
            out["skipped_over_time_limit"] = self.over_time
        errors = [s.error for s in self.samples if s.error is not None and not s.timeout]
        if errors:
            out["first_error"] = errors[0]
        return out


def count_fields(value: Any) -> int:
    """Leaf values in a GraphQL ``data`` tree: what "a report of N fields" means."""
    if isinstance(value, dict):
        return sum(count_fields(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_fields(v) for v in value)
    return 1


async def cypher_sample(db: Database, entity_id: str, hops: int, budget_s: float) -> Sample:
    began = time.perf_counter()
    try:
        result = await asyncio.wait_for(
            sanctions_exposure(db, entity_id, max_hops=hops, first=FIRST), budget_s + 5
        )
    except (QueryTimeoutError, TimeoutError):
        return Sample(time.perf_counter() - began, timeout=True, error="timeout")
    except Exception as exc:
        return Sample(time.perf_counter() - began, error=f"{type(exc).__name__}: {exc}"[:200])
    return Sample(time.perf_counter() - began, exposures=len(result.exposures))


async def graphql_sample(
    conn: GraphQLConnection, entity_id: str, hops: int, budget_s: float
) -> Sample:
    began = time.perf_counter()
    variables = {"id": entity_id, "hops": hops, "first": FIRST}
    try:
        status, body = await asyncio.wait_for(conn.post(EXPOSURE_QUERY, variables), budget_s + 5)
    except TimeoutError:
        await conn.close()  # the answer may still arrive; never read it as the next one's
        return Sample(time.perf_counter() - began, timeout=True, error="timeout")
    except (HttpError, OSError) as exc:
        await conn.close()
        return Sample(time.perf_counter() - began, error=f"{type(exc).__name__}: {exc}"[:200])
    seconds = time.perf_counter() - began
    payload = json.loads(body)
    errors = payload.get("errors") or []
    if errors:
        codes = {(e.get("extensions") or {}).get("code") for e in errors}
        timeout = "TIMEOUT" in codes or status == 504
        return Sample(seconds, timeout=timeout, error=str(errors[0].get("message"))[:200])
    report = (payload.get("data") or {}).get("sanctionsExposure") or {}
    return Sample(
        seconds, fields=count_fields(report), exposures=len(report.get("exposures") or [])
    )


@dataclass
class HopResult:
    hops: int
    cypher: Cell = field(default_factory=Cell)
    graphql: Cell = field(default_factory=Cell)

    def paired_p50_ratio(self, max_fields: int | None = None) -> float | None:
        """GraphQL p50 / Cypher p50 over the starts both answered (optionally only those
        whose report had at most ``max_fields`` fields)."""
        limit = max_fields if max_fields is not None else float("inf")
        return _ratio(_pairs([self], limit))

    def as_json(self) -> dict[str, Any]:
        fields = sorted(s.fields for s in self.graphql.samples if s.error is None)
        exposures = [s.exposures for s in self.cypher.samples if s.error is None]
        return {
            "cypher": self.cypher.summary(),
            "graphql": self.graphql.summary(),
            "graphql_overhead": _round(self.paired_p50_ratio()),
            "report_fields": {
                "p50": fields[len(fields) // 2] if fields else None,
                "max": fields[-1] if fields else None,
                "over_2000": sum(f > FIELDS_TARGET for f in fields),
            },
            "mean_exposures": round(sum(exposures) / len(exposures), 2) if exposures else None,
        }


def _ratio(pairs: Sequence[tuple[float, float]]) -> float | None:
    if not pairs:
        return None
    g = sorted(p[0] for p in pairs)
    c = sorted(p[1] for p in pairs)
    return g[len(g) // 2] / c[len(c) // 2]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


async def measure(
    db: Database,
    conn: GraphQLConnection,
    starts: Sequence[str],
    hops: int,
    budget_s: float,
    level_limit_s: float = float("inf"),
    progress: Any = None,
) -> HopResult:
    """Both paths for every start at one ``maxHops``, interleaved. After ``level_limit_s``
    the remaining starts are skipped (and counted): the starts are a random sample, so the
    ones measured are still one, only smaller."""
    result = HopResult(hops)
    began = time.perf_counter()
    for i, entity_id in enumerate(starts):
        if time.perf_counter() - began > level_limit_s:
            result.cypher.over_time = result.graphql.over_time = len(starts) - i
            break
        if result.cypher.timeouts < MAX_TIMEOUTS_PER_CELL:
            result.cypher.samples.append(await cypher_sample(db, entity_id, hops, budget_s))
        else:
            result.cypher.skipped += 1
        if result.graphql.timeouts < MAX_TIMEOUTS_PER_CELL:
            result.graphql.samples.append(await graphql_sample(conn, entity_id, hops, budget_s))
        else:
            result.graphql.skipped += 1
        if progress is not None and (i + 1) % 50 == 0:
            progress(f"  maxHops {hops}: {i + 1}/{len(starts)}")
    return result


def overhead(results: Sequence[HopResult]) -> float | None:
    """graphql_overhead of issue 7: GraphQL p50 / Cypher p50 over every maxHops, for the
    reports of at most 2,000 fields (the target's scope), paired by start."""
    return _round(_ratio(_pairs(results, FIELDS_TARGET)))


def _pairs(results: Sequence[HopResult], max_fields: float) -> list[tuple[float, float]]:
    """(GraphQL, Cypher) seconds of each start both paths answered. Cells only ever skip
    their tail, so the samples of both stay aligned by index."""
    return [
        (g.seconds, c.seconds)
        for r in results
        for c, g in zip(r.cypher.samples, r.graphql.samples, strict=False)
        if c.error is None and g.error is None and g.fields <= max_fields
    ]
