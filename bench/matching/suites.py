"""The categories of issue 26, each a suite of labelled pairs beside the alias set (``names``).

* ``russian``: one Russian (Belarusian, Central Asian) name spelled many ways. Seeds are the
  OFAC persons listed as ``SURNAME, Given Patronymic``; their Cyrillic form is ICU's
  ``Latin-Russian/BGN`` of the list's spelling, and the Latin spellings come from ``iuliia``'s
  transliteration systems (ALA-LC, BGN/PCGN, GOST 7.79, ICAO 9303, the French MVD 310,
  Wikipedia's, the scientific one, ...), never from a system the matcher uses. Layouts:
  given-patronymic-surname, surname first with or without a comma, without the patronymic,
  with initials (``V. V. PUTIN``, ``PUTIN V.V.``).
  Negatives: another seed with the same surname (or given name), and the same given name and
  surname with another patronymic (a namesake's father differs). The EU file's real Cyrillic
  and Latin spellings are added as they are.
* ``scripts``: the same name in two scripts, from the lists' own original-script names (Arabic
  of the Saudi PEPs and the UK list, Cyrillic and Greek of the EU file, Chinese of the ASPI
  tracker, the UN's original script) and a seed's Cyrillic against one iuliia spelling;
  negatives: the original-script name against the Latin names of the parties sharing its
  rarest transliterated words.
* ``entity``: OFAC parties with birth dates, countries and identifiers from the remarks: an
  alias with the party's facts (the birth date sometimes only as a year) against the primary
  name with them; negatives: parties with similar names, each with its own facts, entries with
  the same name and different birth dates, and a vessel and a company (or person) of one name.
* ``qualifiers``: organisations with a parent, place or ministry qualifier. The ASPI tracker's
  subsidiaries and laboratories as the Entity List writes them (``Sub, Parent``) against the
  bare name (match), against the parent (no match) and against a sibling (no match); names of
  the lists with a trailing qualifier (``…, Branch``, ``… (Kursk)``, ``… of the Ministry of
  …``) against their core (match) and against entries with the same core and another
  qualifier (no match).

Every suite is deterministic and split like the alias set: 30 % of the parties (by a hash of
source and id) held out.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import re
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from typing import Any

from rigour.names import remove_org_types
from rigour.text.scripts import text_scripts

from bench.matching.labelled import (
    LabelledPair,
    category,
    neighbours,
    query_kind,
    scripts,
    split_of,
    words,
)
from bench.matching.sources import Facts, Group

RUSSIAN_POSITIVES = 6
_LATIN = {"Latin", "Common", "Inherited"}
_SEED = re.compile(r"^([A-Z][A-Z'-]+), ([A-Z][a-z'-]+) ([A-Z][a-z'-]+(?:vich|vna|auna|ichna))$")
_SCHEMES = (
    "ALA_LC",
    "BGN_PCGN",
    "GOST_779_ALT",
    "ICAO_DOC_9303",
    "MVD_310_FR",
    "WIKIPEDIA",
    "SCIENTIFIC",
    "TELEGRAM",
    "YANDEX_MAPS",
    "UNGEGN_1987",
    "MOSMETRO",
)
#: G, P, S: given name, patronymic, surname; g, p: their initials ("V. V. Putin").
_LAYOUTS = ("G P S", "S G P", "S, G P", "G S", "S G", "S, G", "g. p. S", "S g.p.", "G p. S")


def _rng(key: str) -> random.Random:
    return random.Random(hashlib.sha256(key.encode()).digest())


def _pair(
    group: Group,
    n: str,
    a: str,
    b: str,
    same: bool,
    suite: str,
    kinds: tuple[str, str] | None = None,
    facts: tuple[Facts, Facts] | None = None,
) -> LabelledPair:
    kind_a, kind_b = kinds or (query_kind(group.kind), group.kind)
    return LabelledPair(
        pid=f"{suite}:{group.source}:{group.gid}:{n}",
        split=split_of(group.source, group.gid),
        source=group.source,
        kind_a=kind_a,
        kind_b=kind_b,
        name_a=a,
        name_b=b,
        same=same,
        category=category(a, b),
        scripts=scripts(a, b),
        suite=suite,
        facts_a=facts[0] if facts else Facts(),
        facts_b=facts[1] if facts else Facts(),
    )


# -- russian -------------------------------------------------------------------------------


@cache
def _to_cyrillic() -> Any:
    import icu

    return icu.Transliterator.createInstance("Latin-Russian/BGN")


def _spell(cyrillic: str, system: str) -> str:
    import iuliia

    return str(getattr(iuliia, system).translate(cyrillic))


class _Seed:
    def __init__(self, group: Group, surname: str, given: str, patronymic: str) -> None:
        self.group = group
        self.latin = {"S": surname.title(), "G": given, "P": patronymic}
        to_cyr = _to_cyrillic()
        self.cyrillic = {k: to_cyr.transliterate(v) for k, v in self.latin.items()}

    def parts(self, system: str) -> dict[str, str]:
        if system == "list":
            return self.latin
        if system == "cyrillic":
            return self.cyrillic
        return {k: _spell(v, system) for k, v in self.cyrillic.items()}

    def render(self, system: str, layout: str, patronymic: str | None = None) -> str:
        parts = dict(self.parts(system))
        if patronymic is not None:
            parts["P"] = patronymic
        if layout.startswith("S"):
            parts["S"] = parts["S"].upper()
        parts["g"], parts["p"] = parts["G"][:1], parts["P"][:1]
        return "".join(parts.get(ch, ch) for ch in layout)


def _seeds(groups: list[Group]) -> list[_Seed]:
    out = []
    for group in groups:
        if group.source != "ofac" or group.kind != "Person":
            continue
        match = _SEED.match(group.names[0])
        if match:
            out.append(_Seed(group, *match.groups()))
    return out


def _forms(rng: random.Random, n: int) -> list[tuple[str, str]]:
    systems = ["list", "cyrillic", *_SCHEMES]
    return [(rng.choice(systems), rng.choice(_LAYOUTS)) for _ in range(n)]


def russian(groups: list[Group]) -> Iterator[LabelledPair]:
    seeds = _seeds(groups)
    by_surname: dict[str, list[_Seed]] = defaultdict(list)
    by_given: dict[str, list[_Seed]] = defaultdict(list)
    for seed in seeds:
        by_surname[seed.latin["S"]].append(seed)
        by_given[seed.latin["G"]].append(seed)
    for seed in seeds:
        rng = _rng(f"russian:{seed.group.gid}")
        seen: set[tuple[str, str]] = set()
        for n in range(RUSSIAN_POSITIVES):
            a, b = _forms(rng, 2)
            a_text, b_text = seed.render(*a), seed.render(*b)
            if a_text == b_text or (a_text, b_text) in seen:
                continue
            seen.add((a_text, b_text))
            yield _pair(seed.group, f"p{n}", a_text, b_text, True, "russian")
        others = [s for s in by_surname[seed.latin["S"]] if s is not seed]
        others = others or [s for s in by_given[seed.latin["G"]] if s is not seed]
        if others:
            other = rng.choice(others)
            a, b = _forms(rng, 2)
            yield _pair(seed.group, "n1", seed.render(*a), other.render(*b), False, "russian")
        namesake = _namesake_patronymic(seed, seeds, rng)
        if namesake is not None:
            (sa, la), (sb, lb) = _forms(rng, 2)
            la, lb = (la if "P" in la else "G P S"), (lb if "P" in lb else "S G P")  # no initials
            other_p = namesake.parts(sb)["P"]
            yield _pair(
                seed.group,
                "n2",
                seed.render(sa, la),
                seed.render(sb, lb, patronymic=other_p),
                False,
                "russian",
            )


def _namesake_patronymic(seed: _Seed, seeds: list[_Seed], rng: random.Random) -> _Seed | None:
    """Another seed whose patronymic is of the same gender and different."""
    mine = seed.latin["P"]
    female = mine.endswith(("na", "auna"))
    pool = [
        s
        for s in seeds
        if s.latin["P"][:4] != mine[:4] and s.latin["P"].endswith(("na", "auna")) == female
    ]
    return rng.choice(pool) if pool else None


def eu_cyrillic(groups: list[Group]) -> Iterator[LabelledPair]:
    """The EU file's persons: every spelling against every other (real, not generated)."""
    persons = [g for g in groups if g.source.startswith("ftm:t1") and g.kind == "Person"]
    for group in persons:
        n = 0
        for i, a in enumerate(group.names):
            for b in group.names[i + 1 :]:
                n += 1
                yield _pair(group, f"eu{n}", a, b, True, "russian")
        for other in persons:
            if other is not group:
                yield _pair(
                    group, f"eun{other.gid[:8]}", group.names[0], other.names[-1], False, "russian"
                )


# -- scripts -------------------------------------------------------------------------------


def _latin(name: str) -> bool:
    return text_scripts(name) <= _LATIN


def _strip_bracket(name: str) -> str:
    """``Anhui University (安徽大学)`` → ``Anhui University``."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", name).strip() or name


def cross_script(groups: list[Group]) -> Iterator[LabelledPair]:
    with_script = []
    for group in groups:
        latin = [_strip_bracket(n) for n in group.names if _latin(_strip_bracket(n))]
        latin.sort(key=lambda n: -len(words(n)))  # the fullest Latin name
        other = [n for n in group.names if not _latin(n) and not _latin(_strip_bracket(n))]
        if latin and other:
            with_script.append((group, latin[0], other[:3]))
    for group, latin, others in with_script:
        for n, name in enumerate(others):
            yield _pair(group, f"p{n}", name, latin, True, "scripts")
    near = neighbours(
        [g.kind for g, _, _ in with_script],
        [set(words(o[0])) for _, _, o in with_script],
        [g.gid for g, _, _ in with_script],
    )
    for n, (group, _, others) in enumerate(with_script):
        for m, other in enumerate(near[n][:2]):
            latin_b = with_script[other][1]
            if words(latin_b) != words(with_script[n][1]):
                yield _pair(
                    group,
                    f"n{m}",
                    others[0],
                    latin_b,
                    False,
                    "scripts",
                    kinds=(query_kind(group.kind), with_script[other][0].kind),
                )
    for seed in _seeds(groups):
        rng = _rng(f"scripts:{seed.group.gid}")
        layout = rng.choice(_LAYOUTS)
        system = rng.choice(_SCHEMES)
        yield _pair(
            seed.group,
            "cyr",
            seed.render("cyrillic", layout),
            seed.render(system, "G P S"),
            True,
            "scripts",
        )


# -- entity --------------------------------------------------------------------------------


def _year_only(facts: Facts, rng: random.Random) -> Facts:
    if facts.birth_dates and rng.random() < 0.5:
        return Facts(tuple(d[:4] for d in facts.birth_dates), facts.countries, facts.identifiers)
    return facts


def _has_facts(group: Group) -> bool:
    f = group.facts
    return bool(f.birth_dates or f.identifiers or f.countries)


def entity(groups: list[Group]) -> Iterator[LabelledPair]:
    listed = [g for g in groups if g.source == "ofac" and _has_facts(g)]
    for group in listed:
        rng = _rng(f"entity:{group.gid}")
        # the alias must be recognisably the name unless an identifier links the two
        aliases = [
            a
            for a in group.names[1:]
            if group.facts.identifiers or category(a, group.names[0]) == "variant"
        ]
        for n, alias in enumerate(aliases[:2]):
            facts = (_year_only(group.facts, rng), group.facts)
            yield _pair(group, f"p{n}", alias, group.names[0], True, "entity", facts=facts)
    near = neighbours(
        [g.kind for g in listed], [set(words(g.names[0])) for g in listed], [g.gid for g in listed]
    )
    by_words: dict[tuple[str, ...], list[Group]] = defaultdict(list)
    for group in listed:
        by_words[tuple(sorted(words(group.names[0])))].append(group)
    for n, group in enumerate(listed):
        for m, other in enumerate(near[n][:2]):
            b = listed[other]
            if _contradicts(group.facts, b.facts):
                yield _pair(
                    group,
                    f"n{m}",
                    group.names[0],
                    b.names[0],
                    False,
                    "entity",
                    kinds=(query_kind(group.kind), b.kind),
                    facts=(group.facts, b.facts),
                )
        for b in by_words[tuple(sorted(words(group.names[0])))]:
            if b is group or b.gid < group.gid:
                continue
            if b.kind != group.kind or _contradicts(group.facts, b.facts):
                yield _pair(
                    group,
                    f"same-{b.gid}",
                    group.names[0],
                    b.names[0],
                    False,
                    "entity",
                    kinds=(group.kind, b.kind),
                    facts=(group.facts, b.facts),
                )


def _contradicts(a: Facts, b: Facts) -> bool:
    """The lists' own facts tell two parties apart: different birth years or identifiers."""
    if a.birth_dates and b.birth_dates:
        return not {d[:4] for d in a.birth_dates} & {d[:4] for d in b.birth_dates}
    return bool(a.identifiers and b.identifiers and not set(a.identifiers) & set(b.identifiers))


# -- qualifiers ----------------------------------------------------------------------------

_TRAILING = re.compile(r"^(?P<core>.{8,}?),\s+(?P<qualifier>[^,]{4,})$")
_BRACKET = re.compile(r"^(?P<core>.{8,}?)\s*\((?P<qualifier>[^()]{3,})\)$")
_MINISTRY = re.compile(r"^(?P<core>.{8,}?)\s+(?P<qualifier>of the Ministry of .+)$", re.I)


def split_qualifier(name: str) -> tuple[str, str] | None:
    """(core, qualifier) of an organisation name with a trailing qualifier, else None."""
    for pattern in (_TRAILING, _BRACKET, _MINISTRY):
        match = pattern.match(name)
        if match is None:
            continue
        qualifier = match["qualifier"].strip()
        if not _latin(qualifier) or not remove_org_types(qualifier).strip(" .,"):
            return None  # a legal form ("…, LLC") or a name in another script
        if len(words(qualifier)) > 1 or qualifier.istitle() or pattern is _BRACKET:
            return match["core"].strip(), qualifier
    return None


def qualifiers(groups: list[Group]) -> Iterator[LabelledPair]:
    yield from _subsidiaries([g for g in groups if g.source == "aspi"])
    orgs = [g for g in groups if g.kind != "Person" and g.source in ("ofac", "csl")]
    by_core: dict[str, list[tuple[Group, str]]] = defaultdict(list)
    for group in orgs:
        split = split_qualifier(group.names[0])
        if split is None or len(words(split[0])) < 2:
            continue
        core, _ = split
        by_core[" ".join(words(core))].append((group, core))
        yield _pair(group, "core", core, group.names[0], True, "qualifiers")
    for entries in by_core.values():
        for (a, _), (b, _) in itertools.pairwise(entries):
            yield _pair(
                a,
                f"sib-{b.gid}",
                a.names[0],
                b.names[0],
                False,
                "qualifiers",
                kinds=(query_kind(a.kind), b.kind),
            )


def _subsidiaries(groups: list[Group]) -> Iterator[LabelledPair]:
    for group in groups:
        parent = _strip_bracket(group.names[0])
        subs = [_strip_bracket(v) for field, v in group.extra if field == "subsidiary"]
        subs = [s for s in dict.fromkeys(subs) if _latin(s) and len(words(s)) >= 2]
        for n, sub in enumerate(subs):
            listed = f"{sub}, {parent}"
            yield _pair(group, f"sub{n}", sub, listed, True, "qualifiers")
            yield _pair(group, f"parent{n}", parent, listed, False, "qualifiers")
            if n:
                yield _pair(
                    group, f"sib{n}", f"{subs[n - 1]}, {parent}", listed, False, "qualifiers"
                )
                yield _pair(group, f"bare{n}", subs[n - 1], listed, False, "qualifiers")


def suites(groups: list[Group]) -> list[LabelledPair]:
    out: list[LabelledPair] = []
    for suite in (russian, eu_cyrillic, cross_script, entity, qualifiers):
        out.extend(suite(groups))
    return out
