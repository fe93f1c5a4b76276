"""Several runs of one benchmark as one result: every numeric figure is the median of the
runs, and each run is kept whole beside it (``runs``) so the spread of any figure can be
read from the same key path (issue 18: the median of three runs, with the spread)."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from typing import Any


def median_tree(runs: Sequence[Any]) -> Any:
    """The runs' common shape with every number replaced by its median over the runs;
    anything else (text, lists) is the first run's. A key missing from some runs takes
    the median of the runs that have it."""
    first = runs[0]
    if isinstance(first, dict):
        keys = list(dict.fromkeys(k for r in runs if isinstance(r, dict) for k in r))
        return {
            k: median_tree([r[k] for r in runs if isinstance(r, dict) and k in r]) for k in keys
        }
    numbers = [r for r in runs if isinstance(r, int | float) and not isinstance(r, bool)]
    if numbers and len(numbers) == len(runs):
        value = statistics.median(numbers)
        return round(value, 4) if isinstance(value, float) else value
    return first


def spread(runs: Sequence[dict[str, Any]], get: Callable[[dict[str, Any]], float | None]) -> str:
    """``min - max`` of one figure over the runs, or "" for a single run or none measured."""
    values = [v for v in (get(r) for r in runs) if v is not None]
    if len(values) < 2:
        return ""
    return f"{_fmt(min(values))} - {_fmt(max(values))}"


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"
