"""``make eval-matching``: the matcher over the labelled set; P/R/F1, PR curve, breakdowns.

Usage: ``python -m bench.matching.evaluate [--threshold T] [--split dev|heldout|all]
[--misses N]``. Writes ``bench/results/matching.json`` (all splits) and prints the table.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench.matching.labelled import LabelledPair, build
from bench.matching.metrics import RESULTS, Scored, report
from entanglements.core.matching import DEFAULT_THRESHOLD, Party, compare


def score_all(pairs: list[LabelledPair]) -> tuple[Scored, float]:
    started = time.perf_counter()
    out: Scored = []
    for pair in pairs:
        a = Party(kind=pair.kind_a, names=(pair.name_a,))
        b = Party(kind=pair.kind_b, names=(pair.name_b,))
        out.append((pair, compare(a, b).score))
    return out, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--split", choices=["dev", "heldout", "all"], default="all")
    parser.add_argument("--misses", type=int, default=0, help="print N worst dev errors")
    args = parser.parse_args()
    pairs = build()
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
        _misses(splits["dev"], args.threshold, args.misses)
    if args.split == "all":
        if RESULTS.exists():  # keep the reference figures `make eval-matching-baseline` wrote
            previous = json.loads(RESULTS.read_text())
            if "baseline" in previous:
                result["baseline"] = previous["baseline"]
        RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {RESULTS.relative_to(Path.cwd())} ({result['pairs_per_second']} pairs/s)")


def _print(name: str, rep: dict[str, object]) -> None:
    print(f"== {name}")
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
    errors = [(p, s) for p, s in scored if (s >= threshold) != p.same and p.category == "variant"]
    errors.sort(key=lambda ps: (-abs(ps[1] - threshold), ps[0].pid))
    errors = errors[:: max(1, len(errors) // n)]
    for pair, score in errors[:n]:
        tag = "FN" if pair.same else "FP"
        print(
            f"{tag} {score:.2f} [{pair.kind_a}/{pair.kind_b} {pair.category}] "
            f"{pair.name_a!r} ~ {pair.name_b!r}"
        )


if __name__ == "__main__":
    main()
