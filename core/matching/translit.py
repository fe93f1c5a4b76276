"""More than one transliteration: a word written in Cyrillic or Greek has several Latin
spellings (BGN/PCGN, ISO 9, the Ukrainian and Belarusian systems), and a Latin spelling of a
Slavic name may come from any of them (``Yuriy``, ``Iurii``, ``Jurij``; ``Zhuravleva``,
``Žuravleva``). The tables are ICU's transforms (PyICU), never typed here:

* ``latin_forms(word)``: every spelling ICU's transforms give a Cyrillic or Greek word;
* ``translit_key(word)``: a Latin spelling folded so that the systems agree. The folding is
  derived from the same transforms: every multi-letter rendering of a Cyrillic letter (``kh``,
  ``zh``, ``shch``, ``ts``) becomes its shortest rendering (``h``, ``z``, ``s``, ``c``), letters
  that render one Cyrillic letter in different systems (``y``/``j``/``i`` for ``й``) become
  one, doubled letters one; and the iotation of a vowel (``ya``/``ia``/``ja``) is dropped,
  which is how the systems differ most.

The transforms are built once per process on first use (``functools.cache``): nothing here
is shared between processes or pickled, so a worker pool builds its own.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from rigour.text.scripts import text_scripts
from rigour.text.translit import ascii_text

#: ICU transforms by script; each gives one spelling (then folded to ASCII).
_TRANSFORMS = {
    "Cyrillic": (
        "Russian-Latin/BGN",
        "Ukrainian-Latin/BGN",
        "Cyrillic-Latin",  # ISO 9
    ),
    "Greek": ("Greek-Latin/BGN", "Greek-Latin"),
}
#: The Cyrillic letters of Russian, Ukrainian and Belarusian, whose renderings are folded.
_CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяєіїґў"
_BELARUSIAN = re.compile("[ўі]")
_IOTATED = re.compile(r"[ij](?=[aeou])")
_NOT_LETTER = re.compile(r"[^a-z]")
#: Patronymic endings on a folded word (``i`` and ``y`` fold to ``j``, ``ch`` to ``c``).
_PATRONYMIC = re.compile(r"(?:[oeja]v|[aeo]u)(?:jc|jtc)$|(?:ovn|evn|jvn|aun|eun|jcn)a$")


@cache
def _transliterator(ids: str) -> Any:
    import icu

    return icu.Transliterator.createInstance(f"{ids}; Latin-ASCII; Lower")


def _run(ids: str, text: str) -> str:
    return str(_transliterator(ids).transliterate(text))


@lru_cache(maxsize=100_000)
def latin_forms(word: str) -> tuple[str, ...]:
    """The ASCII spellings ICU's transforms give a word in Cyrillic or Greek; () otherwise."""
    scripts = text_scripts(word)
    if len(scripts) != 1:
        return ()
    transforms = _TRANSFORMS.get(next(iter(scripts)), ())
    if _BELARUSIAN.search(word):  # its system reads Russian words wrongly: only for its own
        transforms = (*transforms, "Belarusian-Latin/BGN")
    forms = (_NOT_LETTER.sub("", _run(t, word)) for t in transforms)
    return tuple(dict.fromkeys(f for f in forms if f))


@cache
def _folding() -> tuple[tuple[tuple[str, str], ...], dict[str, str]]:
    """(multi-letter rendering → shortest rendering, longest first; letter → class letter),
    derived from the renderings ICU's Cyrillic transforms give each letter."""
    digraphs: dict[str, str] = {}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for letter in _CYRILLIC:
        systems = (*_TRANSFORMS["Cyrillic"], "Belarusian-Latin/BGN")
        renderings = {_NOT_LETTER.sub("", _run(t, letter)) for t in systems}
        renderings.discard("")
        if not renderings:
            continue
        shortest = min(renderings, key=lambda r: (len(r), r))
        for r in renderings:
            if len(r) > 1 and r != shortest:
                digraphs.setdefault(r, shortest)
        singles = sorted(r for r in renderings if len(r) == 1)
        for r in singles[1:]:
            parent[find(r)] = find(singles[0])
    classes = {x: find(x) for x in parent}
    ordered = tuple(sorted(digraphs.items(), key=lambda kv: (-len(kv[0]), kv[0])))
    return ordered, classes


@lru_cache(maxsize=200_000)
def translit_key(word: str) -> str:
    """A Latin spelling folded so that Slavic transliteration systems agree; "" for words
    too short to fold safely."""
    text = _NOT_LETTER.sub("", ascii_text(word).lower().replace("x", "ks"))
    if len(text) < 4:
        return ""
    digraphs, classes = _folding()
    for long, short in digraphs:
        if long in text:
            text = text.replace(long, short)
    text = _IOTATED.sub("", text)
    out: list[str] = []
    for ch in text:
        ch = classes.get(ch, ch)
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=100_000)
def is_patronymic(key: str) -> bool:
    """A folded word with a Slavic patronymic ending (``-ovich``, ``-evna``, ``-ivna``,
    ``-auna``, ``-ovitch``): a father's name, not the person's own."""
    return len(key) >= 6 and _PATRONYMIC.search(key) is not None


def fold_letter(letter: str) -> str:
    """One Latin letter as the transliteration systems' folding writes it (``y``, ``i`` → ``j``)."""
    return _folding()[1].get(letter, letter)
