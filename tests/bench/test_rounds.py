"""The benchmark's combination of runs: medians per figure, the spread beside them."""

from __future__ import annotations

from bench.report import TARGETS, table
from bench.rounds import median_tree, spread


def test_every_number_is_the_median_of_the_runs() -> None:
    runs = [
        {"ingest": {"entities_per_s": 10, "note": "a"}, "exposure": {"3": {"p50_ms": 30.0}}},
        {"ingest": {"entities_per_s": 30, "note": "b"}, "exposure": {"3": {"p50_ms": 10.0}}},
        {"ingest": {"entities_per_s": 20, "note": "c"}, "exposure": {"3": {"p50_ms": 50.0}}},
    ]
    assert median_tree(runs) == {
        "ingest": {"entities_per_s": 20, "note": "a"},
        "exposure": {"3": {"p50_ms": 30.0}},
    }


def test_a_figure_missing_from_a_run_is_the_median_of_the_others() -> None:
    runs = [{"a": 1.0}, {"a": 3.0, "b": 5}, {"b": 7}]
    assert median_tree(runs) == {"a": 2.0, "b": 6}


def test_booleans_and_lists_are_not_averaged() -> None:
    runs = [{"ok": True, "xs": [1, 2]}, {"ok": False, "xs": [3]}]
    assert median_tree(runs) == {"ok": True, "xs": [1, 2]}


def test_spread_is_lowest_and_highest_run() -> None:
    runs = [{"x": 30.0}, {"x": 10.5}, {"x": 1_234.0}]
    assert spread(runs, lambda r: r.get("x")) == "10.50 - 1,234"
    assert spread(runs[:1], lambda r: r.get("x")) == ""


def test_the_table_shows_median_spread_and_verdict() -> None:
    runs = [{"ingest": {"entities_per_s": v}} for v in (6_000, 8_000, 9_000)]
    result = {"scale": "tiny", "entities": 1, "relationships": 1, "runs": runs}
    result |= median_tree(runs)
    # the import's figures sit outside the rounds: their spread is read from *_runs
    result["bulk_import"] = {
        "relationships_per_s": 40_000,
        "relationships_per_s_runs": [30_000, 40_000, 60_000],
    }
    lines = table(result).splitlines()
    row = next(line for line in lines if "ingest entities/s" in line)
    assert row == "| ingest entities/s | 8,000/s | 6,000 - 9,000 | >= 7,000/s | met |"
    row = next(line for line in lines if "db import relationships/s" in line)
    assert row == (
        "| db import relationships/s (end to end) | 40,000/s | 30,000 - 60,000 "
        "| >= 50,000/s | **missed** |"
    )
    assert {t.label for t in TARGETS} >= {"screen p95", "small query requests/s (16 clients)"}
