"""The reference: nomenklatura's logic-v2 (yente's default) over the same labelled pairs.

Not a dependency of the product. Run it from a separate environment that has
nomenklatura installed (``make eval-matching-baseline`` sets one up under bench/work):
``PYTHONPATH=. python -m bench.matching.baseline`` adds ``baseline`` figures to
``bench/results/matching.json``. It scores the pairs ``make eval-matching`` wrote to
``bench/work/matching-pairs.jsonl`` (building them needs ICU and iuliia, which that
environment lacks), facts included: birth dates, countries, identifiers.
"""

from __future__ import annotations

import json
from typing import Any

from bench.matching.labelled import PAIRS, load
from bench.matching.metrics import RESULTS, SUITES, report
from bench.matching.sources import Facts


def main() -> None:
    from followthemoney import model
    from nomenklatura.matching import LogicV2
    from nomenklatura.matching.types import ScoringConfig

    config = ScoringConfig.defaults()
    if not PAIRS.exists():
        raise SystemExit(f"{PAIRS} is missing: run `make eval-matching` first")
    pairs = load()

    def proxy(kind: str, name: str, key: str, facts: Facts) -> Any:
        entity = model.make_entity(kind)
        entity.id = key
        entity.add("name", name)
        for prop, values in (
            ("birthDate", facts.birth_dates),
            ("country", facts.countries),
            ("imoNumber" if kind == "Vessel" else "idNumber", facts.identifiers),
        ):
            if entity.schema.get(prop) is not None:
                entity.add(prop, list(values))
        return entity

    scored = []
    for n, pair in enumerate(pairs):
        # unique ids: nomenklatura caches name analysis by entity id
        a = proxy(pair.kind_a, pair.name_a, f"q{n}", pair.facts_a)
        b = proxy(pair.kind_b, pair.name_b, f"c{n}", pair.facts_b)
        if not a.schema.can_match(b.schema):
            scored.append((pair, 0.0))  # yente never compares these kinds
            continue
        scored.append((pair, LogicV2.compare(a, b, config).score))
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    threshold = float(data.get("threshold", 0.7))
    data["baseline"] = {
        "algorithm": "nomenklatura logic-v2",
        "dev": report([(p, s) for p, s in scored if p.split == "dev"], threshold),
        "heldout": report([(p, s) for p, s in scored if p.split == "heldout"], threshold),
    }
    RESULTS.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    for split in ("dev", "heldout"):
        for suite in SUITES:
            print(f"logic-v2 {split} {suite}: {data['baseline'][split]['suites'][suite]}")
        print(f"logic-v2 {split}: all {data['baseline'][split]['all']}")
        print(f"logic-v2 {split}: variants {data['baseline'][split]['name_variants']}")


if __name__ == "__main__":
    main()
