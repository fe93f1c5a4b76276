"""Match keys: the terms candidate retrieval looks names up by, in Neo4j's full-text index.

Computed from the same analysis the matcher aligns with, at ingest (stored on each entity as
``match_keys``) and for each query, so retrieval finds what the matcher would score:

``n:<word>``   a word's Latin form, and two adjacent words written as one (``abdulrahman``);
``p:<sound>``  its metaphone (``Mohammed`` and ``Muhammad`` share one);
``c:<consonants>`` its consonant skeleton (Arabic transliterations omit vowels);
``s:<symbol>`` a rigour name symbol (``Владимир`` and ``Vladimir`` share a Wikidata id);
``i:<identifier>`` each comparable form of an identifier (exact lookup).

Stop words and legal forms make no keys: they would make every company a candidate.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from entanglements.core.matching.analysis import Role, analyse, tag_for
from entanglements.core.matching.facts import identifier_keys

#: The entity property the keys are stored in, indexed by ``entity_match_keys``.
MATCH_KEYS = "match_keys"
#: Most keys one entity or query carries (a party with hundreds of aliases stays bounded).
MAX_KEYS = 400
_NAMED = ("NAME:", "NICK:")


def name_keys(kind: str, names: Iterable[str]) -> list[str]:
    """The name keys of every name of a party, first-seen order, without duplicates."""
    tag = tag_for(kind)
    keys: dict[str, None] = {}
    for text in names:
        for name in analyse(text, tag):
            words = [t for t in name.tokens if t.role in (Role.CORE, Role.GENERIC)]
            for token in words:
                keys[f"n:{token.text}"] = None
                if len(token.phonetic) >= 2:
                    keys[f"p:{token.phonetic.lower()}"] = None
                if len(token.skeleton) >= 3:
                    keys[f"c:{token.skeleton}"] = None
                for symbol in sorted(token.symbols):
                    if symbol.startswith(_NAMED):
                        keys[f"s:{symbol.split(':', 1)[1].lower()}"] = None
            for left, right in itertools.pairwise(words):
                keys[f"n:{left.text}{right.text}"] = None
    return [k for k in keys if " " not in k][:MAX_KEYS]


def id_keys(identifiers: Iterable[str]) -> list[str]:
    keys: dict[str, None] = {}
    for value in identifiers:
        for key in sorted(identifier_keys(value)):
            keys[f"i:{key.lower()}"] = None
    return list(keys)


def match_keys(kind: str, names: Iterable[str], identifiers: Iterable[str] = ()) -> list[str]:
    """Every key of a party: its names' (weak aliases included) and its identifiers'."""
    return (name_keys(kind, names) + id_keys(identifiers))[:MAX_KEYS]
