"""A deterministic synthetic findings set for benchmarks, at any scale.

``generate(folder, entities=..., relationships=...)`` writes two findings JSON Lines files:
``entities-<E>.jsonl`` (sources, lists, entities) and ``relationships-<E>-<R>.jsonl``
(relationships, then listings of about 1% of the entities). Same arguments, same bytes
(seeded RNG). Degrees follow a power law: endpoints are drawn with weight ``1 / rank**0.8``
over a shuffled ranking, so a few hubs have thousands of links and most entities a handful.
Every relationship cites 1-3 sources drawn from a pool. Ownership and control stakes are
different: their assets are spread uniformly (an owner may hold many companies, a company
has few owners, as in registers); half the ownerships state a share, a fifth a range.

    python -m bench.synth --entities 1000000 --relationships 5000000 --out bench/work
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

KINDS = ("Person", "Organization", "Company", "PublicBody", "LegalEntity")
COUNTRIES = ("cn", "ru", "gb", "us", "de", "fr", "ir", "kp", "hk", "sg")
TAGS = ("university", "lab", "research-institute", "state-owned", "defence")
WORDS = (
    "Northern",
    "Institute",
    "Polytechnic",
    "Technology",
    "Group",
    "Holdings",
    "Aerospace",
    "Electronics",
    "Academy",
    "Research",
    "Industrial",
    "Trading",
    "Precision",
    "Systems",
)
# Relationship types with rough real-world frequencies.
REL_TYPES = {
    "ownership": 8,
    "directorship": 6,
    "employment": 10,
    "membership": 5,
    "partnership": 6,
    "funding": 4,
    "part_of": 5,
    "collaboration": 8,
    "education": 4,
    "family": 2,
    "associate": 3,
    "payment": 3,
    "control": 2,
    "unknown_link": 1,
}
LISTS = (
    ("syn-list-el", "Entity List", "US BIS", "us"),
    ("syn-list-uk", "UK sanctions list", "UK OFSI", "gb"),
    ("syn-list-eu", "EU consolidated list", "Council of the EU", None),
)


@dataclass(frozen=True)
class SynthFiles:
    entities_path: Path
    relationships_path: Path
    entities: int
    relationships: int
    listings: int
    sources: int


def _line(out: IO[str], record: dict[str, Any]) -> None:
    out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")


def _date(rng: random.Random) -> str:
    year = rng.randint(1995, 2024)
    shape = rng.random()
    if shape < 0.3:
        return str(year)
    if shape < 0.6:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _entity(rng: random.Random, i: int) -> dict[str, Any]:
    name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {i}"
    record: dict[str, Any] = {
        "record": "entity",
        "id": f"e{i}",
        "kind": rng.choice(KINDS),
        "name": name,
        "countries": [rng.choice(COUNTRIES)],
    }
    if rng.random() < 0.5:
        record["aliases"] = [f"{name} Ltd", f"E{i}"][: rng.randint(1, 2)]
    if rng.random() < 0.2:
        record["tags"] = [rng.choice(TAGS)]
    return record


def _citations(rng: random.Random, sources: int) -> list[dict[str, str]]:
    picked = rng.sample(range(sources), rng.randint(1, 3))
    return [
        {
            "source": f"s{s}",
            "quote": f"quote {rng.randint(1, 10**6)}",
            "locator": f"p. {rng.randint(1, 300)}",
        }
        for s in picked
    ]


#: Ownership and control stakes (docs/ownership.md).
STAKES = ("ownership", "control")


def _asset(owner: int, drawn: int, r: int, entities: int) -> int:
    """The asset of a stake, spread uniformly (a company register: an owner may hold many
    companies, a company has few owners). Derived from the drawn endpoint and the record's
    number, without consuming the RNG, so every other record stays as it was."""
    asset = (drawn * 2_654_435_761 + r) % entities
    return asset if asset != owner else (asset + 1) % entities


class _Endpoints:
    """Power-law endpoint sampler: weight 1/rank**0.8, ranks shuffled over the ids."""

    def __init__(self, rng: random.Random, n: int) -> None:
        self.rng = rng
        self.cumulative = list(itertools.accumulate(1 / (r + 1) ** 0.8 for r in range(n)))
        self.ids = list(range(n))
        rng.shuffle(self.ids)

    def draw(self) -> int:
        x = self.rng.random() * self.cumulative[-1]
        return self.ids[bisect.bisect_left(self.cumulative, x)]


def _sizes(entities: int) -> tuple[int, int]:
    """The source pool (1 per 200 entities, at least 50) and the listings (1%)."""
    return max(50, entities // 200), max(1, entities // 100)


def generate(
    folder: Path, *, entities: int = 200_000, relationships: int = 600_000, seed: int = 20250101
) -> SynthFiles:
    """Write the two files (reused if already there: generation is deterministic)."""
    sources, listings = _sizes(entities)
    ent_path = folder / f"entities-{entities}-{seed}.jsonl"
    rel_path = folder / f"relationships-{entities}-{relationships}-{seed}.jsonl"
    files = SynthFiles(ent_path, rel_path, entities, relationships, listings, sources)
    if not ent_path.exists():
        with _atomic(ent_path) as out:
            _write_entities(out, random.Random(seed), entities, sources)
    if not rel_path.exists():
        with _atomic(rel_path) as out:
            _write_relationships(out, random.Random(seed + 1), files)
    return files


def write(path: Path, *, entities: int, relationships: int, seed: int = 20250101) -> None:
    """The same records as ``generate`` in one file: nodes first, then edges."""
    sources, listings = _sizes(entities)
    files = SynthFiles(path, path, entities, relationships, listings, sources)
    with _atomic(path) as out:
        _write_entities(out, random.Random(seed), entities, sources)
        _write_relationships(out, random.Random(seed + 1), files)


@contextmanager
def _atomic(path: Path) -> Iterator[IO[str]]:
    """Write a side file, then rename: an interrupted run never leaves a truncated input."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with tmp.open("w", encoding="utf-8") as out:
        yield out
    tmp.rename(path)


def _write_entities(out: IO[str], rng: random.Random, entities: int, sources: int) -> None:
    for s in range(sources):
        _line(
            out,
            {
                "record": "source",
                "id": f"s{s}",
                "title": f"Report {s}",
                "kind": "report",
                "published": _date(rng),
                "url": f"https://example.org/reports/{s}",
            },
        )
    for list_id, name, authority, country in LISTS:
        _line(
            out,
            {
                "record": "list",
                "id": list_id,
                "name": name,
                "authority": authority,
                "country": country,
            },
        )
    for i in range(entities):
        _line(out, _entity(rng, i))


def _write_relationships(out: IO[str], rng: random.Random, files: SynthFiles) -> None:
    endpoints = _Endpoints(rng, files.entities)
    types, weights = list(REL_TYPES), list(REL_TYPES.values())
    for r in range(files.relationships):
        a = endpoints.draw()
        b = endpoints.draw()
        while b == a:
            b = rng.randrange(files.entities)
        record: dict[str, Any] = {
            "record": "relationship",
            "id": f"r{r}",
            "type": rng.choices(types, weights)[0],
            "from": f"e{a}",
            "to": f"e{b}",
            "citations": _citations(rng, files.sources),
        }
        if rng.random() < 0.5:
            record["start"] = _date(rng)
        if record["type"] in STAKES:
            record["to"] = f"e{_asset(a, b, r, files.entities)}"
        if record["type"] == "ownership" and rng.random() < 0.5:
            record["share"] = round(rng.uniform(1, 100), 1)
        elif record["type"] == "ownership" and r % 5 < 2:
            low = (r // 5) % 4 * 25  # a range as registers give them: 0-25, 25-50, ... %
            record |= {"share_min": low, "share_max": low + 25}
        _line(out, record)
    for i, e in enumerate(rng.sample(range(files.entities), files.listings)):
        list_id = LISTS[i % len(LISTS)][0]
        _line(
            out,
            {
                "record": "listing",
                "id": f"l{e}-{list_id}",
                "entity": f"e{e}",
                "list": list_id,
                "listed": _date(rng),
                "citations": _citations(rng, files.sources),
            },
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", type=int, default=200_000)
    parser.add_argument("--relationships", type=int, default=600_000)
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--out", type=Path, default=Path("bench/work"))
    args = parser.parse_args()
    files = generate(
        args.out, entities=args.entities, relationships=args.relationships, seed=args.seed
    )
    print(json.dumps({k: str(v) for k, v in files.__dict__.items()}))


if __name__ == "__main__":
    main()
