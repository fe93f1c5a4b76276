"""How well two name tokens agree, and in what way (for the explanation).

Each test is one a reviewer recognises: the same word, the same word in another script,
the same given name by another spelling (rigour's Wikidata name symbols: ``Vladimir`` /
``Владимир``, ``Bill`` / ``William``), an initial, a spelling variant within a small edit
budget, the same sound (metaphone), the same consonants (a name transliterated from
Arabic or Hebrew, which omit most vowels).
"""

from __future__ import annotations

from functools import lru_cache

from rigour._core import raw_jaro_winkler, raw_levenshtein

from entanglements.core.matching.analysis import Token
from entanglements.core.matching.translit import fold_letter

EXACT = "exact"
SCRIPT = "transliterated"
SYMBOL = "same name"
TERM = "same term"
INITIAL = "initial"
SPELLING = "spelling"
PHONETIC = "phonetic"
CONSONANTS = "consonants"
SIMILAR = "similar"
SYSTEMS = "transliteration variant"

#: Score of two spellings that one of the transliteration systems' folding makes equal.
SYSTEMS_SCORE = 0.9

#: Leftover words this close (Jaro-Winkler) are one word spelled apart, not a contradiction
#: ("Grigorievich" / "Hryhoryavich"); they count as a weak match.
SIMILAR_MIN = 0.85
SIMILAR_FACTOR = 0.8


def compare_tokens(a: Token, b: Token, person: bool) -> tuple[float, str]:
    """Score in [0, 1] and how the two tokens matched ("" when they did not)."""
    if a.text == b.text:
        return 1.0, SCRIPT if a.foreign != b.foreign else EXACT
    if (a.forms or b.forms) and _spellings(a) & _spellings(b):
        return 1.0, SCRIPT  # one of ICU's systems spells them alike
    shared = a.symbols & b.symbols
    if shared:
        name_symbol = any(s.startswith("NAME:") or s.startswith("NICK:") for s in shared)
        return (0.9, SYMBOL) if name_symbol else (0.9, TERM)
    if person and (a.initial or b.initial):
        short, long_ = (a, b) if a.initial else (b, a)
        if long_.surname and not long_.initial:
            return 0.0, ""  # "V." is a given name or a patronymic, never "Putin"
        return (0.7, INITIAL) if _initials(short) & _initials(long_) else (0.0, "")
    score, how = _spelling(a.text, b.text)
    if a.forms or b.forms:
        for x in a.forms or (a.text,):
            for y in b.forms or (b.text,):
                found = _spelling(x, y)
                if found[0] > score:
                    score, how = found
    if score == 0.0 and a.keys & b.keys:
        return SYSTEMS_SCORE, SYSTEMS  # too far apart to be a typo: another system's spelling

    abjad = a.abjad or b.abjad
    if abjad and score < 0.85 and len(a.skeleton) >= 2 and a.skeleton == b.skeleton:
        return 0.85, CONSONANTS
    return score, how


def _spellings(token: Token) -> frozenset[str]:
    return frozenset((token.text, *token.forms))


def _initials(token: Token) -> frozenset[str]:
    """First letters of every spelling, folded like the transliteration systems (an ``I.``,
    a ``J.`` and a ``Y.`` can all stand for ``Юрий``)."""
    return frozenset(fold_letter(f[:1]) for f in _spellings(token) if f)


@lru_cache(maxsize=500_000)
def _spelling(a: str, b: str) -> tuple[float, str]:
    if not (a.isascii() and b.isascii()):
        return 0.0, ""  # one Han character is a word: no edit budget in ideographs
    longest = max(len(a), len(b))
    budget = _edit_budget(longest)
    if budget and abs(len(a) - len(b)) <= budget:
        distance = raw_levenshtein(a, b)
        if distance <= budget:
            return 1.0 - distance / longest, SPELLING
    if longest >= 4 and a[0] == b[0]:
        from rigour.text.phonetics import metaphone

        sound_a, sound_b = metaphone(a), metaphone(b)
        if len(sound_a) >= 2 and sound_a == sound_b:
            return 0.8, PHONETIC
    return 0.0, ""


def _edit_budget(length: int) -> int:
    """Edits allowed before two words are different words: none for short ones."""
    if length <= 3:
        return 0
    if length <= 6:
        return 1
    if length <= 10:
        return 2
    return 3


def similar(a: Token, b: Token) -> float:
    """A weak score for two leftover words that look alike; 0.0 when they do not."""
    if len(a.text) < 4 or len(b.text) < 4 or not (a.text.isascii() and b.text.isascii()):
        return 0.0
    closeness = raw_jaro_winkler(a.text, b.text)
    return round(closeness * SIMILAR_FACTOR, 4) if closeness >= SIMILAR_MIN else 0.0
