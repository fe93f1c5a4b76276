"""Why the alias set's positives are missed: ``python -m bench.matching.misses [--split S]``.

Each missed positive of the ``names`` suite (an alias against its party's primary name,
scored below the threshold) is put in the first class that holds, decided without the
matcher:

* ``unrelated``: the names share no recognisable word after transliteration (a nom de
  guerre, an acronym, a translation): no name matcher can link them;
* ``one word``: they share one word and the longer name has three or more telling words
  (``Rashid`` / ``Rashed ibn Abd al-Latif Al-Sheikh Mubarak``): linking them on names alone
  would link every namesake; a reviewer needs other facts;
* ``reachable``: the rest, which a better name matcher could catch.

Reads the pairs ``make eval-matching`` wrote; prints the counts and a sample of each class.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter

from bench.matching.evaluate import score_all
from bench.matching.labelled import _telling, category, load
from entanglements.core.matching import DEFAULT_THRESHOLD


def shared_words(a: str, b: str) -> int:
    return sum(1 for x in _telling(a) if any(category(x, y) == "variant" for y in _telling(b)))


def why(name_a: str, name_b: str) -> str:
    if category(name_a, name_b) == "unrelated":
        return "unrelated"
    longest = max(len(_telling(name_a)), len(_telling(name_b)))
    if shared_words(name_a, name_b) <= 1 and longest >= 3:
        return "one word"
    return "reachable"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=["dev", "heldout"], default="heldout")
    parser.add_argument("--sample", type=int, default=15)
    args = parser.parse_args()
    pairs = [p for p in load() if p.suite == "names" and p.split == args.split and p.same]
    scored, _ = score_all(pairs)
    missed = [(p, s) for p, s in scored if s < DEFAULT_THRESHOLD]
    classes = {p.pid: why(p.name_a, p.name_b) for p, _ in missed}
    counts = Counter(classes.values())
    print(f"{args.split}: {len(pairs)} positives, {len(missed)} missed at {DEFAULT_THRESHOLD}")
    for name, n in counts.most_common():
        print(f"  {name:<10} {n:>5}  ({n / len(pairs):.1%} of the positives)")
    rng = random.Random(26)
    for name in counts:
        print(f"-- {name}")
        members = [(p, s) for p, s in missed if classes[p.pid] == name]
        for pair, score in rng.sample(members, min(args.sample, len(members))):
            print(f"  {score:.2f} [{pair.kind_b}] {pair.name_a!r} ~ {pair.name_b!r}")


if __name__ == "__main__":
    main()
