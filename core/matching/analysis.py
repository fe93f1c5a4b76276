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
from dataclasses import dataclass, replace
from enum import IntEnum
from functools import lru_cache
from typing import Any

from rigour.names import (
    NamePartTag,
    NameTypeTag,
    SymbolCategory,
    analyze_names,
    extract_org_types,
    remove_org_types,
    tokenize_name,
)
from rigour.text.scripts import text_scripts
from rigour.text.translit import ascii_text

from entanglements.core.matching.translit import is_patronymic, latin_forms, translit_key


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
    forms: tuple[str, ...] = ()  # other Latin spellings (ICU's transforms of a Cyrillic word)
    keys: frozenset[str] = frozenset()  # folded spellings: transliteration systems agree
    patronymic: bool = False  # a Slavic father's name ("Vladimirovich", "Pavlovna")
    surname: bool = False  # the family name, where the layout says which word it is
    initial: bool = False  # one letter in its own script ("V.", "Ю." which reads "yu")


@dataclass(frozen=True, slots=True)
class AnalysedName:
    original: str
    tokens: tuple[Token, ...]
    legal: frozenset[str]  # canonical legal-form classes ("LLC", "JSC")
    numbers: frozenset[str]
    key: str  # the aligned tokens' texts, joined: equal keys are the same name
    qualifier: str = ""  # what was cut off this core ("Chinese Academy of Sciences")
    tail: str = ""  # the qualifier the whole name ends with (its core is another variant)


_GENERIC = {SymbolCategory.DOMAIN, SymbolCategory.SYMBOL, SymbolCategory.ORG_CLASS}
_ABJAD = {"Arabic", "Hebrew", "Syriac", "Thaana"}
_ADMITTED = {"Latin", "Cyrillic", "Greek", "Armenian", "Georgian", "Hangul", "Common"}
_IDEOGRAPHS = {"Han", "Hiragana", "Katakana", "Hangul", "Yi"}  # a character is a word
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
    if tag == NameTypeTag.PER:
        text = _INITIALS.sub(r"\1 ", text)  # "V.V. Putin": two initials, not a word "vv"
    legal: dict[str, frozenset[str]] = {}
    cores: dict[str, str] = {}
    tails: dict[str, str] = {}
    variants = [text, *_bracketed(text), *_slashed(text)]
    if tag in (NameTypeTag.ORG, NameTypeTag.ENT):
        found = split_qualifier(text)
        if found is not None:
            variants.append(found[0])
            cores[found[0]] = found[1]
            tails[text] = found[1]
    for variant in variants:
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
    out = [
        _convert(n, abjad, legal.get(n.original, company) | company, foreign, _core_of(n, cores))
        for n in names
    ]
    if tails:
        out = [replace(n, tail=_core_of_text(n.original, tails)) for n in out]
    return tuple(sorted((n for n in out if n.tokens or n.numbers), key=lambda n: n.original))


def _core_of(name: object, cores: dict[str, str]) -> str:
    """The qualifier cut off when ``name`` is the core of an organisation's name, else ""."""
    return _core_of_text(name.original, cores)  # type: ignore[attr-defined]


def _core_of_text(original: str, cores: dict[str, str]) -> str:
    return cores.get(original) or cores.get(_THE.sub("", original), "")


_THE = re.compile(r"^the\s+", re.IGNORECASE)
#: A qualifier after the organisation's own name: ", <parent or place>", "(<place>)", " of the
#: Ministry of ...", " under the ...".
_IN_BRACKETS = re.compile(r"^(?P<core>[^()]+?)\s*\((?P<qualifier>[^()]+)\)$")
_SUBORDINATE = re.compile(
    r"^(?P<core>.+?)\s+(?P<qualifier>(?:of|under|attached to) the (?:Ministry|State|Central) .+)$",
    re.IGNORECASE,
)


def split_qualifier(text: str) -> tuple[str, str] | None:
    """(core, qualifier) of an organisation's name with a parent, place or ministry after it
    (``Shanghai Institute of ..., Chinese Academy of Sciences``, ``Huawei Technologies
    (Beijing)``); None when there is none, when what follows is a legal form (``…, Ltd.``)
    or an acronym (``(XJTLU)``), or when the core would be a single word."""
    if not text_scripts(text) <= {"Latin", "Common", "Inherited"}:
        return None
    text = text.strip()
    for core, qualifier in (*_comma_splits(text), *_pattern_splits(text)):
        if len(tokenize_name(core)) >= 2 and not _acronym(qualifier):
            return core, qualifier
    return None


def _comma_splits(text: str) -> list[tuple[str, str]]:
    """At the first comma not followed by a legal form (``Co., Ltd., Parent``)."""
    segments = text.split(",")
    for n in range(1, len(segments)):
        if _is_legal(segments[n]):
            continue
        qualifier = ",".join(segments[n:]).strip(" .,")
        return [(",".join(segments[:n]).strip(), qualifier)] if qualifier else []
    return []


def _pattern_splits(text: str) -> list[tuple[str, str]]:
    out = []
    for pattern in (_IN_BRACKETS, _SUBORDINATE):
        match = pattern.match(text)
        if match is not None and not _is_legal(match["qualifier"]):
            out.append((match["core"].strip(), match["qualifier"].strip(" .,")))
    return out


def _is_legal(text: str) -> bool:
    """Nothing but a legal form (``Ltd.``, ``S.A.``) or punctuation."""
    return not remove_org_types(text, replacement=" ").strip(" .,&-")


def _acronym(text: str) -> bool:
    return " " not in text.strip() and text.isupper()


#: An initial with a full stop glued to the next letter ("V.V.", "Ю.Д.").
_INITIALS = re.compile(r"(?<![^\W\d_])([^\W\d_])\.(?=[^\W\d_])")


def _person_legal(text: str) -> frozenset[str]:
    """Legal forms in a name analysed as a person's ("EMMA LLC" filed as a LegalEntity).
    Two-letter forms ("SA", "AG", "B.V.", "e.V.") are also names and initials: not counted."""
    found = extract_org_types(text)
    return frozenset(
        canonical.upper() for form, canonical in found if sum(ch.isalpha() for ch in form) >= 3
    )


def _bracketed(text: str) -> list[str]:
    """``Northeastern University (东北大学)``, ``Xi'an Jiaotong-Liverpool University
    (XJTLU)``: each side of the brackets is a name too. A place or a parent in brackets
    (``China University of Geosciences (Wuhan)``) is a qualifier, not a name."""
    match = _BRACKETS.fullmatch(text.strip())
    if match is None:
        return []
    outside, inside = (g.strip() for g in match.groups())
    if text_scripts(inside) == text_scripts(outside) and not _acronym(inside):
        return [outside] if outside else []
    return [g for g in (outside, inside) if g]


def _slashed(text: str) -> list[str]:
    """``NEW PEOPLE'S ARMY / COMMUNIST PARTY OF THE PHILIPPINES``: two names in one."""
    sides = [side.strip() for side in text.split(" / ")]
    return [side for side in sides if side] if len(sides) > 1 else []


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


def _convert(
    name: object, abjad: bool, legal: frozenset[str], foreign: bool, qualifier: str = ""
) -> AnalysedName:
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
    family = _surname_positions(name.original, parts)  # type: ignore[attr-defined]
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
        token = _token(text, part.form, role, part.metaphone or "", marks, foreign, abjad)
        if part.index in family and role is Role.CORE:
            token = replace(token, surname=True)
        tokens.append(token)
    aligned = [t.text for t in tokens if t.role is not Role.LEGAL]
    return AnalysedName(
        original=name.original,  # type: ignore[attr-defined]
        tokens=tuple(tokens),
        legal=frozenset(legal_classes),
        numbers=frozenset(numbers),
        key=" ".join(aligned + sorted(numbers)),
        qualifier=qualifier,
    )


def _surname_positions(original: str, parts: list[Any]) -> set[int]:
    """Indices of the parts that are a person's family name, when the layout says so:
    before a comma (``PUTIN, Vladimir``), in capitals among mixed case (``Vladimir PUTIN``),
    after a patronymic (``Vladimir Vladimirovich Putin``) or first when it ends the name
    (``Putin Vladimir Vladimirovich``), beside initials (``V. V. Putin``, ``PUTIN V.V.``).
    Empty for names that are not a person's (no patronymic, no initials, no capitals)."""
    words = tokenize_name(original)
    if len(words) != len(parts) or len(parts) < 2:
        return set()
    indices = [p.index for p in parts]
    if "," in original:
        before = len(tokenize_name(original.split(",", 1)[0]))
        return set(indices[:before]) if 0 < before < len(parts) else set()
    capitals = [w.isupper() and len(w) > 1 for w in words]
    if any(capitals) and not all(w.isupper() for w in words):
        return {i for i, cap in zip(indices, capitals, strict=True) if cap}
    initial = [len(w) == 1 and "." in original for w in words]  # "Y" alone may be "and"
    if initial[-2] and not initial[-1]:
        return {indices[-1]}  # "V. V. Putin", "Vladimir V. Putin"
    if not initial[0] and all(initial[1:]):
        return {indices[0]}  # "Putin V. V."
    keys = [translit_key(p.comparable) for p in parts]
    patronymics = [k for k, key in enumerate(keys) if key and is_patronymic(key)]
    if len(patronymics) == 1 and len(parts) >= 3:
        k = patronymics[0]
        return {indices[0]} if k == len(parts) - 1 else set(indices[k + 1 :])
    return set()


@lru_cache(maxsize=200_000)
def _token(
    text: str,
    form: str,
    role: Role,
    sound: str,
    marks: frozenset[str],
    foreign: bool,
    abjad: bool,
) -> Token:
    forms = tuple(f for f in latin_forms(form) if f != text) if foreign else ()
    keys = frozenset(k for k in (translit_key(f) for f in (text, *forms)) if k)
    patronymic = role is Role.CORE and any(is_patronymic(k) for k in keys)
    return Token(
        text,
        role,
        sound,
        skeleton(text),
        marks,
        foreign,
        abjad,
        forms,
        keys,
        patronymic,
        initial=len(form) == 1 and not text_scripts(form) & _IDEOGRAPHS,
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


@lru_cache(maxsize=200_000)
def skeleton(text: str) -> str:
    """Consonants with doubles collapsed: Arabic ``محمد`` and Latin ``Mohammed`` both give mhmd."""
    out: list[str] = []
    for char in text.translate(_VOWELS):
        if not out or out[-1] != char:
            out.append(char)
    return "".join(out)
