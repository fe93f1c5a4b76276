"""``make eval-matching``: the matcher over the labelled set; P/R/F1, PR curve, breakdowns.

Usage: ``python -m bench.matching.evaluate [--threshold T] [--split dev|heldout|all]
[--misses N]``. Writes ``bench/results/matching.json`` (all splits) and prints the table.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench.matching.labelled import LabelledPair, build, save
from bench.matching.metrics import RESULTS, SUITES, Scored, report
from bench.matching.sources import Facts
from entanglements.core.dates import PartialDate
from entanglements.core.matching import DEFAULT_THRESHOLD, Party, compare


def party(kind: str, name: str, facts: Facts) -> Party:
    return Party(
        kind=kind,
        names=(name,),
        birth_dates=tuple(PartialDate.parse(d) for d in facts.birth_dates),
        countries=facts.countries,
        identifiers=facts.identifiers,
    )


def score_all(pairs: list[LabelledPair]) -> tuple[Scored, float]:
    started = time.perf_counter()
    out: Scored = []
    for pair in pairs:
        a = party(pair.kind_a, pair.name_a, pair.facts_a)
        b = party(pair.kind_b, pair.name_b, pair.facts_b)
        out.append((pair, compare(a, b).score))
    return out, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--split", choices=["dev", "heldout", "all"], default="all")
    parser.add_argument("--misses", type=int, default=0, help="print N worst dev errors")
    parser.add_argument("--suite", default=None, help="only this suite's errors (--misses)")
    args = parser.parse_args()
    pairs = build()
    save(pairs)  # the baseline's venv reads the same pairs (it has no ICU nor iuliia)
    scored, seconds = score_all(pairs)
    splits = {s: [(p, v) for p, v in scored if p.split == s] for s in ("dev", "heldout")}
    result = {
        "threshold": args.threshold,
        "pairs_per_second": round(len(pairs) / seconds),
        "dev": report(splits["dev"], args.threshold),
        "heldout": report(splits["heldout"], args.threshold),
    }
    for name in ("dev", "heldout"):
        if args.split in (name, "all"):
            _print(name, result[name])  # type: ignore[arg-type]
    if args.misses:
        dev = [(p, v) for p, v in splits["dev"] if args.suite in (None, p.suite)]
        _misses(dev, args.threshold, args.misses)
    if args.split == "all":
        if RESULTS.exists():  # keep the reference figures `make eval-matching-baseline` wrote
            previous = json.loads(RESULTS.read_text())
            if "baseline" in previous:
                result["baseline"] = previous["baseline"]
        RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {RESULTS.relative_to(Path.cwd())} ({result['pairs_per_second']} pairs/s)")


def _print(name: str, rep: dict[str, object]) -> None:
    print(f"== {name}")
    for suite in SUITES:
        m = rep["suites"][suite]  # type: ignore[index]
        print(
            f"  suite {suite:<11} n={m['pairs']:<6} P={m['precision']:.3f} "
            f"R={m['recall']:.3f} F1={m['f1']:.3f}"
        )
    for label in ("all", "name_variants"):
        m = rep[label]
        print(f"{label:>14}: {m}")
    print("     threshold  precision  recall  f1")
    for row in rep["curve"]:  # type: ignore[attr-defined]
        print(
            f"     {row['threshold']:9.2f}  {row['precision']:9.3f}  {row['recall']:6.3f}  "
            f"{row['f1']:.3f}"
        )
    for key in ("by_kind", "by_scripts", "by_source"):
        for k, m in rep[key].items():  # type: ignore[attr-defined]
            print(
                f"  {key[3:]:>7} {k:<22} n={m['pairs']:<6} P={m['precision']:.3f} "
                f"R={m['recall']:.3f} F1={m['f1']:.3f}"
            )


def _misses(scored: Scored, threshold: float, n: int) -> None:
    errors = [
        (p, s)
        for p, s in scored
        if (s >= threshold) != p.same and (p.category == "variant" or p.suite != "names")
    ]
    errors.sort(key=lambda ps: (-abs(ps[1] - threshold), ps[0].pid))
    errors = errors[:: max(1, len(errors) // n)]
    for pair, score in errors[:n]:
        tag = "FN" if pair.same else "FP"
        print(
            f"{tag} {score:.2f} [{pair.suite} {pair.kind_a}/{pair.kind_b} {pair.category}] "
            f"{pair.name_a!r} ~ {pair.name_b!r}"
        )


if __name__ == "__main__":
    main()
