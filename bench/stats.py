"""Percentiles and timing summaries, computed the same way for every figure."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100): always a latency that was observed."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99 (and the rest of the distribution) in milliseconds, rounded to 0.01."""
    ms = [s * 1000 for s in seconds]
    out = {f"p{q}_ms": percentile(ms, q) for q in (50, 95, 99)}
    out |= {"mean_ms": sum(ms) / len(ms) if ms else math.nan, "max_ms": max(ms, default=math.nan)}
    return {k: round(v, 2) for k, v in out.items()}
