"""Names → tokens the matcher can align: rigour does the linguistics, this module the roles.

rigour (OpenSanctions' name library) tokenises, transliterates the scripts it admits
(Latin, Cyrillic, Greek, Armenian, Georgian, Hangul), replaces legal forms by a canonical
class (``OOO``, ``LLC`` and ``Ltd`` are all ``LLC``), strips honorifics and tags parts with
symbols: Wikidata name ids (``Владимир`` and ``Vladimir`` share one), org vocabulary
(``University``, ``Institute``), places. Scripts rigour does not admit (Han, Arabic,
Hebrew, ...) get a second, transliterated variant so ``习近平`` can meet ``Xi Jinping``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

from rigour.names import (
    NamePartTag,
    NameTypeTag,
    SymbolCategory,
    analyze_names,
    extract_org_types,
)
from rigour.text.scripts import text_scripts
from rigour.text.translit import ascii_text


class Role(IntEnum):
    """What a token contributes to a name's identity."""

    CORE = 0  # distinctive: a family name, "Huawei", "Liverpool"
    GENERIC = 1  # org vocabulary: "University", "Technology", "Group"
    STOP = 2  # "of", "the", "al"
    NUMBER = 3  # "3", "III": must agree
    LEGAL = 4  # "LLC", "GmbH", "OOO": compared as classes, never as evidence


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # comparable Latin form
    role: Role
    phonetic: str  # metaphone, "" when none
    skeleton: str  # consonants only: how abjad scripts (Arabic, Hebrew) write names
    symbols: frozenset[str]  # "NAME:Q2474491", "DOMAIN:UNIVERSITY", ...
    foreign: bool  # written in a non-Latin script
    abjad: bool  # transliterated from a script that omits vowels


@dataclass(frozen=True, slots=True)
class AnalysedName:
    original: str
    tokens: tuple[Token, ...]
    legal: frozenset[str]  # canonical legal-form classes ("LLC", "JSC")
    numbers: frozenset[str]
    key: str  # the aligned tokens' texts, joined: equal keys are the same name


_GENERIC = {SymbolCategory.DOMAIN, SymbolCategory.SYMBOL, SymbolCategory.ORG_CLASS}
_ABJAD = {"Arabic", "Hebrew", "Syriac", "Thaana"}
_ADMITTED = {"Latin", "Cyrillic", "Greek", "Armenian", "Georgian", "Hangul", "Common"}
_VOWELS = str.maketrans("", "", "aeiouyw")  # w and y: Arabic writes long vowels with them

#: Legal forms written in Han, Kana or Hangul, longest first (rigour's list is Latin/Cyrillic).
_CJK_LEGAL: tuple[tuple[str, str], ...] = (
    ("股份有限公司", "JSC"),
    ("有限责任公司", "LLC"),
    ("有限公司", "LLC"),
    ("株式会社", "JSC"),
    ("有限会社", "LLC"),
    ("주식회사", "JSC"),
    ("公司", "CO"),
)


def tag_for(kind: str) -> NameTypeTag:
    """rigour's name type for a FollowTheMoney schema name."""
    from followthemoney import model
    from followthemoney.names import schema_type_tag

    schema = model.get(kind)
    return schema_type_tag(schema) if schema is not None else NameTypeTag.UNK


@lru_cache(maxsize=200_000)
def analyse(text: str, tag: NameTypeTag) -> tuple[AnalysedName, ...]:
    """Every comparable variant of one name string: the name, each side of a bracket,
    and a Latin transliteration of scripts rigour does not admit."""
    legal: dict[str, frozenset[str]] = {}
    for variant in [text, *_bracketed(text)]:
        stripped, classes = _strip_cjk_legal(variant, tag)
        legal[stripped] = classes
        if not text_scripts(stripped) <= _ADMITTED:
            latin = ascii_text(stripped).replace("?", "")  # "?": a letter with no Latin form
            if latin and latin not in legal:
                legal[latin] = classes
    abjad = bool(text_scripts(text) & _ABJAD)
    foreign = not text_scripts(text) <= {"Latin", "Common", "Inherited"}
    person = tag == NameTypeTag.PER
    names = analyze_names(tag, list(legal), infer_initials=person, consolidate=False)
    company = _person_legal(text) if person else frozenset()
    out = [_convert(n, abjad, legal.get(n.original, company) | company, foreign) for n in names]
    return tuple(sorted((n for n in out if n.tokens or n.numbers), key=lambda n: n.original))


def _person_legal(text: str) -> frozenset[str]:
    """Legal forms in a name analysed as a person's ("EMMA LLC" filed as a LegalEntity).
    Two-letter forms ("SA", "AG") are also given names and family names: not counted."""
    found = extract_org_types(text)
    return frozenset(canonical.upper() for form, canonical in found if len(form.strip(".")) >= 3)


def _bracketed(text: str) -> list[str]:
    """``Northeastern University (东北大学)``: each side of the brackets is a name too."""
    match = _BRACKETS.fullmatch(text.strip())
    if match is None:
        return []
    return [g.strip() for g in match.groups() if g.strip()]


_BRACKETS = re.compile(r"([^()]+)\(([^()]+)\)")


def _strip_cjk_legal(text: str, tag: NameTypeTag) -> tuple[str, frozenset[str]]:
    if tag not in (NameTypeTag.ORG, NameTypeTag.ENT):
        return text, frozenset()
    return strip_cjk_legal(text)


def strip_cjk_legal(text: str) -> tuple[str, frozenset[str]]:
    """``曙光信息产业股份有限公司`` → (``曙光信息产业``, {JSC})."""
    stripped = text.strip()
    for suffix, cls in _CJK_LEGAL:
        if stripped.endswith(suffix) and len(stripped) > len(suffix):
            return stripped[: -len(suffix)], frozenset({cls})
    return text, frozenset()


def _convert(name: object, abjad: bool, legal: frozenset[str], foreign: bool) -> AnalysedName:
    parts = name.parts  # type: ignore[attr-defined]
    symbols: dict[int, set[str]] = {}
    legal_classes = set(legal)
    for span in name.spans:  # type: ignore[attr-defined]
        category = span.symbol.category
        if category == SymbolCategory.ORG_CLASS:
            legal_classes.add(str(span.symbol.id))
        if len(span.parts) == 1:
            symbols.setdefault(span.parts[0].index, set()).add(f"{category.value}:{span.symbol.id}")
    tokens: list[Token] = []
    numbers: set[str] = set()
    for part in parts:
        marks = frozenset(symbols.get(part.index, ()))
        role = _role(part, marks)
        if role is Role.NUMBER:
            numbers.add(str(part.integer) if part.integer is not None else part.comparable)
            continue
        text = part.comparable
        if abjad and role is Role.CORE and text.startswith("al") and len(text) >= 5:
            # Arabic writes the article on the word (السويكت): Latin lists write "Al Suwaiket"
            tokens.append(Token("al", Role.STOP, "", "l", frozenset(), foreign, abjad))
            text = text[2:]
        tokens.append(
            Token(text, role, part.metaphone or "", skeleton(text), marks, foreign, abjad)
        )
    aligned = [t.text for t in tokens if t.role is not Role.LEGAL]
    return AnalysedName(
        original=name.original,  # type: ignore[attr-defined]
        tokens=tuple(tokens),
        legal=frozenset(legal_classes),
        numbers=frozenset(numbers),
        key=" ".join(aligned + sorted(numbers)),
    )


def _role(part: object, marks: frozenset[str]) -> Role:
    tag = part.tag  # type: ignore[attr-defined]
    if tag == NamePartTag.LEGAL:
        return Role.LEGAL
    if tag == NamePartTag.NUM or part.numeric:  # type: ignore[attr-defined]
        return Role.NUMBER
    if tag == NamePartTag.STOP:
        return Role.STOP
    if marks & _FILLER:
        return Role.STOP
    if any(m.split(":", 1)[0] in _GENERIC_VALUES for m in marks):
        return Role.GENERIC
    return Role.CORE


_GENERIC_VALUES = {c.value for c in _GENERIC}
#: Words that say "an organisation" and nothing else: weighed like stop words.
_FILLER = frozenset(
    f"SYMBOL:{s}" for s in ("CO", "CORP", "PRIVATE", "ENTERPRISE", "GRP", "HOLDING")
)


def skeleton(text: str) -> str:
    """Consonants with doubles collapsed: Arabic ``محمد`` and Latin ``Mohammed`` both give mhmd."""
    out: list[str] = []
    for char in text.translate(_VOWELS):
        if not out or out[-1] != char:
            out.append(char)
    return "".join(out)
