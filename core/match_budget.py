"""What matching may cost, checked before the work starts.

The matcher aligns every name of one party with every name of the other, word by word, so
its time grows with the product of the two parties' words (over all their names and
aliases): 36 names of 70 words a side is 6.4 million word pairs, about 35 s of CPU. The
unit here is that product, *word pairs*; on a quiet machine one costs about 5 µs, on a
loaded one 15 µs (docs/reliability.md).

- One party (a screening query, one side of ``compare``) has at most
  ``ENTANGLE_MAX_MATCH_WORDS`` words over its names.
- One ``screenMany`` has at most ``ENTANGLE_MAX_SCREEN_WORDS`` query words in all: both
  refused before any lookup, with ``BAD_USER_INPUT`` naming the limit.
- Once the candidates are fetched, and before any is scored, the word pairs of the whole
  request (each query's words times its candidates' words) must stay within
  ``ENTANGLE_MAX_MATCH_WORK``. Candidates per query are bounded by the screening pool, and
  names per stored entity by the ingest (``MAX_ENTITY_NAMES`` in core/models.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from entanglements.core.errors import BadInputError
from entanglements.core.matching.party import Party
from entanglements.core.matching.screening import party_of
from entanglements.core.reads.records import EntityRow
from entanglements.core.settings import Settings


def words(party: Party) -> int:
    """Words over every name, alias and weak alias of a party."""
    return sum(len(n.split()) for n in (*party.names, *party.weak_aliases))


def check_party(settings: Settings, party: Party, where: str) -> int:
    """The party's words; BAD_USER_INPUT (prefixed ``where``) above the limit."""
    count = words(party)
    if count > settings.max_match_words:
        raise BadInputError(
            f"{where}: {count} words in its names and aliases; at most "
            f"{settings.max_match_words} (ENTANGLE_MAX_MATCH_WORDS)"
        )
    return count


def check_queries(
    settings: Settings, parties: Sequence[Party], indices: Sequence[int] | None = None
) -> None:
    """Every query within the per-party limit, and all of them within the request's;
    ``indices`` are the parties' places among the request's queries (default: in order)."""
    where = indices if indices is not None else range(len(parties))
    total = sum(
        check_party(settings, p, f"queries[{i}]") for i, p in zip(where, parties, strict=True)
    )
    if total > settings.max_screen_words:
        raise BadInputError(
            f"queries: {total} words in all their names and aliases; at most "
            f"{settings.max_screen_words} per request (ENTANGLE_MAX_SCREEN_WORDS): "
            "send fewer queries or fewer aliases"
        )


def check_compare(settings: Settings, a: Party, b: Party) -> None:
    work = check_party(settings, a, "a") * check_party(settings, b, "b")
    _check_work(settings, work)


def check_candidates(
    settings: Settings, parties: Sequence[Party], rows: list[dict[str, Any]]
) -> None:
    """The word pairs scoring these candidates would cost, within the request's budget."""
    work = 0
    for row in rows:
        query_words = words(parties[row["i"]])
        work += query_words * sum(words(party_of(EntityRow.of(c))) for c in row["candidates"])
    _check_work(settings, work)


def _check_work(settings: Settings, work: int) -> None:
    if work > settings.max_match_work:
        raise BadInputError(
            f"matching would compare {work:,} word pairs; at most "
            f"{settings.max_match_work:,} per request (ENTANGLE_MAX_MATCH_WORK): "
            "send fewer queries, names or aliases"
        )
