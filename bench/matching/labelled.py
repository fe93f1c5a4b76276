"""Build the labelled pairs: a listed name against its own aliases (positive) and against
the names of other listed parties that share words with it (hard negative).

Deterministic: the same data gives the same pairs and the same split. A fixed 30 % of the
parties (by a hash of source and id) is held out; tuning looks only at the rest.

Each pair also gets a *category*, decided without the matcher: ``variant`` when the two
names visibly share a word after transliteration (same or similar spelling, same
consonants), ``unrelated`` when they share none (a nom de guerre, an acronym, a
translation into another language). No name matcher can find an unrelated alias; both
figures are reported.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rigour._core import raw_jaro_winkler
from rigour.names import is_stopword, remove_org_types
from rigour.text.scripts import text_scripts
from rigour.text.translit import ascii_text

from bench.matching.sources import Facts, Group, all_groups

HELD_OUT_PERCENT = 30
MAX_POSITIVES_PER_PARTY = 6
NEGATIVES_PER_PARTY = 2
_WORD = re.compile(r"[a-z0-9]+")
_VOWELS = str.maketrans("", "", "aeiouy")


@dataclass(frozen=True)
class LabelledPair:
    pid: str
    split: str  # dev | heldout
    source: str
    kind_a: str
    kind_b: str
    name_a: str
    name_b: str
    same: bool
    category: str  # variant | unrelated
    scripts: str  # e.g. "Latin" or "Arabic/Latin"
    suite: str = "names"  # or a suite of bench/matching/suites.py
    facts_a: Facts = field(default_factory=Facts)
    facts_b: Facts = field(default_factory=Facts)


def split_of(source: str, gid: str) -> str:
    digest = hashlib.sha256(f"{source}:{gid}".encode()).digest()
    return "heldout" if digest[0] * 100 // 256 < HELD_OUT_PERCENT else "dev"


def words(name: str) -> list[str]:
    return _WORD.findall(ascii_text(name).lower())


def _telling(name: str) -> list[str]:
    """Words that can carry identity: no legal forms, no stop words, three letters or more."""
    text = remove_org_types(ascii_text(name).lower(), replacement=" ")
    return [w for w in _WORD.findall(text) if len(w) >= 3 and not is_stopword(w)]


def _skeleton(word: str) -> str:
    out = ""
    for ch in word.translate(_VOWELS):
        if not out or out[-1] != ch:
            out += ch
    return out


def category(a: str, b: str) -> str:
    for x in _telling(a):
        for y in _telling(b):
            if raw_jaro_winkler(x, y) >= 0.8 or (len(x) > 2 and _skeleton(x) == _skeleton(y)):
                return "variant"
    return "unrelated"


def scripts(a: str, b: str) -> str:
    found = (text_scripts(a) | text_scripts(b)) - {"Common", "Inherited"}
    return "/".join(sorted(found)) or "Common"


def query_kind(kind: str) -> str:
    """The query side names a person a Person; anything else as a screener would: LegalEntity."""
    return kind if kind in ("Person", "Vessel", "Airplane") else "LegalEntity"


def _same_words(a: str, b: str) -> bool:
    return sorted(words(a)) == sorted(words(b))


def positives(group: Group) -> Iterator[LabelledPair]:
    primary = group.names[0]
    seen = {primary.casefold()}
    count = 0
    for alias in group.names[1:]:
        if (
            alias.casefold() in seen
            or _same_words(alias, primary)
            or count >= MAX_POSITIVES_PER_PARTY
        ):
            continue
        seen.add(alias.casefold())
        count += 1
        yield LabelledPair(
            pid=f"{group.source}:{group.gid}:p{count}",
            split=split_of(group.source, group.gid),
            source=group.source,
            kind_a=query_kind(group.kind),
            kind_b=group.kind,
            name_a=alias,
            name_b=primary,
            same=True,
            category=category(alias, primary),
            scripts=scripts(alias, primary),
        )


def neighbours(kinds: list[str], tokens: list[set[str]], ties: list[str]) -> list[list[int]]:
    """For each item, the others of the same kind sharing the rarest words, nearest first
    (ties by ``ties``)."""
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    frequency: dict[str, int] = defaultdict(int)
    for toks in tokens:
        for t in toks:
            frequency[t] += 1
    for n, (kind, toks) in enumerate(zip(kinds, tokens, strict=True)):
        for t in toks:
            if len(t) >= 3 and frequency[t] <= 200:  # words in 200+ names say nothing
                index[(kind, t)].append(n)
    out = []
    for n, kind in enumerate(kinds):
        overlap: dict[int, float] = defaultdict(float)
        for t in tokens[n]:
            for other in index.get((kind, t), ()):
                if other != n:
                    overlap[other] += 1.0 / frequency[t]
        out.append([o for o, _ in sorted(overlap.items(), key=lambda kv: (-kv[1], ties[kv[0]]))])
    return out


def negatives(groups: list[Group]) -> Iterator[LabelledPair]:
    """For each party, the parties of the same kind whose primary names share most words."""
    near = neighbours(
        [g.kind for g in groups], [set(words(g.names[0])) for g in groups], [g.gid for g in groups]
    )
    for n, group in enumerate(groups):
        taken = 0
        mine = {x.casefold() for x in group.names}
        for other in near[n]:
            b = groups[other]
            if taken >= NEGATIVES_PER_PARTY:
                break
            if b.names[0].casefold() in mine or words(b.names[0]) == words(group.names[0]):
                continue  # the same name on two entries: names cannot tell them apart
            taken += 1
            yield LabelledPair(
                pid=f"{group.source}:{group.gid}:n{taken}",
                split=split_of(group.source, group.gid),
                source=group.source,
                kind_a=query_kind(group.kind),
                kind_b=b.kind,
                name_a=group.names[0],
                name_b=b.names[0],
                same=False,
                category="variant"
                if category(group.names[0], b.names[0]) == "variant"
                else "unrelated",
                scripts=scripts(group.names[0], b.names[0]),
            )


def build() -> list[LabelledPair]:
    from bench.matching.suites import suites

    groups = all_groups()
    pairs = [p for g in groups for p in positives(g)]
    pairs += list(negatives(groups))
    return pairs + suites(groups)


def as_dict(pair: LabelledPair) -> dict[str, object]:
    return asdict(pair)


#: The pairs as JSON lines, for an environment that cannot build them (the baseline's).
PAIRS = Path(__file__).resolve().parents[1] / "work" / "matching-pairs.jsonl"


def save(pairs: list[LabelledPair]) -> None:
    PAIRS.parent.mkdir(parents=True, exist_ok=True)
    with PAIRS.open("w", encoding="utf-8") as f:
        for pair in pairs:
            f.write(json.dumps(as_dict(pair), ensure_ascii=False) + "\n")


def load() -> list[LabelledPair]:
    out = []
    with PAIRS.open(encoding="utf-8") as f:
        for line in f:
            data = json.loads(line)
            facts = {k: _facts(data.pop(k)) for k in ("facts_a", "facts_b")}
            out.append(LabelledPair(**data, **facts))
    return out


def _facts(data: dict[str, list[str]]) -> Facts:
    return Facts(**{name: tuple(values) for name, values in data.items()})
