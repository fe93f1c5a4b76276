"""Align two names token by token, whatever their order, and score the alignment.

The score is a weighted average over every token of both names: aligned pairs count with
how well they agree, tokens left over count as disagreement. What a leftover costs
depends on what it is: an unmatched distinctive word of an organisation ("Liverpool" in
"Xi'an Jiaotong-Liverpool University") weighs more than a matched word, so sibling
institutions stay apart; a person's extra middle name or patronymic weighs little unless
the other name has an unmatched one too (then they contradict). Numbers must agree
("Victory 3" is not "Victory"), legal forms are compared as classes, and one shared
common word between multi-word person names is not enough.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rigour.names import tokenize_name
from rigour.text import is_stopword
from rigour.text.translit import ascii_text

from entanglements.core.matching.analysis import AnalysedName, Role, Token, skeleton
from entanglements.core.matching.tokens import EXACT, SCRIPT, SIMILAR, compare_tokens, similar

#: Weight of a matched token by role.
_MATCHED = {Role.CORE: 1.0, Role.GENERIC: 0.5, Role.STOP: 0.2}
#: Weight of an unmatched organisation token by role.
_ORG_EXTRA = {Role.CORE: 1.5, Role.GENERIC: 0.3, Role.STOP: 0.1}
#: Unmatched person tokens: cheap when only one side has extras, costly when both do.
_PERSON_EXTRA_ALONE = 0.15
_PERSON_EXTRA_BOTH = 2.0
#: Weight of a matched pair that is an initial on one side at least.
_INITIAL_WEIGHT = 0.5
#: Score cap when names of several words share just one distinctive word.
_ONE_WORD_CAP = 0.6
#: Factors for numbers that disagree and for legal forms of different classes.
NUMBER_FACTOR = 0.4
LEGAL_FACTOR = 0.92


@dataclass(frozen=True, slots=True)
class Pair:
    query: str
    candidate: str
    score: float
    how: str


@dataclass(frozen=True, slots=True)
class NameMatch:
    score: float
    query: str
    candidate: str
    pairs: tuple[Pair, ...]
    query_extra: tuple[str, ...]
    candidate_extra: tuple[str, ...]
    notes: tuple[str, ...]
    #: (weight, detail) when one name or both had a qualifier cut off (organisations)
    qualifier: tuple[float, str] | None = None

    @property
    def effective(self) -> float:
        """The score with the qualifier's weight: what ranks one pair of names above another."""
        return self.score + (self.qualifier[0] if self.qualifier else 0.0)

    def explain(self) -> str:
        if self.score == 0.0 and not self.pairs:
            return f"{self.query!r} vs {self.candidate!r}: no word in common" + _notes(self.notes)
        parts = [f"{p.query}={p.candidate} ({p.how})" for p in self.pairs]
        parts += [f"+{t} (only in query)" for t in self.query_extra]
        parts += [f"+{t} (only in candidate)" for t in self.candidate_extra]
        head = f"{self.query!r} ~ {self.candidate!r}"
        return f"{head}: {', '.join(parts)}" + _notes(self.notes)


def _notes(notes: tuple[str, ...]) -> str:
    return "; " + "; ".join(notes) if notes else ""


def match_names(query: AnalysedName, candidate: AnalysedName, person: bool) -> NameMatch:
    """Align and score one query name against one candidate name."""
    if person and (query.legal or candidate.legal):
        side = query if query.legal else candidate
        return NameMatch(
            0.0,
            query.original,
            candidate.original,
            (),
            (),
            (),
            (f"{side.original!r} has a legal form: an organisation's name, not a person's",),
        )
    q_tokens = [t for t in query.tokens if t.role is not Role.LEGAL]
    c_tokens = [t for t in candidate.tokens if t.role is not Role.LEGAL]
    pairs, q_left, c_left = _align(q_tokens, c_tokens, person)
    score = _score(pairs, q_tokens, c_tokens, (q_left, c_left), person)
    notes: list[str] = []
    if query.key == candidate.key and query.key:
        score = 1.0
    if person and _one_shared_word(pairs, q_tokens, c_tokens) and score > _ONE_WORD_CAP:
        score = _ONE_WORD_CAP
        notes.append("only one word in common")
    if query.numbers != candidate.numbers:
        score *= NUMBER_FACTOR
        notes.append(f"numbers differ: {_nums(query)} vs {_nums(candidate)}")
    if query.legal and candidate.legal and not query.legal & candidate.legal:
        score *= LEGAL_FACTOR
        notes.append(
            f"legal forms differ: {'/'.join(sorted(query.legal))} vs "
            f"{'/'.join(sorted(candidate.legal))}"
        )
    return NameMatch(
        score=round(score, 4),
        query=query.original,
        candidate=candidate.original,
        pairs=tuple(Pair(qt, ct, s, how) for _, _, s, how, qt, ct in pairs),
        query_extra=tuple(q_tokens[i].text for i in q_left),
        candidate_extra=tuple(c_tokens[j].text for j in c_left),
        notes=tuple(notes),
        qualifier=_parent(query, candidate)
        or qualifier_outcome(query.qualifier, candidate.qualifier),
    )


#: Qualifier weights: only one name has one; both have the same; they differ.
QUALIFIER_ONE_SIDE = -0.05
QUALIFIER_AGREE = 0.02
QUALIFIER_DIFFER = -0.4
QUALIFIER_PARENT = -0.5


def _parent(query: AnalysedName, candidate: AnalysedName) -> tuple[float, str] | None:
    """One name is the other's parent (``Academy of Military Science`` against ``Academy of
    Military Medical Sciences, Academy of Military Science``): two parties."""
    for name, other, side in ((query, candidate, "query"), (candidate, query, "candidate")):
        parent = other.qualifier or other.tail
        if parent and not (name.qualifier or name.tail) and _same_words(name.original, parent):
            return QUALIFIER_PARENT, f"the {side} is the other's parent: {name.original!r}"
    return None


def _same_words(a: str, b: str) -> bool:
    return _qualifier_words(a) == _qualifier_words(b)


def qualifier_outcome(query: str, candidate: str) -> tuple[float, str] | None:
    """What the organisations' qualifiers say: a parent or place on one side only is how
    lists write a name (``…, Chinese Academy of Sciences``) and costs little; two different
    ones are two branches (``(Beijing)`` / ``(Shanghai)``)."""
    if not query and not candidate:
        return None
    if not (query and candidate):
        side, text = ("query", query) if query else ("candidate", candidate)
        return QUALIFIER_ONE_SIDE, f"qualifier only in {side}: {text!r}"
    a, b = _qualifier_words(query), _qualifier_words(candidate)
    if a and b and len(a & b) * 2 >= min(len(a), len(b)):
        return QUALIFIER_AGREE, f"qualifiers agree: {query!r} / {candidate!r}"
    return QUALIFIER_DIFFER, f"qualifiers differ: {query!r} vs {candidate!r}"


def _qualifier_words(text: str) -> set[str]:
    return {w for w in tokenize_name(ascii_text(text).lower()) if not is_stopword(w)}


def _nums(name: AnalysedName) -> str:
    return ",".join(sorted(name.numbers)) or "none"


Aligned = list[tuple[int, int, float, str, str, str]]


def _align(q: list[Token], c: list[Token], person: bool) -> tuple[Aligned, list[int], list[int]]:
    """Words written as one on the other side first ("Abdul Rahman" / "Abdulrahman"), then
    greedy best-first pairing (ties: nearer positions, then earlier)."""
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs = _joined(q, c, used_q, used_c, person)
    pairs += [
        (i, j, s, how, qt, ct) for j, i, s, how, ct, qt in _joined(c, q, used_c, used_q, person)
    ]
    scored: list[tuple[float, int, int, int, str]] = []
    for i, qt in enumerate(q):
        if i in used_q:
            continue
        for j, ct in enumerate(c):
            if j in used_c:
                continue
            score, how = compare_tokens(qt, ct, person)
            if score > 0.0:
                scored.append((-score, abs(i - j), i, j, how))
    scored.sort()
    for neg, _, i, j, how in scored:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        pairs.append((i, j, -neg, how, q[i].text, c[j].text))
    pairs += _similar(q, c, used_q, used_c)
    pairs.sort()
    q_left = [i for i in range(len(q)) if i not in used_q]
    c_left = [j for j in range(len(c)) if j not in used_c]
    return pairs, q_left, c_left


def _similar(q: list[Token], c: list[Token], used_q: set[int], used_c: set[int]) -> Aligned:
    """Pair what is left on both sides when two words look alike (a weak match)."""
    scored = sorted(
        (-s, i, j)
        for i, qt in enumerate(q)
        if i not in used_q and qt.role is not Role.STOP
        for j, ct in enumerate(c)
        if j not in used_c and ct.role is not Role.STOP
        if not (qt.patronymic and ct.patronymic)  # alike by their ending: different fathers
        for s in (similar(qt, ct),)
        if s > 0.0
    )
    out: Aligned = []
    for neg, i, j in scored:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        out.append((i, j, -neg, SIMILAR, q[i].text, c[j].text))
    return out


def _joined(
    a: list[Token], b: list[Token], used_a: set[int], used_b: set[int], person: bool
) -> Aligned:
    """Runs of two or three adjacent words of ``a`` that are one word of ``b``."""
    out: Aligned = []
    for size in (3, 2):
        for i in range(len(a) - size + 1):
            run = range(i, i + size)
            if any(k in used_a or len(a[k].text) < 2 or a[k].initial for k in run):
                continue
            length = sum(len(a[k].text) for k in run)
            joined: Token | None = None
            for j, bt in enumerate(b):
                if j in used_b or len(bt.text) < 4:
                    continue
                if abs(len(bt.text) - length) > _JOIN_SLACK and not bt.abjad:
                    continue  # no spelling budget bridges that: not worth comparing
                joined = joined or _join([a[k] for k in run])
                score, how = compare_tokens(joined, bt, person)
                if score >= 0.85:
                    used_a.update(run)
                    used_b.add(j)
                    label = "joined" if how in (EXACT, SCRIPT) else f"joined, {how}"
                    out.append(
                        (i, j, min(score, 0.95), label, " ".join(a[k].text for k in run), bt.text)
                    )
                    break
    return out


#: The largest length difference a joined run and a word can have and still match (the
#: edit budget of the longest words); abjad transliterations are compared by consonants.
_JOIN_SLACK = 3


def _join(tokens: list[Token]) -> Token:
    text = "".join(t.text for t in tokens)
    first = tokens[0]
    return Token(text, first.role, "", skeleton(text), frozenset(), first.foreign, first.abjad)


def _score(
    pairs: Aligned, q: list[Token], c: list[Token], left: tuple[list[int], list[int]], person: bool
) -> float:
    total = weights = 0.0
    for i, j, score, *_ in pairs:
        weight = max(_MATCHED.get(q[i].role, 1.0), _MATCHED.get(c[j].role, 1.0))
        if person and (q[i].initial or c[j].initial):
            weight = _INITIAL_WEIGHT  # "V." says less than "Vladimir"
        total += score * weight
        weights += weight
    q_left, c_left = left
    if person:
        both = any(q[i].role is Role.CORE for i in q_left) and any(
            c[j].role is Role.CORE for j in c_left
        )
        alone = _PERSON_EXTRA_BOTH if both else _PERSON_EXTRA_ALONE
        # a family name left over is another person's, where initials or a patronymic make
        # the layout sure (Arabic names on lists move between the comma's sides), unless
        # the name's family name matched (the rest of a double one: "BARAKZAI ANSARI")
        q_family = _family_matched(q, (i for i, *_ in pairs))
        c_family = _family_matched(c, (j for _, j, *_ in pairs))
        weights += sum(_person_extra(q[i], alone, q_family) for i in q_left)
        weights += sum(_person_extra(c[j], alone, c_family) for j in c_left)
    else:
        conflict = any(q[i].role is not Role.STOP for i in q_left) and any(
            c[j].role is not Role.STOP for j in c_left
        )
        extras = [q[i] for i in q_left] + [c[j] for j in c_left]
        weights += sum(_org_extra(t.role, conflict) for t in extras)
    return total / weights if weights else 0.0


def _family_matched(tokens: list[Token], matched: Iterable[int]) -> bool:
    """True unless the layout is sure of the family name and it was left unmatched."""
    if not any(t.initial or t.patronymic for t in tokens):
        return True
    return any(tokens[k].surname for k in matched)


def _person_extra(token: Token, alone: float, family_matched: bool) -> float:
    if token.role is not Role.CORE:
        return _MATCHED[token.role] * 0.5
    if token.surname and not family_matched:
        return _PERSON_EXTRA_BOTH  # a family name the other name lacks: another person
    return alone * 0.5 if token.initial else alone  # an initial says less than a word


def _org_extra(role: Role, conflict: bool) -> float:
    """An extra generic word costs little, unless the other name has its own in its place
    ("Commercial Bank of Syria" / "Central Bank of Syria")."""
    if conflict and role is Role.GENERIC:
        return _ORG_EXTRA[Role.CORE]
    return _ORG_EXTRA.get(role, 1.0)


def _one_shared_word(pairs: Aligned, q: list[Token], c: list[Token]) -> bool:
    core_q = sum(1 for t in q if t.role is Role.CORE)
    core_c = sum(1 for t in c if t.role is Role.CORE)
    matched = [p for p in pairs if Role.CORE in (q[p[0]].role, c[p[1]].role)]
    initials = sum(1 for i, j, *_ in matched if q[i].initial or c[j].initial)
    # matching initials are evidence too ("KRATOV D.B." / "Dmitry Borisovich Kratov"),
    # unless a full word is left over ("Leila N.S." / "Nadim S.": the given names differ)
    used_q = {i for i, *_ in pairs}
    used_c = {j for _, j, *_ in pairs}
    words_left = any(
        t.role is Role.CORE and not t.initial
        for tokens, used in ((q, used_q), (c, used_c))
        for k, t in enumerate(tokens)
        if k not in used
    )
    lifted = initials and not words_left
    return len(matched) - initials <= 1 and not lifted and max(core_q, core_c) >= 2
