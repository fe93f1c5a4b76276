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

from core.errors import BadInputError
from core.queries.database import Database
from core.queries.filters import kinds as valid_kinds
from core.queries.rows import ENTITY_MAP, EntityRow, SearchHitRow

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


def matched_name(text: str, entity: EntityRow) -> str:
    """Which of the entity's names (name or an alias) best matches the searched text."""
    wanted = " ".join(words(text))

    def closeness(candidate: str) -> tuple[int, float]:
        got = " ".join(words(candidate))
        shared = len(set(wanted.split()) & set(got.split()))
        return shared, SequenceMatcher(None, wanted, got).ratio()

    return max((entity.name, *entity.aliases), key=closeness)


async def search(
    db: Database, text: str, *, kinds: Sequence[str] | None = None, first: int = 10
) -> list[SearchHitRow]:
    """Best hit first (Lucene's score; ``first`` validated by the caller)."""
    query = lucene_query(text)
    if first == 0:
        return []
    params = {"query": query, "kinds": valid_kinds(kinds), "first": first}
    rows = await db.read(_QUERY, params)
    hits = []
    for row in rows:
        entity = EntityRow.of(row["e"])
        hits.append(SearchHitRow(entity, float(row["score"]), matched_name(text, entity)))
    return hits
