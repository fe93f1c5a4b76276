"""Full-text search over entity names and aliases (the ``entity_names`` index).

User text never reaches Lucene as syntax: it is cut into words, each word is escaped, and
the query is assembled here from those words: an exact phrase (boosted), every exact
word (boosted), and a fuzzy ``~1`` variant of every word long enough for an edit to be
meaningful. The index's ``standard-folding`` analyzer folds case and accents; the words
are folded the same way here because fuzzy terms bypass the analyzer's tokenizer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import LiteralString

import anyio.to_thread

from entanglements.core.db.database import Database
from entanglements.core.errors import BadInputError
from entanglements.core.matching import Party, compare
from entanglements.core.matching.screening import party_of
from entanglements.core.reads.filters import kinds as valid_kinds
from entanglements.core.reads.records import ENTITY_MAP, EntityRow, SearchHitRow

MAX_TEXT = 200
MAX_WORDS = 12
#: Words shorter than this match exactly only: one edit in "xi" or "an" matches anything.
FUZZY_MIN_LENGTH = 4

#: Words as Lucene's standard tokenizer sees them: an apostrophe inside a word (Xi'an)
#: does not split it.
_WORD = re.compile(r"\w+(?:'\w+)*", re.UNICODE)
_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')

_QUERY: LiteralString = (
    "CALL db.index.fulltext.queryNodes('entity_names', $query) YIELD node, score "
    "WHERE $kinds IS NULL OR node.kind IN $kinds "
    "RETURN node {" + ENTITY_MAP + "} AS e, score LIMIT $first"
)


def fold(text: str) -> str:
    """Lower case without accents (Müller -> muller), like the index's analyzer."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("\u2019", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def escape(word: str) -> str:
    """Backslash-escape Lucene's operators (``\\w`` words have none, but be certain)."""
    return _LUCENE_SPECIAL.sub(r"\\\1", word)


def lucene_query(text: str) -> str:
    """The Lucene query for what a person typed; BAD_USER_INPUT when nothing is searchable."""
    if len(text) > MAX_TEXT:
        raise BadInputError(f"text: at most {MAX_TEXT} characters")
    found = words(text)
    if not found:
        raise BadInputError("text: nothing to search for (no letters or digits)")
    found = list(dict.fromkeys(found))[:MAX_WORDS]
    # Lower-cased words cannot be read as AND/OR/NOT operators, which Lucene wants upper case.
    clauses = [f"{escape(w)}^2" for w in found]
    clauses += [f"{escape(w)}~1" for w in found if len(w) >= FUZZY_MIN_LENGTH]
    if len(found) > 1:
        clauses.insert(0, '"' + " ".join(escape(w) for w in found) + '"^4')
    return " ".join(clauses)


def _close(wanted: str, got: str) -> bool:
    """Equal, or (for words long enough to be fuzzy) one edit apart, as the query allows."""
    if wanted == got:
        return True
    if len(wanted) < FUZZY_MIN_LENGTH or abs(len(wanted) - len(got)) > 1:
        return False
    i = 0
    while i < min(len(wanted), len(got)) and wanted[i] == got[i]:
        i += 1
    # One substitution, insertion or deletion at the first difference, the rest equal.
    return (
        wanted[i + 1 :] == got[i + 1 :] or wanted[i:] == got[i + 1 :] or wanted[i + 1 :] == got[i:]
    )


def coverage(wanted: Sequence[str], candidate: str) -> int:
    """How many of the searched words a name contains (exactly or within one edit)."""
    got = words(candidate)
    return sum(1 for w in wanted if any(_close(w, g) for g in got))


def _best_name(text: str, entity: EntityRow) -> tuple[str, int]:
    wanted = list(dict.fromkeys(words(text)))
    folded = " ".join(wanted)

    def closeness(candidate: str) -> tuple[int, float]:
        ratio = SequenceMatcher(None, folded, " ".join(words(candidate))).ratio()
        return coverage(wanted, candidate), ratio

    name = max((entity.name, *entity.aliases), key=closeness)
    return name, coverage(wanted, name)


def matched_name(text: str, entity: EntityRow) -> str:
    """Which of the entity's names (name or an alias) best matches the searched text."""
    return _best_name(text, entity)[0]


#: Extra Lucene candidates re-ranked per search: Lucene sums its score over every alias,
#: so a name stating all the searched words can trail one with many partial aliases.
RERANK_EXTRA = 50


def exact_key(text: str) -> str:
    """A name as compared for an exact hit: folded, apostrophes and punctuation dropped
    (``Xi'an Jiaotong-Liverpool University`` = ``xian jiaotong liverpool university``)."""
    return " ".join(w.replace("'", "") for w in words(text))


def rank(text: str, rows: Sequence[tuple[EntityRow, float]]) -> list[SearchHitRow]:
    """Best first: an entity with a name or alias equal to the text (``exact_key``), then
    by the matcher's score of the text against the entity's names, then by how many of the
    searched words the best name covers, then by Lucene's relevance.

    ``score`` is the matcher's score (an exact name scores 1.0). CPU-bound: the caller runs
    it off the event loop."""
    wanted = exact_key(text)
    ranked = []
    for entity, lucene in rows:
        name, covered = _best_name(text, entity)
        exact = next((n for n in (entity.name, *entity.aliases) if exact_key(n) == wanted), None)
        score = 1.0 if exact else compare(Party(entity.kind, (text,)), party_of(entity)).score
        order = (exact is not None, score, covered, lucene)
        ranked.append((order, SearchHitRow(entity, score, exact or name)))
    ranked.sort(key=lambda pair: pair[0], reverse=True)
    return [hit for _, hit in ranked]


async def search(
    db: Database, text: str, *, kinds: Sequence[str] | None = None, first: int = 10
) -> list[SearchHitRow]:
    """Best hit first (``first`` validated by the caller); the order and ``score`` are
    ``rank``'s, over Lucene's best ``first + RERANK_EXTRA`` candidates."""
    query = lucene_query(text)
    if first == 0:
        return []
    params = {"query": query, "kinds": valid_kinds(kinds), "first": first + RERANK_EXTRA}
    rows = await db.read(_QUERY, params)
    found = [(EntityRow.of(row["e"]), float(row["score"])) for row in rows]
    return (await anyio.to_thread.run_sync(rank, text, found))[:first]
