"""Match keys: the terms candidate retrieval looks names up by, in Neo4j's full-text index.

Computed at ingest for every entity (stored as ``match_keys``) and for every query, by the
same function, so retrieval finds what the matcher would score:

``n:<word>``  a word in Latin form (rigour's transliteration), and two adjacent words written
              as one (``Abdul Rahman`` also gives ``n:abdulrahman``);
``p:<sound>`` a word's metaphone (``Mohammed`` and ``Muhammad`` share one);
``c:<consonants>`` its consonant skeleton (Arabic and Hebrew leave most vowels out);
``d:<number>`` a number in the name (``Victory 3``, ``Unit 61398``);
``i:<identifier>`` each comparable form of an identifier (exact lookup).

Legal forms and stop words make no keys: they would make every company a candidate. This
is a lighter pass than the matcher's analysis (no symbol tagging): ingest pays it for every
entity, about 15 µs a name instead of 150.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import lru_cache

from rigour.names import remove_org_types, tokenize_name
from rigour.text import is_stopword
from rigour.text.phonetics import metaphone
from rigour.text.scripts import text_scripts
from rigour.text.translit import ascii_text, maybe_ascii

from entanglements.core.matching.analysis import skeleton, strip_cjk_legal
from entanglements.core.matching.facts import identifier_keys

#: The entity property the keys are stored in, indexed by ``entity_match_keys``.
MATCH_KEYS = "match_keys"
#: Most keys one entity or query carries (a party with hundreds of aliases stays bounded).
MAX_KEYS = 400

_ADMITTED = {"Latin", "Cyrillic", "Greek", "Armenian", "Georgian", "Hangul", "Common"}
_BRACKETS = re.compile(r"[()\[\]]")


def _variants(text: str) -> list[str]:
    """The name in Latin form: transliterated by rigour, else by ``ascii_text`` (Han,
    Arabic, ...) with the original kept too (an exact lookup in its own script)."""
    text = _BRACKETS.sub(" ", text)
    if text_scripts(text) <= _ADMITTED:
        return [maybe_ascii(text)]
    text = strip_cjk_legal(text)[0]
    return [text, ascii_text(text).replace("?", "")]


def _words(text: str) -> tuple[list[str], list[str]]:
    """(words, numbers) of one variant, legal forms and stop words left out."""
    words: list[str] = []
    numbers: list[str] = []
    for token in tokenize_name(remove_org_types(text.lower(), replacement=" ")):
        if token.isdigit():
            numbers.append(str(int(token)))
        elif not is_stopword(token):
            words.append(token)
    return words, numbers


def name_keys(names: Iterable[str]) -> list[str]:
    """The name keys of every name of a party, first-seen order, without duplicates."""
    keys: dict[str, None] = {}
    for text in names:
        for variant in _variants(text):
            words, numbers = _words(variant)
            for word in words:
                keys.update(dict.fromkeys(_word_keys(word)))
            for left, right in itertools.pairwise(words):
                keys[f"n:{left}{right}"] = None
            for number in numbers:
                keys[f"d:{number}"] = None
    return list(keys)[:MAX_KEYS]


@lru_cache(maxsize=200_000)
def _word_keys(word: str) -> tuple[str, ...]:
    """A word's keys (cached: names share most of their words)."""
    keys = [f"n:{word}"]
    if word.isascii() and len(word) >= 3:
        sound = metaphone(word)
        if len(sound) >= 2:
            keys.append(f"p:{sound.lower()}")
        consonants = skeleton(word)
        if len(consonants) >= 3:
            keys.append(f"c:{consonants}")
    if word.startswith("al") and len(word) >= 5:  # Arabic writes the article on: السويكت
        keys += _word_keys(word[2:])
    return tuple(keys)


def id_keys(identifiers: Iterable[str]) -> list[str]:
    keys: dict[str, None] = {}
    for value in identifiers:
        for key in sorted(identifier_keys(value)):
            keys[f"i:{key.lower()}"] = None
    return list(keys)


def match_keys(names: Iterable[str], identifiers: Iterable[str] = ()) -> list[str]:
    """Every key of a party: its names' (weak aliases included) and its identifiers'."""
    return (name_keys(names) + id_keys(identifiers))[:MAX_KEYS]
