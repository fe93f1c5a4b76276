"""Precision, recall, F1 and the precision-recall curve of scored labelled pairs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from bench.matching.labelled import LabelledPair

RESULTS = Path(__file__).resolve().parents[1] / "results" / "matching.json"
CURVE = [round(0.05 * n, 2) for n in range(2, 20)]

Scored = list[tuple[LabelledPair, float]]


def metrics(scored: Iterable[tuple[LabelledPair, float]], threshold: float) -> dict[str, float]:
    tp = fp = fn = tn = 0
    for pair, score in scored:
        hit = score >= threshold
        tp += hit and pair.same
        fp += hit and not pair.same
        fn += (not hit) and pair.same
        tn += (not hit) and not pair.same
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "pairs": tp + fp + fn + tn,
        "positives": tp + fn,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


def breakdown(scored: Scored, threshold: float, key: str) -> dict[str, dict[str, float]]:
    groups: dict[str, Scored] = defaultdict(list)
    for pair, score in scored:
        groups[str(getattr(pair, key))].append((pair, score))
    return {k: metrics(v, threshold) for k, v in sorted(groups.items()) if len(v) >= 20}


SUITES = ("names", "russian", "scripts", "entity", "qualifiers")


def report(scored: Scored, threshold: float) -> dict[str, object]:
    """The alias set (``names``) as before, and P/R/F1 of every suite of issue 26."""
    suites = {
        suite: metrics([(p, s) for p, s in scored if p.suite == suite], threshold)
        for suite in SUITES
    }
    by_suite_scripts = {
        suite: breakdown([(p, s) for p, s in scored if p.suite == suite], threshold, "scripts")
        for suite in ("russian", "scripts")
    }
    scored = [(p, s) for p, s in scored if p.suite == "names"]
    variants = [(p, s) for p, s in scored if p.category == "variant"]
    return {
        "suites": suites,
        "suite_scripts": by_suite_scripts,
        "all": metrics(scored, threshold),
        "name_variants": metrics(variants, threshold),
        "curve": [{"threshold": t, **metrics(scored, t)} for t in CURVE],
        "by_kind": breakdown(scored, threshold, "kind_b"),
        "by_scripts": breakdown(scored, threshold, "scripts"),
        "by_source": breakdown(scored, threshold, "source"),
    }
